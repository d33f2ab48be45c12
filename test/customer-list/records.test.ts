/**
 * A customer list's records (provider/customer-list/records.ts, records-file.ts): normalised per list type and
 * hashed before they leave the process; refused with their position, never their text; read from a file of lines,
 * a CSV column or gzip; compared as sets (what to ADD, what to REMOVE) with an order-blind digest.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { batches, changeSummary, RecordError, recordSet, recordToSend, setChange, setDigest, sha256Hex } from "../../provider/customer-list/records";
import { csvFields, readRecordsFile } from "../../provider/customer-list/records-file";

describe("recordToSend: normalised, then hashed; never plain", () => {
  test("EMAIL: trimmed and lowercased before SHA-256, so case and spaces are one person", () => {
    const hash = sha256Hex("someone@example.com");
    expect(recordToSend("  Someone@Example.COM ", "EMAIL", 1)).toBe(hash);
    expect(recordToSend("someone@example.com", "EMAIL", 1)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a record hashed already (SHA-256, SHA-1, MD5) is sent as it is, lowercased", () => {
    const upper = sha256Hex("x").toUpperCase();
    expect(recordToSend(upper, "EMAIL", 1)).toBe(upper.toLowerCase());
    expect(recordToSend("a".repeat(40), "MAID", 1)).toBe("a".repeat(40));
    expect(recordToSend("B".repeat(32), "IDFA", 1)).toBe("b".repeat(32));
  });

  test("MAID lowercase, IDFA uppercase (each platform's canonical form), then hashed", () => {
    const id = "38400000-8cf0-11bd-b23e-10b96e40000d";
    expect(recordToSend(id.toUpperCase(), "MAID", 1)).toBe(sha256Hex(id));
    expect(recordToSend(id, "IDFA", 1)).toBe(sha256Hex(id.toUpperCase()));
  });

  test("pseudonymous ids (LR_ID, DLX_ID, HASHED_PINNER_ID) are trimmed and sent as given", () => {
    expect(recordToSend(" XY123 ", "LR_ID", 1)).toBe("XY123");
    expect(recordToSend("abc", "HASHED_PINNER_ID", 1)).toBe("abc");
  });

  test.each([
    ["   ", "EMAIL", /Record 7 is empty/],
    ["not-an-email", "EMAIL", /Record 7 is not an email address/],
    ["two@at@example.com", "EMAIL", /Record 7 is not an email address/],
    ["38400000-8cf0-11bd-b23e", "MAID", /Record 7 is not a device id/],
    ["a,b", "DLX_ID", /Record 7 holds a comma/],
  ] as const)("%p as %s is refused by position, without its text", (record, type, message) => {
    const error = (() => {
      try {
        recordToSend(record, type, 7);
      } catch (e) {
        return e as RecordError;
      }
      throw new Error("not refused");
    })();
    expect(error).toBeInstanceOf(RecordError);
    expect(error.message).toMatch(message);
    if (record.trim() !== "") expect(error.message).not.toContain(record.trim());
  });
});

describe("record sets", () => {
  test("recordSet: once each, sorted, repeats after normalisation counted once", () => {
    const set = recordSet(["B@example.com", "a@example.com", " b@EXAMPLE.com"], "EMAIL");
    expect(set).toEqual([sha256Hex("a@example.com"), sha256Hex("b@example.com")].sort());
  });

  test("setChange: what to ADD and what to REMOVE, nothing else", () => {
    expect(setChange(["a", "b", "d"], ["b", "c", "d", "e"])).toEqual({ add: ["c", "e"], remove: ["a"] });
    expect(setChange([], ["a"])).toEqual({ add: ["a"], remove: [] });
    expect(setChange(["a"], [])).toEqual({ add: [], remove: ["a"] });
    expect(setChange(["a", "b"], ["a", "b"])).toEqual({ add: [], remove: [] });
  });

  test("setDigest: the same set gives the same digest whatever the order it was given in; another set another", () => {
    const one = setDigest(recordSet(["a@example.com", "b@example.com"], "EMAIL"));
    expect(setDigest(recordSet(["b@example.com", "A@example.com"], "EMAIL"))).toBe(one);
    expect(setDigest(recordSet(["a@example.com"], "EMAIL"))).not.toBe(one);
  });

  test("batches: in order, none larger than asked", () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 2)).toEqual([]);
  });
});

describe("readRecordsFile", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "records-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("one record per line; blank lines skipped; CRLF and a BOM read; lines counted from 1", () => {
    fs.writeFileSync(path.join(dir, "list.txt"), "\uFEFFa@example.com\r\n\r\nb@example.com\n");
    expect(readRecordsFile({ path: "list.txt" }, dir)).toEqual({ records: ["a@example.com", "b@example.com"], lines: [1, 3] });
  });

  test("a CSV column by its header, quoted fields with commas and quotes; gzip by the name", () => {
    const csv = 'id,"Email, primary",name\n1,a@example.com,"Doe, ""Jo"""\n2,,x\n3,b@example.com,y\n';
    fs.writeFileSync(path.join(dir, "crm.csv.gz"), zlib.gzipSync(csv));
    expect(readRecordsFile({ path: "crm.csv.gz", column: "Email, primary" }, dir)).toEqual({
      records: ["a@example.com", "b@example.com"],
      lines: [2, 4],
    });
    expect(csvFields('1,"Doe, ""Jo""",x')).toEqual(["1", 'Doe, "Jo"', "x"]);
  });

  test("a missing file, a missing column and a .gz that is not gzip each say what is wrong", () => {
    expect(() => readRecordsFile({ path: "nope.txt" }, dir)).toThrow(/Cannot read the records file nope.txt .*ENOENT/);
    fs.writeFileSync(path.join(dir, "crm.csv"), "id,mail\n1,a@example.com\n");
    expect(() => readRecordsFile({ path: "crm.csv", column: "email" }, dir)).toThrow(/has no column "email" in its header/);
    fs.writeFileSync(path.join(dir, "bad.gz"), "plain");
    expect(() => readRecordsFile({ path: "bad.gz" }, dir)).toThrow(/is not gzip data/);
  });
});

test("changeSummary: counts and a short digest, no record", () => {
  const set = recordSet(["a@example.com", "b@example.com"], "EMAIL");
  const digest = setDigest(set);
  expect(changeSummary(2167, { add: 1204, remove: 37 }, digest)).toBe(`2,167 records (+1,204 −37), sha256 ${digest.slice(0, 12)}`);
  expect(changeSummary(1, undefined, digest)).toBe(`1 record, sha256 ${digest.slice(0, 12)}`);
  for (const record of set) expect(changeSummary(2, { add: 2, remove: 0 }, digest)).not.toContain(record);
});
