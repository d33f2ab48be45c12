/**
 * Writing declarations as files: YAML with an editor's schema modeline, or JSON with `$schema`, keys in a fixed order.
 */
import { stringify } from "yaml";
import type { Declaration, SharedWith } from "./types";

/**
 * Where editors find the schema by default: the installed package's schema.json, relative to a declaration file
 * in a folder of the project (`audiences/x.yaml` -> `../node_modules/pulumi-pinterest-audiences/schema.json`).
 * A relative path works offline and before the package is published; `pinterest-audiences import` computes the
 * right one for the folder it writes to.
 */
export const DEFAULT_SCHEMA_REF = "../node_modules/pulumi-pinterest-audiences/schema.json";

/** The order of keys in written declarations. */
const KEY_ORDER: readonly (keyof Declaration)[] = [
  "adAccountId",
  "name",
  "description",
  "audienceType",
  "importId",
  "protect",
  "retainOnDelete",
  "rule",
  "sharedWith",
];

/** The declaration's fields in the written order, without `$schema` and without an empty description. */
export function ordered(declaration: Declaration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = key === "sharedWith" ? orderedSharing(declaration.sharedWith) : declaration[key];
    if (value === undefined || value === null || (key === "description" && value === "")) continue;
    out[key] = value;
  }
  return out;
}

/** `sharedWith` with ad accounts first, or undefined when it gives no list. */
export function orderedSharing(sharedWith: SharedWith | undefined): SharedWith | undefined {
  if (sharedWith === undefined || sharedWith === null) return undefined;
  const out: SharedWith = {};
  if (sharedWith.adAccountIds !== undefined) out.adAccountIds = sharedWith.adAccountIds;
  if (sharedWith.businessIds !== undefined) out.businessIds = sharedWith.businessIds;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A declaration as a YAML file. The first line is the yaml-language-server modeline
 * (`# yaml-language-server: $schema=<ref>`), which the VS Code YAML extension and other editors using that
 * server honour; a `$schema` key is not written (only recent releases of that server read it).
 * @param schemaRef URL or path (relative to the file) of schema.json; {@link DEFAULT_SCHEMA_REF} when left out.
 */
export function toYaml(declaration: Declaration, schemaRef: string = DEFAULT_SCHEMA_REF): string {
  return `# yaml-language-server: $schema=${schemaRef}\n${stringify(ordered(declaration), { lineWidth: 0 })}`;
}

/**
 * A declaration as a JSON file, with a `$schema` key (which editors honour in JSON files).
 * @param schemaRef URL or path (relative to the file) of schema.json; {@link DEFAULT_SCHEMA_REF} when left out.
 */
export function toJson(declaration: Declaration, schemaRef: string = DEFAULT_SCHEMA_REF): string {
  return `${JSON.stringify({ $schema: schemaRef, ...ordered(declaration) }, null, 2)}\n`;
}
