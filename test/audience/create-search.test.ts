/**
 * The search of a reconciling create (provider/audience/create.ts), on a virtual clock, against the emulator behind
 * a proxy that answers creates and listings as a test needs:
 *
 * - a create whose outcome stays unknown is sent at most three times, each after a whole search; one Pinterest
 *   refuses is never searched for;
 * - the search pauses a sixth of its window between listings (at least 250 ms, at most 5 s), and the last pause is
 *   only what is left of the window;
 * - only an audience with the declaration (name, type, rule) is adopted; two fail the step naming both;
 * - a listing that fails during the search is tried again after 1 s, then 2 s; a third failure fails the step;
 * - adopting an existing audience (`importId`) checks it exists and matches the declaration.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { PinterestClient } from "../../provider/api";
import type { ApiAudience } from "../../provider/api/types";
import { adoptExisting, createReconciled, type CreateTiming } from "../../provider/audience/create";
import type { AudienceInputs } from "../../provider/audience/model";
import { virtualClock } from "../helpers/fake-server";
import { startSteerableProxy, UNAVAILABLE, type ProxyDecision, type SteerableProxy } from "../helpers/steerable-proxy";
import type { RecordedRequest } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const DECLARED: AudienceInputs = { adAccountId: ACCOUNT, name: "Buyers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } };
const AS_CREATED = { name: "Buyers", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "5497558859876" } } as const;

let emulator: Emulator;
let proxy: SteerableProxy;
const clients: PinterestClient[] = [];
beforeEach(async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
  proxy = await startSteerableProxy(emulator);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await proxy.stop();
  await emulator.stop();
});

const isCreate = (request: RecordedRequest): boolean => request.method === "POST" && request.path.endsWith(`/ad_accounts/${ACCOUNT}/audiences`);
const isList = (request: RecordedRequest): boolean => request.method === "GET" && request.path.endsWith(`/ad_accounts/${ACCOUNT}/audiences`);

/**
 * A client on the proxy (no retries of its own) and a record of what the proxy saw; `steer` decides each request
 * (given how many creates and listings came before it, counting it).
 */
function clientThrough(steer: (request: RecordedRequest, seen: { creates: number; lists: number }) => ProxyDecision, timeoutMs = 1_000) {
  const seen = { creates: 0, lists: 0 };
  proxy.intercept((request) => {
    if (isCreate(request)) seen.creates += 1;
    if (isList(request)) seen.lists += 1;
    return steer(request, seen);
  });
  const clock = virtualClock();
  const client = new PinterestClient({
    baseUrl: proxy.url,
    accessToken: emulator.accessToken,
    timeoutMs,
    maxRetries: 0,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
    now: clock.now,
    sleep: clock.sleep,
  });
  clients.push(client);
  return { client, seen };
}

/** The search's virtual clock: every sleep is recorded and moves it; `onSleep` runs after each (1-based count). */
function searchTiming(searchWindowMs?: number, onSleep: (count: number) => void = () => undefined): CreateTiming & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    searchWindowMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      onSleep(sleeps.length);
    },
  };
}

/** `count` copies of `value`. */
const times = (count: number, value: number): number[] => Array.from({ length: count }, () => value);

describe("how often a create is sent", () => {
  test("one whose outcome stays unknown without effect, in an account holding other audiences: three times, each after a whole search, then the step fails saying none was created", async () => {
    const other = emulator.seedAudience(ACCOUNT, { ...AS_CREATED, name: "Someone else's" });
    const { client, seen } = clientThrough((request) => (isCreate(request) ? UNAVAILABLE : undefined));
    const timing = searchTiming();
    await expect(createReconciled(client, DECLARED, new Set(), timing)).rejects.toThrow(
      `Creating audience "Buyers" in ad account ${ACCOUNT} failed: 3 attempts got HTTP 503.`,
    );
    expect(seen.creates).toBe(3);
    // Each search lasts the client timeout plus the window (1 s each), in pauses of 250 ms.
    expect(timing.sleeps).toEqual(times(24, 250));
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([other.id]);
  });

  test("one Pinterest refuses (400) fails at once with Pinterest's error: one request, no search", async () => {
    const { client, seen } = clientThrough((request) =>
      isCreate(request) ? { status: 400, body: { code: 1, message: "Invalid rule." } } : undefined,
    );
    const timing = searchTiming();
    await expect(createReconciled(client, DECLARED, new Set(), timing)).rejects.toMatchObject({ status: 400, apiMessage: "Invalid rule." });
    expect(seen).toEqual({ creates: 1, lists: 1 });
    expect(timing.sleeps).toEqual([]);
  });

  test("a failed listing before the create stops the step and keeps the listing's error as its cause", async () => {
    const { client } = clientThrough(() => undefined);
    const listingError = new Error("HTTP 503 listing");
    const failure = await createReconciled(client, DECLARED, new Set(), searchTiming(), async () => Promise.reject(listingError)).catch(
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /^Nothing was created: listing ad account 549755885175 failed \(the account is listed before each create, to tell the audience "Buyers" .*\): HTTP 503 listing$/,
    );
    expect((failure as Error).cause).toBe(listingError);
  });
});

test.each<[number, number, number[]]>([
  [2_500, 6_000, [...times(8, 1_000), 500]],
  [2_500, 60_000, [...times(12, 5_000), 2_500]],
  [1_000, 1_200, [...times(8, 250), 200]],
])("client timeout %i ms, search window %i ms: the search pauses %j", async (timeoutMs, searchWindowMs, pauses) => {
  const { client, seen } = clientThrough((request, { creates }) => (isCreate(request) && creates === 1 ? UNAVAILABLE : undefined), timeoutMs);
  const timing = searchTiming(searchWindowMs);
  const created = await createReconciled(client, DECLARED, new Set(), timing);
  expect(timing.sleeps).toEqual(pauses);
  expect(seen.creates).toBe(2);
  expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([created.id]);
});

describe("what the search adopts", () => {
  test.each<[string, Record<string, unknown>]>([
    ["another name", { ...AS_CREATED, name: "Buyers 2" }],
    ["another type with the same rule", { ...AS_CREATED, audience_type: "PERSONA" }],
  ])("an audience with %s, made during the search, is not adopted: the create is sent again", async (_what, body) => {
    const { client, seen } = clientThrough((request, { creates }) => (isCreate(request) && creates === 1 ? UNAVAILABLE : undefined));
    let other: ApiAudience | undefined;
    const timing = searchTiming(undefined, (count) => {
      if (count === 1) other = emulator.seedAudience(ACCOUNT, body as never);
    });
    const created = await createReconciled(client, DECLARED, new Set(), timing);
    expect(created.id).not.toBe(other?.id);
    expect(seen.creates).toBe(2);
  });

  test("two audiences with the declaration made during the search: the step fails naming both and what to do", async () => {
    const { client, seen } = clientThrough((request) => (isCreate(request) ? UNAVAILABLE : undefined));
    const timing = searchTiming(undefined, (count) => {
      if (count === 1) for (let i = 0; i < 2; i++) emulator.seedAudience(ACCOUNT, AS_CREATED);
    });
    const failure = await createReconciled(client, DECLARED, new Set(), timing).catch((error: Error) => error);
    const ids = (await client.audiences.list(ACCOUNT)).map((a) => a.id);
    expect((failure as Error).message).toBe(
      `Creating audience "Buyers" had an unknown outcome, and 2 audiences in ad account ${ACCOUNT} appeared since the request that match it: ${ids.join(", ")}. ` +
        'Keep one: add `importId: "<its id>"` to the declaration and remove the others in Ads Manager, then run `pulumi up` again.',
    );
    expect(seen.creates).toBe(1);
  });
});

describe("a listing that fails during the search", () => {
  test("is tried again after 1 s, then 2 s; a third failure fails the step, saying the audience may exist", async () => {
    const { client } = clientThrough((request, { lists }) =>
      isList(request) && lists > 1 ? UNAVAILABLE : isCreate(request) ? UNAVAILABLE : undefined,
    );
    const timing = searchTiming();
    const failure = await createReconciled(client, DECLARED, new Set(), timing).catch((error: Error) => error);
    expect((failure as Error).message).toContain("and listing the ad account to check whether it was created failed 3 times");
    expect(timing.sleeps).toEqual([1_000, 2_000]);
  });

  test("twice, then answers: the search goes on (here its window has passed meanwhile, so the create is sent again)", async () => {
    const { client, seen } = clientThrough((request, { lists, creates }) =>
      isList(request) && (lists === 2 || lists === 3) ? UNAVAILABLE : isCreate(request) && creates === 1 ? UNAVAILABLE : undefined,
    );
    const timing = searchTiming();
    await createReconciled(client, DECLARED, new Set(), timing);
    expect(timing.sleeps).toEqual([1_000, 2_000]);
    expect(seen.creates).toBe(2);
  });
});

describe("adopting an existing audience (importId)", () => {
  const live = { id: "2542620905473", ad_account_id: ACCOUNT, ...AS_CREATED, status: "READY" } as unknown as ApiAudience;

  test("one that matches the declaration is adopted as it is", async () => {
    await expect(adoptExisting(async () => live, DECLARED, live.id)).resolves.toBe(live);
  });

  test.each<[string, ApiAudience | undefined]>([
    ["missing", undefined],
    ["removed", { ...live, status: "REMOVED" }],
  ])("one that is %s is refused", async (_what, answer) => {
    await expect(adoptExisting(async () => answer, DECLARED, live.id)).rejects.toThrow(
      new RegExp(
        `^Cannot adopt audience ${live.id}: importId ${live.id}: ad account ${ACCOUNT} has no such audience\\. Check importId and adAccountId\\.`,
      ),
    );
  });

  test("one that differs is refused, naming every differing field with both values", async () => {
    const differing = { ...live, name: "Other", rule: { customer_list_id: "1" } } as unknown as ApiAudience;
    const failure = await adoptExisting(async () => differing, DECLARED, live.id).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(
      new RegExp(
        `^Cannot adopt audience ${live.id}: name is declared "Buyers", but audience ${live.id} has "Other": .*; rule\\.customerListId is declared "5497558859876", but audience ${live.id} has "1": `,
      ),
    );
  });
});
