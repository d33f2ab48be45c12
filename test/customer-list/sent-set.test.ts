/**
 * The memory of what a customer list was sent (provider/customer-list/sent-set.ts): packed 32 bytes a hash, back
 * exactly as it went in, refused when it is not a packed set, and its size per record as the README will quote it.
 */
import { MAX_RECORDS_IN_STATE, packedSize, packHashes, unpackHashes } from "../../provider/customer-list/sent-set";
import { recordSet, sha256Hex } from "../../provider/customer-list/records";

test("a set of hashes packs and unpacks to itself, in order; the empty set is empty text", () => {
  const set = recordSet(["a@example.com", "b@example.com", "c@example.com"], "EMAIL");
  const packed = packHashes(set);
  expect(packed).toHaveLength(packedSize(3));
  expect(unpackHashes(packed)).toEqual(set);
  expect(packHashes([])).toBe("");
  expect(unpackHashes("")).toEqual([]);
});

test("a record that is not a lowercase SHA-256 hash cannot be packed; text that is not a packed set cannot be unpacked", () => {
  expect(() => packHashes([sha256Hex("a"), "a".repeat(40)])).toThrow(/Record 2 .* not a SHA-256 hash/);
  expect(() => packHashes([sha256Hex("a").toUpperCase()])).toThrow(/Record 1/);
  expect(() => unpackHashes("not base64!")).toThrow(/not a packed set/);
  expect(() => unpackHashes(Buffer.alloc(31).toString("base64"))).toThrow(/not a packed set/);
});

test("about 42.7 bytes of state a record: 100,000 records (the bound) take 4.3 MB", () => {
  expect(packedSize(MAX_RECORDS_IN_STATE)).toBe(4_266_668);
  expect(packedSize(1_000_000) / 1_000_000).toBeCloseTo(42.67, 2);
});
