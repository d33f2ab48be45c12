/**
 * Declaration files for a Pulumi program: the valid declarations ready for `new Audience` (or one error listing
 * every failure), their resource options, and the arguments of the `AudienceSharing` of a declared audience.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AudienceDeclaration } from "../audience/args";
import type { AudienceSharingArgs } from "../sharing/resource";
import { formatFailures, loadDeclarations } from "./load";
import type { DeclaredResourceOptions, SharedWith } from "./types";

/** One valid declaration file, as {@link loadDeclarationsOrThrow} returns it. */
export interface DeclaredAudience {
  /** The Pulumi resource name: the file's base name without its extension. */
  resourceName: string;
  /** The file's path, as found. */
  file: string;
  /** The audience, typed by its `audienceType`, without `sharedWith`: ready for `new Audience(resourceName, declaration)`. */
  declaration: AudienceDeclaration;
  /**
   * Who the audience is shared with, when the file says so: declare it with
   * `new AudienceSharing(\`${resourceName}-sharing\`, sharingArgs(declaration, audience.id, sharedWith))`.
   */
  sharedWith?: SharedWith;
  /**
   * The file's `protect` and `retainOnDelete` (empty when it states neither): pass them as the audience's resource
   * options, `new Audience(resourceName, declaration, options)`.
   */
  options: DeclaredResourceOptions;
}

/**
 * Loads declarations for a program and throws one error listing every failure, so `pulumi preview` stops with
 * all problems at once. Returns the valid declarations with their resource names, each typed by its
 * `audienceType`, ready for `new Audience(resourceName, declaration)`; a file's `sharedWith` comes apart from its
 * declaration (an `Audience` refuses it), for an `AudienceSharing` (see {@link sharingArgs}).
 */
export function loadDeclarationsOrThrow(dirOrFiles: string | string[]): DeclaredAudience[] {
  const loaded = loadDeclarations(dirOrFiles);
  const problems = formatFailures(loaded);
  if (problems.length > 0) {
    // A RunError: Pulumi prints its message alone, without the "unhandled exception" preamble and stack trace.
    const { RunError } = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    throw new RunError(`Invalid audience declarations (${problems.length} problem(s)); fix them and run again:\n${problems.join("\n")}`);
  }
  // Every file passed schema.json, which is what AudienceDeclaration types (RULE_SHAPES is checked against it).
  return loaded.map((l) => {
    const { sharedWith, protect, retainOnDelete, ...declaration } = l.declaration;
    const entry: DeclaredAudience = {
      resourceName: l.resourceName,
      file: l.file,
      declaration: declaration as AudienceDeclaration,
      options: resourceOptionsOf({ protect, retainOnDelete }),
    };
    if (sharedWith !== undefined) entry.sharedWith = sharedWith;
    return entry;
  });
}

/** The options a file states, leaving out those it does not. */
export function resourceOptionsOf(stated: DeclaredResourceOptions): DeclaredResourceOptions {
  const options: DeclaredResourceOptions = {};
  if (stated.protect !== undefined) options.protect = stated.protect;
  if (stated.retainOnDelete !== undefined) options.retainOnDelete = stated.retainOnDelete;
  return options;
}

/**
 * The arguments of the `AudienceSharing` of a declared audience: its owner ad account, the audience (e.g. the
 * `Audience`'s `id`, so Pulumi shares it once it exists) and the recipients. A list `sharedWith` leaves out stays
 * left out (not managed); a list it gives is the whole set of recipients of that kind.
 * @param declaration The audience's declaration (its `adAccountId` owns the audience).
 * @param audienceId The audience's id.
 * @param sharedWith Who it is shared with.
 */
export function sharingArgs(declaration: { adAccountId: string }, audienceId: pulumi.Input<string>, sharedWith: SharedWith): AudienceSharingArgs {
  const args: AudienceSharingArgs = { adAccountId: declaration.adAccountId, audienceId };
  if (sharedWith.adAccountIds !== undefined) args.recipientAdAccountIds = [...sharedWith.adAccountIds];
  if (sharedWith.businessIds !== undefined) args.recipientBusinessIds = [...sharedWith.businessIds];
  return args;
}
