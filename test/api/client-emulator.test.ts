/**
 * The client against the local Pinterest emulator: every operation, pagination past 250 audiences,
 * token refresh after the emulator expires tokens, errors with Pinterest's code and message, ids
 * refused before any request, faults (429, 5xx, a create that commits then loses its answer), and
 * the throttle keeping a 1,000-create burst inside the emulator's rolling-window limit.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { PinterestApiError, PinterestClient, type PinterestClientOptions } from "../../provider/api";
import type { ApiAudienceCreateRequest } from "../../provider/api/types";
import { virtualClock } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const visitor = (name: string): ApiAudienceCreateRequest => ({
  name,
  audience_type: "VISITOR",
  rule: { visitor_source_id: "2541234567890", retention_days: 30 },
  description: "site visitors",
});

let emulator: Emulator | undefined;
let client: PinterestClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await emulator?.stop();
  emulator = undefined;
});

/** Starts an emulator without rate limits (unless given) and a client on it with instant waits. */
async function setup(emulatorOptions: EmulatorOptions = {}, clientOptions: PinterestClientOptions = {}) {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: Infinity, ads_write: Infinity }, ...emulatorOptions });
  const clock = virtualClock();
  client = new PinterestClient({ baseUrl: emulator.url, accessToken: emulator.accessToken, now: clock.now, sleep: clock.sleep, ...clientOptions });
  return { emulator, client };
}

test("create, get, list, update and remove round-trip through the emulator", async () => {
  const { emulator, client } = await setup();
  const created = await client.audiences.create(ACCOUNT, visitor("Visitors 30d"));
  expect(created).toMatchObject({ ad_account_id: ACCOUNT, name: "Visitors 30d", audience_type: "VISITOR" });
  expect(created.id).toMatch(/^\d+$/);

  await expect(client.audiences.get(ACCOUNT, created.id)).resolves.toMatchObject({ id: created.id, name: "Visitors 30d" });
  expect((await client.audiences.list(ACCOUNT)).map((a) => a.id)).toEqual([created.id]);

  const updated = await client.audiences.update(ACCOUNT, created.id, { name: "Visitors (30 days)" });
  expect(updated).toMatchObject({ id: created.id, name: "Visitors (30 days)", description: "site visitors" });

  await client.audiences.remove(ACCOUNT, created.id);
  await expect(client.audiences.get(ACCOUNT, created.id)).rejects.toMatchObject({ status: 404 });
  expect(await client.audiences.list(ACCOUNT)).toEqual([]);
  expect(emulator.counters().byOperation).toMatchObject({ create: 1, get: 2, list: 2, update: 1, remove: 1, token: 0 });
});

test("list follows bookmarks across more than 250 audiences", async () => {
  const { emulator, client } = await setup();
  for (let i = 0; i < 612; i++) emulator.seedAudience(ACCOUNT, visitor(`seeded ${i}`));
  const pages: number[] = [];
  const all = await client.audiences.list(ACCOUNT, { onPage: (n) => pages.push(n) });
  expect(all).toHaveLength(612);
  expect(new Set(all.map((a) => a.id)).size).toBe(612);
  expect(pages).toEqual([250, 250, 112]);
  expect(emulator.counters().byOperation.list).toBe(3);
});

test("after expireAccessTokens() the client refreshes once and carries on", async () => {
  const probe = await startEmulator({ port: 0 });
  const oauth = probe.oauth;
  await probe.stop();
  const { emulator, client } = await setup({ oauth }, { refreshToken: oauth.refreshToken, appId: oauth.appId, appSecret: oauth.appSecret });
  const created = await client.audiences.create(ACCOUNT, visitor("before expiry"));
  emulator.expireAccessTokens();
  await Promise.all([client.audiences.get(ACCOUNT, created.id), client.audiences.get(ACCOUNT, created.id), client.audiences.list(ACCOUNT)]);
  const counters = emulator.counters();
  expect(counters.byOperation.token).toBe(1);
  expect(counters.byStatus["401"]).toBe(3);
});

test("with only refresh credentials the client fetches a token first", async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: Infinity, ads_write: Infinity } });
  const { oauth } = emulator;
  client = new PinterestClient({ baseUrl: emulator.url, refreshToken: oauth.refreshToken, appId: oauth.appId, appSecret: oauth.appSecret });
  await expect(client.audiences.list(ACCOUNT)).resolves.toEqual([]);
  expect(emulator.counters().byOperation.token).toBe(1);
  expect(emulator.counters().byStatus["401"]).toBeUndefined();
});

test("errors carry the status, Pinterest's code and message, and the ids", async () => {
  const { client } = await setup();
  const missing = (await client.audiences.get(ACCOUNT, "123456").catch((e: unknown) => e)) as PinterestApiError;
  expect(missing).toBeInstanceOf(PinterestApiError);
  expect(missing).toMatchObject({ status: 404, code: 404, operation: "audiences/get", adAccountId: ACCOUNT, audienceId: "123456" });
  expect(missing.apiMessage).toMatch(/not found/);

  const invalid = (await client.audiences
    .create(ACCOUNT, { name: "", audience_type: "VISITOR", rule: {} })
    .catch((e: unknown) => e)) as PinterestApiError;
  expect(invalid).toMatchObject({ status: 400, code: 400, ambiguous: false });
  expect(invalid.apiMessage).toBeTruthy();
  expect(invalid.message).toContain(invalid.apiMessage as string);
});

test("a wrong token is a 401 error that says how to set a new one, with the token scrubbed", async () => {
  const { client } = await setup({}, { accessToken: "pina_wrong_token_value" });
  const error = (await client.audiences.list(ACCOUNT).catch((e: unknown) => e)) as PinterestApiError;
  expect(error.status).toBe(401);
  expect(error.message).toMatch(/pinterest:accessToken/);
  expect(JSON.stringify(error) + error.message).not.toContain("pina_wrong_token_value");
});

test("bad ids are refused before any request reaches the emulator", async () => {
  const { emulator, client } = await setup();
  const calls = [
    client.audiences.list("12ab"),
    client.audiences.get(ACCOUNT, "../../oauth/token"),
    client.audiences.create("1".repeat(19), visitor("x")),
    client.audiences.update(ACCOUNT, "", { name: "x" }),
    client.audiences.remove("0x10", "1"),
  ];
  for (const call of calls) await expect(call).rejects.toMatchObject({ kind: "invalid_request" });
  expect(emulator.counters().requests).toBe(0);
});

describe("faults", () => {
  test("a create answered 429 is retried and creates exactly one audience", async () => {
    const { emulator, client } = await setup();
    emulator.setFaults({ throttleNext: 2, throttleRetryAfterSeconds: 3, operations: ["create"] });
    await client.audiences.create(ACCOUNT, visitor("after 429s"));
    expect(emulator.audiences(ACCOUNT)).toHaveLength(1);
    expect(emulator.counters().byOperation.create).toBe(3);
  });

  test("a create that commits and then loses its answer is ambiguous, and not duplicated", async () => {
    const { emulator, client } = await setup();
    emulator.setFaults({ commitThenDropNext: 1, operations: ["create"] });
    const error = (await client.audiences.create(ACCOUNT, visitor("lost answer")).catch((e: unknown) => e)) as PinterestApiError;
    expect(error).toMatchObject({ ambiguous: true, operation: "audiences/create" });
    expect(emulator.audiences(ACCOUNT).map((a) => a.name)).toEqual(["lost answer"]);
    expect(emulator.counters().byOperation.create).toBe(1);
  });

  test("an update that commits and then loses its answer is re-sent (PATCH is idempotent)", async () => {
    const { emulator, client } = await setup();
    const seeded = emulator.seedAudience(ACCOUNT, visitor("old"));
    emulator.setFaults({ commitThenDropNext: 1, operations: ["update"] });
    await expect(client.audiences.update(ACCOUNT, seeded.id, { name: "new" })).resolves.toMatchObject({ name: "new" });
    expect(emulator.counters().byOperation.update).toBe(2);
  });

  test("a remove whose answer is lost after it took effect is re-sent and answered 404", async () => {
    const { emulator, client } = await setup();
    const seeded = emulator.seedAudience(ACCOUNT, visitor("doomed"));
    emulator.setFaults({ commitThenDropNext: 1, operations: ["remove"] });
    // The re-send finds it gone: a 404, which only a read can confirm (the provider's removal does: removal.ts).
    await expect(client.audiences.remove(ACCOUNT, seeded.id)).rejects.toMatchObject({ status: 404 });
    expect(emulator.audiences(ACCOUNT)).toEqual([]);
  });

  test("reads survive 5xx answers and dropped connections", async () => {
    const { emulator, client } = await setup();
    emulator.seedAudience(ACCOUNT, visitor("a"));
    emulator.setFaults({ serverErrorNext: 2, dropNext: 1, operations: ["list"] });
    await expect(client.audiences.list(ACCOUNT)).resolves.toHaveLength(1);
    expect(emulator.counters().byOperation.list).toBe(4);
  });
});

describe("rate limits (client and emulator share one virtual clock)", () => {
  test("1,000 creates at the emulator's own limit of 400/min are never answered 429", async () => {
    const clock = virtualClock();
    const { emulator, client } = await setup(
      { rateLimits: { ads_read: 1000, ads_write: 400 }, now: clock.now },
      { rateLimits: { ads_write: 400 }, maxConcurrency: 1, now: clock.now, sleep: clock.sleep },
    );
    const start = clock.now();
    await Promise.all(Array.from({ length: 1000 }, (_, i) => client.audiences.create(ACCOUNT, visitor(`burst ${i}`))));
    const counters = emulator.counters();
    expect(counters.rateLimited).toBe(0);
    expect(counters.byStatus["429"]).toBeUndefined();
    expect(emulator.audiences(ACCOUNT)).toHaveLength(1000);
    expect(clock.now() - start).toBeLessThanOrEqual(2.5 * 60_000 * 1.03);
  }, 120_000);

  test("a client allowed more than the emulator absorbs the 429s and still creates each audience once", async () => {
    const clock = virtualClock();
    const { emulator, client } = await setup(
      { rateLimits: { ads_read: 1000, ads_write: 100 }, now: clock.now },
      { rateLimits: { ads_write: 1000 }, maxConcurrency: 1, maxRetries: 20, maxRetryTimeMs: 3_600_000, now: clock.now, sleep: clock.sleep },
    );
    await Promise.all(Array.from({ length: 250 }, (_, i) => client.audiences.create(ACCOUNT, visitor(`eager ${i}`))));
    expect(emulator.counters().rateLimited).toBeGreaterThan(0);
    expect(emulator.audiences(ACCOUNT)).toHaveLength(250);
  }, 120_000);
});
