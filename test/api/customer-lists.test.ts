/**
 * The customer list endpoints (provider/api/customer-lists.ts) against the emulator: create, get, every page of
 * the list, ADD and REMOVE with the counts the description defines, records refused before sending when they
 * cannot travel in one comma-separated string, and the emulator's own refusals (emails not lowercase, MAIDs not
 * hashed, more records than a request may carry under the `customerListMaxRecords` switch).
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { MAX_RECORDS_PER_REQUEST, PinterestApiError, PinterestClient } from "../../provider/api";
import { expectShape } from "../helpers/openapi-shapes";
import { virtualClock } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const hashes = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => sha256(`person${from + i}@example.com`));

let emulator: Emulator | undefined;
let client: PinterestClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await emulator?.stop();
  emulator = undefined;
});

async function setup(): Promise<{ emulator: Emulator; client: PinterestClient }> {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: Infinity, ads_write: Infinity } });
  const clock = virtualClock();
  client = new PinterestClient({ baseUrl: emulator.url, accessToken: emulator.accessToken, now: clock.now, sleep: clock.sleep, maxRetries: 0 });
  return { emulator, client };
}

test("create, get, list, ADD and REMOVE: the counts and status the description defines, the members the records name", async () => {
  const { emulator, client } = await setup();
  const created = await client.customerLists.create(ACCOUNT, "CRM buyers", hashes(99));
  expectShape("CustomerList", created, { closed: true });
  expect(created).toMatchObject({ ad_account_id: ACCOUNT, name: "CRM buyers", num_batches: 1, num_uploaded_user_records: 99, status: "TOO_SMALL" });
  expect(emulator.requests("customer_lists/create")[0].body).toEqual({ name: "CRM buyers", records: hashes(99).join(","), list_type: "EMAIL" });
  expectShape("CustomerListRequest", emulator.requests("customer_lists/create")[0].body, { closed: true });

  const added = await client.customerLists.change(ACCOUNT, created.id, "ADD", [...hashes(2, 98)]);
  expect(added).toMatchObject({ num_batches: 2, num_uploaded_user_records: 101, status: "READY" });
  expectShape("CustomerListUpdateRequest", emulator.requests("customer_lists/update")[0].body, { closed: true });
  expect(emulator.customerListMembers(ACCOUNT, created.id)).toEqual([...hashes(100)].sort());

  const removed = await client.customerLists.change(ACCOUNT, created.id, "REMOVE", [hashes(1)[0], sha256("never-added")]);
  expect(removed).toMatchObject({ num_batches: 3, num_removed_user_records: 2, status: "TOO_SMALL" });
  expect(await client.customerLists.get(ACCOUNT, created.id)).toEqual(removed);
  expect(emulator.customerListMembers(ACCOUNT, created.id)).toHaveLength(99);
});

test("the list follows every page", async () => {
  const { client } = await setup();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await client.customerLists.create(ACCOUNT, `List ${i}`, hashes(1, i))).id);
  const all = await client.customerLists.list(ACCOUNT);
  expect(all.map((l) => l.id)).toEqual(ids);
  for (const list of all) expectShape("CustomerList", list, { closed: true });
});

test("records that cannot travel in one comma-separated string, or too many of them, are refused before any request", async () => {
  const { emulator, client } = await setup();
  const refused = async (records: string[]): Promise<string> => {
    const error = await client.customerLists.create(ACCOUNT, "L", records).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PinterestApiError);
    expect((error as PinterestApiError).kind).toBe("invalid_request");
    return (error as Error).message;
  };
  expect(await refused([])).toMatch(/At least one record/);
  expect(await refused(["a@example.com", "b,c@example.com"])).toMatch(/Record 2 .*holds a comma/);
  expect(await refused(["a@example.com", ""])).toMatch(/Record 2 is empty/);
  expect(await refused(hashes(MAX_RECORDS_PER_REQUEST + 1))).toMatch(new RegExp(`At most ${MAX_RECORDS_PER_REQUEST} records`));
  await expect(client.customerLists.change(ACCOUNT, "list-1", "ADD", ["x"])).rejects.toThrow(/customer list id/);
  expect(emulator.counters().requests).toBe(0);
});

test("the emulator refuses what the description forbids: emails not lowercase, MAIDs not hashed; and, under a switch, more records than it takes", async () => {
  const { emulator, client } = await setup();
  await expect(client.customerLists.create(ACCOUNT, "L", ["Someone@Example.com"])).rejects.toMatchObject({ status: 400, message: /not lowercase/ });
  await expect(client.customerLists.create(ACCOUNT, "L", ["38400000-8cf0-11bd-b23e-10b96e40000d"], "MAID")).rejects.toMatchObject({
    status: 400,
    message: /must be hashed/,
  });
  const list = await client.customerLists.create(ACCOUNT, "L", ["someone@example.com"]);
  emulator.setBehaviour({ customerListMaxRecords: 2 });
  await expect(client.customerLists.change(ACCOUNT, list.id, "ADD", hashes(3))).rejects.toMatchObject({ status: 400, message: /at most 2/ });
  expect(emulator.customerListMembers(ACCOUNT, list.id)).toEqual(["someone@example.com"]);
});

test("a list reads PROCESSING while its upload is matched, when the emulator says so", async () => {
  const { emulator, client } = await setup();
  emulator.setBehaviour({ customerListProcessingMs: 60_000 });
  const list = await client.customerLists.create(ACCOUNT, "L", hashes(100));
  expect(list.status).toBe("PROCESSING");
  expect(emulator.customerLists(ACCOUNT)[0].status).toBe("PROCESSING");
});

test("the emulator's state file keeps customer lists and their members across a restart", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-lists-"));
  try {
    const statePath = path.join(dir, "state.json");
    emulator = await startEmulator({ port: 0, statePath });
    client = new PinterestClient({ baseUrl: emulator.url, accessToken: emulator.accessToken });
    const list = await client.customerLists.create(ACCOUNT, "Kept", hashes(3));
    client.close();
    await emulator.stop();
    emulator = await startEmulator({ port: 0, statePath });
    expect(emulator.customerLists(ACCOUNT)).toEqual([expect.objectContaining({ id: list.id, name: "Kept", num_uploaded_user_records: 3 })]);
    expect(emulator.customerListMembers(ACCOUNT, list.id)).toEqual([...hashes(3)].sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
