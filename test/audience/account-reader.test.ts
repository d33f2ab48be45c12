/**
 * Batched reads: a refresh of many audiences of one account costs its list pages, not one GET each,
 * whether reads arrive one at a time or together; a lone read is one GET; written audiences are read fresh; an
 * audience missing from the list is confirmed by a GET and, when the GET answers it, by a fresh list.
 */
import { AccountReader, AudienceSource } from "../../provider/audience/account-reader";
import type { ApiAudience } from "../../provider/api/types";

class NotFound extends Error {}

function fakeAccount(count: number) {
  const audiences = new Map<string, ApiAudience>();
  for (let i = 0; i < count; i++) {
    const id = String(1000 + i);
    audiences.set(id, { id, ad_account_id: "42", name: `a${i}`, audience_type: "CUSTOMER_LIST" });
  }
  const calls = { get: 0, list: 0 };
  /** Ids a GET answers but lists leave out. */
  const unlisted = new Set<string>();
  const source: AudienceSource = {
    async get(_account, id) {
      calls.get++;
      const found = audiences.get(id);
      if (!found) throw new NotFound(id);
      return { ...found };
    },
    async list() {
      calls.list++;
      return [...audiences.values()].filter((a) => !unlisted.has(a.id)).map((a) => ({ ...a }));
    },
  };
  const reader = new AccountReader(source, { batchWindowMs: 1, isNotFound: (e) => e instanceof NotFound });
  return { audiences, calls, reader, unlisted };
}

test("a lone read is a single GET", async () => {
  const { calls, reader } = fakeAccount(10);
  expect((await reader.read("42", "1003"))?.name).toBe("a3");
  expect(calls).toEqual({ get: 1, list: 0 });
});

test("reads sent one at a time share one listing after the first", async () => {
  const { calls, reader } = fakeAccount(300);
  for (let i = 0; i < 300; i++) expect((await reader.read("42", String(1000 + i)))?.id).toBe(String(1000 + i));
  expect(calls).toEqual({ get: 1, list: 1 });
});

test("reads sent all at once share one listing", async () => {
  const { calls, reader } = fakeAccount(300);
  const results = await Promise.all(Array.from({ length: 300 }, (_, i) => reader.read("42", String(1000 + i))));
  expect(results.every((a, i) => a?.id === String(1000 + i))).toBe(true);
  expect(calls).toEqual({ get: 0, list: 1 });
});

test("an audience missing from the listing is confirmed with a GET and reported gone", async () => {
  const { calls, reader } = fakeAccount(5);
  const [gone, present] = await Promise.all([reader.read("42", "9999"), reader.read("42", "1001")]);
  expect(gone).toBeUndefined();
  expect(present?.id).toBe("1001");
  expect(calls).toEqual({ get: 1, list: 1 });
});

test("an audience written by this process is read fresh, not from the listing", async () => {
  const { audiences, calls, reader } = fakeAccount(5);
  await Promise.all([reader.read("42", "1000"), reader.read("42", "1001")]);
  audiences.set("1001", { ...(audiences.get("1001") as ApiAudience), name: "renamed" });
  reader.wrote("42", "1001");
  expect((await reader.read("42", "1001"))?.name).toBe("renamed");
  expect((await reader.read("42", "1000"))?.name).toBe("a0");
  expect(calls).toEqual({ get: 1, list: 1 });
});

test("a failed listing rejects the reads waiting on it", async () => {
  const source: AudienceSource = {
    get: async () => {
      throw new Error("unused");
    },
    list: async () => {
      throw new Error("Pinterest unavailable");
    },
  };
  const reader = new AccountReader(source, { batchWindowMs: 1, isNotFound: () => false });
  await expect(Promise.all([reader.read("1", "2"), reader.read("1", "3")])).rejects.toThrow("Pinterest unavailable");
});

test("an audience missing from the listing that a GET answers is looked for in a fresh listing, which serves later reads", async () => {
  const { audiences, calls, reader } = fakeAccount(5);
  await Promise.all([reader.read("42", "1000"), reader.read("42", "1001")]);
  // Made since the first listing (by hand, or by another stack).
  audiences.set("2000", { id: "2000", ad_account_id: "42", name: "new", audience_type: "CUSTOMER_LIST" });
  audiences.set("2001", { id: "2001", ad_account_id: "42", name: "newer", audience_type: "CUSTOMER_LIST" });
  const [first, second] = await Promise.all([reader.read("42", "2000"), reader.read("42", "2001")]);
  expect([first?.name, second?.name]).toEqual(["new", "newer"]);
  expect(calls).toEqual({ get: 2, list: 2 });
  expect((await reader.read("42", "2001"))?.name).toBe("newer");
  expect(calls).toEqual({ get: 2, list: 2 });
});

test("an audience a GET answers live but no listing holds fails the read, saying the two disagree", async () => {
  const { calls, reader, unlisted } = fakeAccount(5);
  // Pinterest keeps answering GET for an audience it removed, and leaves it out of lists.
  unlisted.add("1004");
  await expect(Promise.all([reader.read("42", "1000"), reader.read("42", "1004")])).rejects.toThrow(
    "Audience 1004 answers a GET but is missing from the list of ad account 42's audiences, also when listed again.",
  );
  expect(calls).toEqual({ get: 1, list: 2 });
});

test("an audience missing from the listing that a GET answers with a removed status is reported as such, with no second listing", async () => {
  const { audiences, calls, reader } = fakeAccount(5);
  await Promise.all([reader.read("42", "1000"), reader.read("42", "1001")]);
  audiences.set("2000", { id: "2000", ad_account_id: "42", name: "gone", audience_type: "CUSTOMER_LIST", status: "REMOVED" });
  expect((await reader.read("42", "2000"))?.status).toBe("REMOVED");
  expect(calls).toEqual({ get: 1, list: 1 });
});
