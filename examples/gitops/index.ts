/**
 * GitOps for Pinterest audiences: every YAML file under audiences/ declares one audience, and the file's
 * base name is its Pulumi resource name (audiences/pin-engagers.yaml -> "pin-engagers"). Renaming a file
 * therefore replaces the audience; change the `name:` inside it to rename the audience in place.
 *
 * Credentials never appear here: the provider reads them from the stack configuration
 * (`pulumi config set --secret pinterest:accessToken …`) or from PINTEREST_ACCESS_TOKEN.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Audience, AudienceSharing, loadDeclarationsOrThrow, sharingArgs } from "pulumi-pinterest-audiences";

/** Where the declarations live; `pinterest-audiences validate audiences/` checks the same files. */
const declarationsDir = path.join(__dirname, "audiences");

// Throws one error listing every invalid file (`file:line: property: reason`), so the preview stops before
// anything is planned: a half-applied set of audiences is worse than none.
const declarations = loadDeclarationsOrThrow(declarationsDir);
if (declarations.length === 0) {
  pulumi.log.warn(`No audience declarations in ${declarationsDir}: this stack manages no audiences, and an up removes any it managed before.`);
}

/** Pinterest's audience ids by resource name (the file's base name). */
export const audienceIds: Record<string, pulumi.Output<string>> = {};
/** The ids of the sharing resources (each the id of the audience it shares), by resource name (`<file>-sharing`). */
export const sharingIds: Record<string, pulumi.Output<string>> = {};

for (const { resourceName, declaration, sharedWith, options } of declarations) {
  // The declaration is the file's content (without `$schema`, `sharedWith`, `protect` and `retainOnDelete`):
  // adAccountId, name, description, audienceType, rule and, to adopt an existing audience, importId. The file's
  // `protect` and `retainOnDelete` are Pulumi's resource options (`pinterest-audiences import` writes
  // `protect: true` on what it adopts, so destroy cannot remove what existed before the stack).
  const audience = new Audience(resourceName, declaration, options);
  audienceIds[resourceName] = audience.id;
  // `sharedWith` in the file: who else may use the audience, managed as its own resource. It takes the audience's
  // id, so Pulumi shares a new audience once it exists. A list the file leaves out is not managed.
  if (sharedWith) {
    const sharing = new AudienceSharing(`${resourceName}-sharing`, sharingArgs(declaration, audience.id, sharedWith));
    sharingIds[`${resourceName}-sharing`] = sharing.id;
  }
}
