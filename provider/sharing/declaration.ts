/**
 * The sharing declaration's fields, generated from schema.json by scripts/generate-rule-fields.js (`npm run generate`):
 * do not edit. test/audience/rule-fields.test.ts fails when this file is not what schema.json gives.
 */

/** An audience sharing declaration (schema.json's `$defs/audienceSharing`). */
export interface SharingDeclaration {
  /**
   * The ad account that owns the audience (digits, at most 18, not starting with 0). Only the owner can share it.
   * Changing it replaces the sharing.
   */
  adAccountId: string;
  /**
   * The audience to share (digits, at most 18, not starting with 0): an Audience's id. Changing it replaces the
   * sharing.
   */
  audienceId: string;
  /**
   * Ad accounts that may use the audience; they must be in the owner's Pinterest Business Hierarchy. Compared as a
   * set: order is never a change, and an id given twice is refused. Left out, ad account recipients are not managed
   * (neither read, changed nor revoked, at destroy too); given, it is the whole set (others are revoked; [] revokes
   * every ad account).
   */
  recipientAdAccountIds?: string[];
  /**
   * Businesses that may use the audience; they must be in the owner's Pinterest Business Hierarchy. Compared as a set:
   * order is never a change, and an id given twice is refused. Left out, business recipients are not managed (neither
   * read, changed nor revoked, at destroy too); given, it is the whole set (others are revoked; [] revokes every
   * business).
   */
  recipientBusinessIds?: string[];
}
