/**
 * Checks Pinterest ids before they enter a URL, and compares ids as Pinterest reads them.
 *
 * This is the wire check: any digit string of at most 18 characters, as the API description allows. Ids a user
 * declares are held to schema.json's stricter rule (`$defs/pinterestId`: no leading zero), checked before any
 * request; the wire check stays lenient so that an id recorded before that rule (an earlier build accepted
 * "0111") can still be read and removed.
 */
import { PinterestApiError } from "./errors";

/** Pinterest ad account and audience ids on the wire: digits only, at most 18 of them. */
export const PINTEREST_ID_PATTERN = /^\d{1,18}$/;

/** True when `value` is a well-formed Pinterest id (a digit string of at most 18 characters). */
export function isPinterestId(value: unknown): value is string {
  return typeof value === "string" && PINTEREST_ID_PATTERN.test(value);
}

/**
 * An id as Pinterest writes it, without leading zeros ("0111" → "111"; "000" → "0"). Pinterest reads ids as
 * numbers, so both forms name one account: ids compared as sets or for a replacement go through this, so that an
 * id recorded with a zero (before ids were checked for them) is never revoked or replaced as if it were another.
 * Anything but a digit string is returned unchanged.
 */
export function canonicalPinterestId(id: string): string {
  return /^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, "") : id;
}

/** Whether two ids name one account as Pinterest reads them ("0111" and "111" do); undefined matches only itself. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && canonicalPinterestId(a) === canonicalPinterestId(b));
}

/**
 * Throws a {@link PinterestApiError} (kind `invalid_request`, nothing sent) unless `value` is a
 * well-formed id. `label` names the id in the message, e.g. "ad account id".
 */
export function assertPinterestId(value: unknown, label: string, operation: string): asserts value is string {
  if (isPinterestId(value)) return;
  const shown = typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
  throw new PinterestApiError({
    kind: "invalid_request",
    operation,
    message: `Invalid ${label} ${shown} for ${operation}: Pinterest ids are 1 to 18 digits. Check the id in your declaration or configuration; no request was sent.`,
  });
}
