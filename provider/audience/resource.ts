/**
 * The `Audience` resource users declare in their Pulumi programs.
 */
import * as pulumi from "@pulumi/pulumi";
import { warnOfPlaintextCredentials } from "../plugin/plaintext-credentials";
import type { AudienceRuleInputs, AudienceType } from "./model";
import type { AudienceArgs } from "./args";
import * as lifecycle from "./lifecycle";
import { LIFECYCLE_SPECIFIERS, providerForState, sharedProviderNamed } from "../plugin/state-provider";
import { ImportRefusal, importRefusedMessage, refuseImportOption } from "../plugin/import-option";

/**
 * The provider an audience is declared with. Installed under node_modules, it is the lifecycle module itself,
 * which Pulumi serialises as a one-line `require` of its package path (a few hundred bytes per audience; a class
 * instance would be serialised with all its methods' code). Resolved any other way (npm link, a workspace
 * symlink, a program inside this repository), Pulumi would serialise the module by value, so it is a small
 * provider that loads the package by name when it runs (see ../plugin/state-provider.ts). Either way the module's exports
 * are the stable contract that state written by this release is later run and deleted with.
 */
export function audienceProvider(): pulumi.dynamic.ResourceProvider {
  return providerForState(lifecycle, require.resolve("./lifecycle"), sharedProviderNamed(LIFECYCLE_SPECIFIERS.audience));
}

export type { AudienceArgs } from "./args";

/** The properties of an existing audience that `Audience.get` needs besides its id. */
export interface AudienceLookup {
  /** The ad account that owns the audience (digits). */
  adAccountId: pulumi.Input<string>;
}

/** A Pinterest Ads audience, managed as code. */
export class Audience extends pulumi.dynamic.Resource {
  /** The ad account that owns the audience. */
  declare public readonly adAccountId: pulumi.Output<string>;
  /** Audience name, as Pinterest holds it. */
  declare public readonly name: pulumi.Output<string>;
  /** Audience description, as Pinterest holds it. */
  declare public readonly description: pulumi.Output<string | undefined>;
  /** Audience type. */
  declare public readonly audienceType: pulumi.Output<AudienceType>;
  /** The rule as Pinterest holds it, including the defaults it adds (e.g. `retentionDays` 180). */
  declare public readonly rule: pulumi.Output<AudienceRuleInputs>;
  /** Pinterest's audience id (the same as the resource id). */
  declare public readonly audienceId: pulumi.Output<string>;
  /** Always "audience". */
  declare public readonly type: pulumi.Output<string | undefined>;
  /** Creation time, Unix seconds. */
  declare public readonly createdTimestamp: pulumi.Output<number | undefined>;
  /** The company that created the audience. */
  declare public readonly createdByCompanyName: pulumi.Output<string | undefined>;

  /**
   * Declares an audience.
   * @param name The Pulumi resource name (unique in the stack; not the audience's name).
   * @param args The declaration.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: AudienceArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImportOption(importRefusal(opts?.import), name, opts);
    warnOfPlaintextCredentials((message) => pulumi.log.warn(message));
    super(audienceProvider(), name, { ...outputOnlyProperties(), ...args }, opts, "pinterest", "Audience");
  }

  /**
   * Reads an existing audience into the program without managing it.
   * @param name The Pulumi resource name.
   * @param id Pinterest's audience id.
   * @param lookup The ad account that owns it.
   * @param opts Pulumi resource options.
   */
  public static get(name: string, id: pulumi.Input<string>, lookup: AudienceLookup, opts?: pulumi.CustomResourceOptions): Audience {
    // Every declared property is named (undefined) so that Pulumi exposes it on the resource read back.
    const args = { name: undefined, description: undefined, audienceType: undefined, rule: undefined, ...lookup };
    return new Audience(name, args as unknown as AudienceArgs, { ...opts, id });
  }
}

/** What an audience says in place of Pulumi's `import` option: `importId`, quoting the id when it is a plain string. */
function importRefusal(importedId?: unknown): ImportRefusal {
  const id = typeof importedId === "string" ? importedId : "<id>";
  return {
    typeName: "Audience",
    adopts: "a Pinterest audience",
    instead:
      `Remove the \`import\` option and put the audience's id in the declaration as \`importId: ${JSON.stringify(id)}\`; ` +
      "`pinterest-audiences import` writes such declarations for a whole ad account.",
  };
}

/**
 * Why the `import` resource option is refused on audience `resourceName`, and what to write instead.
 * @param resourceName The resource's name.
 * @param importedId The id given to the `import` option: quoted in the advice when it is a plain string.
 */
export function importOptionMessage(resourceName: string, importedId?: unknown): string {
  return importRefusedMessage(importRefusal(importedId), resourceName);
}

/** Output-only properties, declared undefined so Pulumi exposes them on the resource. */
function outputOnlyProperties(): Record<string, undefined> {
  return {
    audienceId: undefined,
    type: undefined,
    createdTimestamp: undefined,
    createdByCompanyName: undefined,
  };
}
