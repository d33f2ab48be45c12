/**
 * What a customer list was sent, kept so that a later change can REMOVE what the declaration no longer holds:
 * Pinterest never answers a list's records, so this memory is the only way to know them.
 *
 * The memory is the sorted set of SHA-256 hashes sent, packed as 32 bytes each and base64-encoded: about 42.7
 * bytes of state per record, to be kept as a Pulumi secret (encrypted in the state, shown as [secret]). 100,000
 * records take 4.3 MB, 1,000,000 would take 43 MB, more than a state written on every step comfortably holds:
 * {@link MAX_RECORDS_IN_STATE} is the bound. Records that are not SHA-256 hashes (pseudonymous ids, hashes a user
 * made with SHA-1 or MD5) cannot be packed so; the caller keeps those another way.
 */

/** The most records whose memory the state keeps for one list (about 4.3 MB of secret state). */
export const MAX_RECORDS_IN_STATE = 100_000;

/** A packed set, or "" for the empty set. */
export type PackedSet = string;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Packs a sorted set of SHA-256 hex hashes (as records.ts sends them). Throws for a record that is not one: such
 * lists are kept as text by the caller.
 */
export function packHashes(sortedHashes: readonly string[]): PackedSet {
  const bytes = Buffer.alloc(sortedHashes.length * 32);
  sortedHashes.forEach((hash, i) => {
    if (!SHA256_HEX.test(hash)) throw new Error(`Record ${i + 1} of the set to pack is not a SHA-256 hash in lowercase hex.`);
    bytes.write(hash, i * 32, "hex");
  });
  return bytes.toString("base64");
}

/** The sorted hashes of a packed set; throws when the text is not one (a state edited by hand). */
export function unpackHashes(packed: PackedSet): string[] {
  const bytes = Buffer.from(packed, "base64");
  if (bytes.length % 32 !== 0 || bytes.toString("base64") !== packed) {
    throw new Error("The customer list's memory of the records it sent is not a packed set of SHA-256 hashes (was the state edited?).");
  }
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 32) out.push(bytes.subarray(i, i + 32).toString("hex"));
  return out;
}

/** Bytes of state the memory of `records` takes, packed and base64-encoded. */
export function packedSize(records: number): number {
  return Math.ceil((records * 32) / 3) * 4;
}
