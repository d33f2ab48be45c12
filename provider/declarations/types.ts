/**
 * The shapes of declaration files: what a file may hold (a declaration, who it is shared with, resource options)
 * and what reading one gives (the declaration with its failures).
 */
import type { AudienceInputs } from "../audience/model";

/**
 * Who an audience declared in a file is shared with (schema.json `$defs/sharedWith`). A program declares it as an
 * `AudienceSharing` resource named `<resourceName>-sharing` (see {@link sharingArgs}). Recipients must be in the
 * Pinterest Business Hierarchy of the business that owns the audience's ad account.
 */
export interface SharedWith {
  /**
   * Ad accounts that may use the audience (digit strings), compared as a set. Left out, ad account recipients are
   * not managed; given, it is the whole set: any other ad account that has the audience is revoked.
   */
  adAccountIds?: string[];
  /**
   * Businesses that may use the audience (digit strings), compared as a set. Left out, business recipients are not
   * managed; given, it is the whole set: any other business that has the audience is revoked.
   */
  businessIds?: string[];
}

/** One audience declaration as a file holds it: the resource inputs plus the file-only `$schema`. */
export interface Declaration extends AudienceInputs {
  /** Adopt the existing audience with this id instead of creating one (see `AudienceArgs.importId`). */
  importId?: string;
  /** The schema the file follows, for editors; ignored by the provider. */
  $schema?: string;
  /**
   * Who the audience is shared with: files only. {@link loadDeclarationsOrThrow} returns it apart from the
   * declaration, since an `Audience` refuses it; a program declares it as an `AudienceSharing`.
   */
  sharedWith?: SharedWith;
  /** Pulumi's `protect` resource option for the audience: files only ({@link loadDeclarationsOrThrow} returns it apart). */
  protect?: boolean;
  /** Pulumi's `retainOnDelete` resource option for the audience: files only. */
  retainOnDelete?: boolean;
}

/** The resource options a declaration file may state: Pulumi's own, under their names. */
export interface DeclaredResourceOptions {
  /** While true, destroy (or an up that would remove or replace the audience) fails instead. */
  protect?: boolean;
  /** While true, removing the audience from the stack leaves it in Pinterest. */
  retainOnDelete?: boolean;
}

/** One problem found in a declaration file. */
export interface DeclarationFileFailure {
  /** The property at fault, e.g. `rule.retentionDays`; empty for the file as a whole. */
  property: string;
  /** What is wrong and what to do about it. */
  reason: string;
  /** 1-based line of the problem in the file, when known. */
  line?: number;
}

/** A declaration file as read by {@link loadDeclarations}. */
export interface LoadedDeclaration {
  /** The file's path, as found (joined to the directory it was listed from). */
  file: string;
  /** The Pulumi resource name: the file's base name without its extension. */
  resourceName: string;
  /**
   * The declaration the file holds, without `$schema`. Only to be used when `failures` is empty: otherwise it is
   * whatever could be read (an empty object when the file is not a YAML or JSON object).
   */
  declaration: Declaration;
  /** Every problem found; empty when the file is a valid declaration. */
  failures: DeclarationFileFailure[];
}

/** Options of {@link loadDeclarations}. */
export interface LoadOptions {
  /** The directory relative paths are read from (and stay relative to in results); default `process.cwd()`. */
  cwd?: string;
}
