/**
 * A customer list's records as they leave this machine: normalised per list type, hashed with SHA-256, never plain.
 *
 * - EMAIL: trimmed and lowercased (the description: "Emails must be lowercase"), then hashed. A record already
 *   hashed (64, 40 or 32 hex digits: SHA-256, SHA-1 or MD5, as the description allows) is sent as it is, lowercased.
 * - MAID and IDFA: the description requires them hashed. A device id is brought to its canonical form first, the
 *   one its platform writes: a MAID (Android advertising id) in lowercase, an IDFA (Apple) in uppercase, both as
 *   8-4-4-4-12 hex digits; then hashed. An already hashed record (32 hex digits without dashes read as MD5) is sent
 *   as it is, lowercased.
 * - LR_ID, DLX_ID and HASHED_PINNER_ID are identifiers issued already pseudonymous (LiveRamp, Datalogix, Pinterest's
 *   own hash): trimmed and sent as given, since a hash of them would match nobody.
 *
 * A record that is empty after trimming is refused, as is one that cannot be what its type says (an email without
 * `@`, a device id that is not 32 hex digits), with its line number and never its text: the message may reach a
 * log, and a record is personal data.
 */
import { createHash } from "crypto";
import type { ApiUserListType } from "../api/types";

/** A record hashed as the description allows: MD5, SHA-1 or SHA-256, in hex. */
const HASHED = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;
/** A device id as platforms write it: 32 hex digits in 8-4-4-4-12 groups (32 digits without dashes read as an MD5 hash). */
const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record that cannot be sent, by its position (1-based) in what was given. */
export class RecordError extends Error {
  /**
   * @param position Where the record is, 1-based (a line of a records file, an item of `records`).
   * @param reason Why it cannot be sent, without the record itself.
   */
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`Record ${position} ${reason}. Fix it or leave it out; nothing was sent.`);
  }
}

/** SHA-256 of `text`, in lowercase hex. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The record as it is sent: normalised and hashed for EMAIL, MAID and IDFA; trimmed for the pseudonymous types.
 * @param record The record as given.
 * @param listType What the list's records are.
 * @param position Its position, for the error.
 */
export function recordToSend(record: string, listType: ApiUserListType, position: number): string {
  const trimmed = record.trim();
  if (trimmed === "") throw new RecordError(position, "is empty");
  switch (listType) {
    case "EMAIL":
      if (HASHED.test(trimmed)) return trimmed.toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(trimmed)) throw new RecordError(position, "is not an email address (one @, no spaces) nor a hash");
      return sha256Hex(trimmed.toLowerCase());
    case "MAID":
    case "IDFA":
      if (HASHED.test(trimmed)) return trimmed.toLowerCase();
      if (!DEVICE_ID.test(trimmed))
        throw new RecordError(position, `is not a device id (32 hex digits, 8-4-4-4-12) nor a hash, as ${listType} records must be`);
      return sha256Hex(listType === "IDFA" ? trimmed.toUpperCase() : trimmed.toLowerCase());
    default:
      if (trimmed.includes(",")) throw new RecordError(position, "holds a comma, which the API reads as two records");
      return trimmed;
  }
}

/**
 * Every record as sent, once each, sorted: the set a list should hold. Repeats (also those that differ only in
 * what normalisation removes, such as case or spaces) count once.
 */
export function recordSet(records: Iterable<string>, listType: ApiUserListType): string[] {
  const out = new Set<string>();
  let position = 0;
  for (const record of records) out.add(recordToSend(record, listType, ++position));
  return [...out].sort();
}

/** A digest of a record set (as {@link recordSet} returns it): SHA-256 of the sorted records joined by newlines. */
export function setDigest(sortedRecords: readonly string[]): string {
  const hash = createHash("sha256");
  for (const record of sortedRecords) hash.update(`${record}\n`);
  return hash.digest("hex");
}

/** What changes between two record sets (each sorted, as {@link recordSet} returns them). */
export function setChange(before: readonly string[], after: readonly string[]): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (j >= after.length || (i < before.length && before[i] < after[j])) remove.push(before[i++]);
    else if (i >= before.length || after[j] < before[i]) add.push(after[j++]);
    else {
      i++;
      j++;
    }
  }
  return { add, remove };
}

/** `records` in batches of at most `size`, in order. */
export function batches<T>(records: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < records.length; i += size) out.push(records.slice(i, i + size));
  return out;
}

/**
 * How a change of records reads in a plan, without any record or record hash: counts, and the first 12 digits of
 * the new set's digest, e.g. `2,167 records (+1,204 −37), sha256 9f8e7d6c5b4a`.
 * @param total Records in the new set.
 * @param change What is added and removed (undefined at create: every record is new).
 * @param digest The new set's {@link setDigest}.
 */
export function changeSummary(total: number, change: { add: number; remove: number } | undefined, digest: string): string {
  const count = (n: number): string => n.toLocaleString("en-US");
  const delta = change === undefined ? "" : ` (+${count(change.add)} −${count(change.remove)})`;
  return `${count(total)} record${total === 1 ? "" : "s"}${delta}, sha256 ${digest.slice(0, 12)}`;
}
