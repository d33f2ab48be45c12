/**
 * The `AudienceSharing` resource users declare in their Pulumi programs: who may use one audience.
 */
import * as pulumi from "@pulumi/pulumi";
import { warnOfPlaintextCredentials } from "../plugin/plaintext-credentials";
import { LIFECYCLE_SPECIFIERS, providerForState, sharedProviderNamed } from "../plugin/state-provider";
import { ImportRefusal, refuseImportOption } from "../plugin/import-option";
import * as lifecycle from "./lifecycle";
import { LOOKUP_KEY } from "./model";
import type { SharingDeclaration } from "./declaration";
import type { InputsOf } from "../plugin/inputs";

/**
 * The declaration of an audience's sharing (schema.json's `$defs/audienceSharing`). At least one recipient list must
 * be given; a list given empty (`[]`) revokes every recipient of its kind. `audienceId` may be an `Audience`'s `id`:
 * Pulumi then shares it once it exists.
 */
export type AudienceSharingArgs = InputsOf<SharingDeclaration>;

/** The properties of existing sharing that `AudienceSharing.get` needs besides the audience id. */
export interface AudienceSharingLookup {
  /** The ad account that owns the audience (digits). */
  adAccountId: pulumi.Input<string>;
}

/**
 * The provider an `AudienceSharing` is declared with: the sharing lifecycle module itself (serialised as a one-line
 * `require`), or, for linked and workspace installs, a small provider that loads it by name.
 */
export function sharingProvider(): pulumi.dynamic.ResourceProvider {
  return providerForState(lifecycle, require.resolve("./lifecycle"), sharedProviderNamed(LIFECYCLE_SPECIFIERS.audienceSharing));
}

/** What a sharing says in place of Pulumi's `import` option. */
const IMPORT_REFUSAL: ImportRefusal = {
  typeName: "AudienceSharing",
  adopts: "sharing",
  instead: "Remove the option and declare the recipients the audience has: create then finds them shared already and sends nothing for them.",
};

/** Who may use a Pinterest Ads audience: ad accounts and businesses it is shared with, managed as code. */
export class AudienceSharing extends pulumi.dynamic.Resource {
  /** The ad account that owns the audience. */
  declare public readonly adAccountId: pulumi.Output<string>;
  /** The audience shared (the same as the resource id). */
  declare public readonly audienceId: pulumi.Output<string>;
  /** Ad accounts that have the audience, sorted (when managed). */
  declare public readonly recipientAdAccountIds: pulumi.Output<string[] | undefined>;
  /** Businesses that have the audience, sorted (when managed). */
  declare public readonly recipientBusinessIds: pulumi.Output<string[] | undefined>;

  /**
   * Declares who may use an audience.
   * @param name The Pulumi resource name (unique in the stack).
   * @param args The declaration.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: AudienceSharingArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImportOption(IMPORT_REFUSAL, name, opts);
    const all = { recipientAdAccountIds: undefined, recipientBusinessIds: undefined };
    warnOfPlaintextCredentials((message) => pulumi.log.warn(message));
    super(sharingProvider(), name, { ...all, ...args }, opts, "pinterest", "AudienceSharing");
  }

  /**
   * Reads an audience's current sharing into the program without managing it.
   * @param name The Pulumi resource name.
   * @param audienceId The audience id.
   * @param lookup The ad account that owns it.
   * @param opts Pulumi resource options.
   */
  public static get(
    name: string,
    audienceId: pulumi.Input<string>,
    lookup: AudienceSharingLookup,
    opts?: pulumi.CustomResourceOptions,
  ): AudienceSharing {
    const args = { audienceId, recipientAdAccountIds: undefined, recipientBusinessIds: undefined, ...lookup, [LOOKUP_KEY]: true };
    return new AudienceSharing(name, args as AudienceSharingArgs, { ...opts, id: audienceId });
  }
}
