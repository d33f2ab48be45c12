/** Checks Pinterest ids before they enter a URL. */
import { PinterestApiError } from "./errors";

/** Pinterest ad account and audience ids: digits only, at most 18 of them. */
export const PINTEREST_ID_PATTERN = /^\d{1,18}$/;

/** True when `value` is a well-formed Pinterest id (a digit string of at most 18 characters). */
export function isPinterestId(value: unknown): value is string {
  return typeof value === "string" && PINTEREST_ID_PATTERN.test(value);
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
