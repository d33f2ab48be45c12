/**
 * Issue 11: a create never duplicates, whatever the timing, and adopts only what its own request made.
 *
 * Against the emulator, whose clock (timestamps and `Date` headers) and waits are the test's: a create that
 * Pinterest commits after the client stopped waiting (a late commit, or a commit after a dropped connection),
 * with the commit shorter or longer than the client timeout; two processes racing on one declaration; and two
 * identical declarations in one process. Each ends with exactly one audience per resource and none orphaned.
 * The reconciling create searches on a virtual clock: no real long waits.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { PinterestClient } from "../../provider/api";
import type { ApiAudience } from "../../provider/api/types";
import { createReconciled, type CreateTiming } from "../../provider/audience/create";
import type { AudienceInputs } from "../../provider/audience/model";

const ACCOUNT = "549755885175";
/** The client timeout of these tests (real ms): short, so a request held by the emulator times out quickly. */
const TIMEOUT_MS = 300;
/** The emulator's delay that the test holds until it decides the commit happens. */
const HELD_MS = 987_654;

const DECLARED: AudienceInputs = { adAccountId: ACCOUNT, name: "Buyers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } };

/** The emulator's clock, epoch ms: frozen at the real time a test starts; tests move it. */
let serverNow = 0;
let emulator: Emulator;
const clients: PinterestClient[] = [];
/** Releases the request the emulator holds (the late commit). */
let releaseHeld: () => void = () => undefined;

beforeEach(async () => {
  serverNow = Date.now();
  const held = new Promise<void>((resolve) => (releaseHeld = resolve));
  emulator = await startEmulator({ now: () => serverNow, sleep: (ms) => (ms === HELD_MS ? held : Promise.resolve()) });
});

afterEach(async () => {
  releaseHeld();
  for (const client of clients.splice(0)) client.close();
  await emulator.stop();
});

function newClient(): PinterestClient {
  const client = new PinterestClient({
    accessToken: emulator.accessToken,
    baseUrl: emulator.url,
    timeoutMs: TIMEOUT_MS,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
    sleep: async () => undefined,
  });
  clients.push(client);
  return client;
}

/** Lets the emulator finish what a released wait started. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A virtual clock for the search (real time elapsed plus virtual sleeps); once it passes `commitAtMs` after the
 * start, the held request is released and committed.
 */
function searchTiming(commitAtMs: number): CreateTiming & { slept: () => number } {
  const start = Date.now();
  let slept = 0;
  const now = (): number => Date.now() - start + slept;
  return {
    now,
    slept: () => slept,
    sleep: async (ms) => {
      slept += ms;
      if (now() >= commitAtMs) {
        releaseHeld();
        await settle();
      }
    },
  };
}

/** Counts POSTs (creates) the emulator received. */
const posts = (): number => emulator.counters().byOperation.create;

describe("a create Pinterest commits after the client stopped waiting is found, not sent again", () => {
  test.each([
    ["the connection drops; the commit follows 0.5 x the client timeout later", { commitAfterDropNext: 1, commitAfterDropMs: HELD_MS }, 0.5],
    ["the connection drops; the commit follows 1.5 x the client timeout later", { commitAfterDropNext: 1, commitAfterDropMs: HELD_MS }, 1.5],
    ["the request is held past the client timeout (1.1 x), then committed", { latencySpikeNext: 1, latencySpikeMs: HELD_MS }, 1.1],
  ])("%s", async (_label, faults, commitAfterTimeouts) => {
    const client = newClient();
    emulator.setFaults({ ...faults, operations: ["create"] });
    const timing = searchTiming(commitAfterTimeouts * TIMEOUT_MS);
    const created = await createReconciled(client, DECLARED, new Set(), timing);
    releaseHeld();
    await settle();
    expect(posts()).toBe(1);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([created.id]);
  });

  test("a create that never took effect is sent again only after the account was searched for a whole window", async () => {
    const client = newClient();
    emulator.setFaults({ dropNext: 1, operations: ["create"] });
    const timing = searchTiming(Infinity);
    const created = await createReconciled(client, DECLARED, new Set(), timing);
    expect(posts()).toBe(2);
    expect(timing.slept()).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(emulator.counters().byOperation.list).toBeGreaterThan(1);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([created.id]);
  });
});

describe("adoption needs evidence about this request", () => {
  test("two processes race on one declaration: the second's unprocessed 503 does not adopt the first one's audience", async () => {
    const first = await createReconciled(newClient(), DECLARED, new Set(), searchTiming(Infinity));
    serverNow += 5_000; // the second process starts its create 5 s later by Pinterest's clock
    emulator.setFaults({ serverErrorNext: 1, serverErrorStatus: 503, operations: ["create"] });
    const second = await createReconciled(newClient(), DECLARED, new Set(), searchTiming(Infinity));
    expect(second.id).not.toBe(first.id);
    expect(posts()).toBe(3);
    expect(
      emulator
        .audiences(ACCOUNT)
        .map((a) => a.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());
  });

  test("an identical audience made 2 s before the request began is not adopted, even with this machine's clock 10 minutes off", async () => {
    const other: ApiAudience = emulator.seedAudience(ACCOUNT, {
      name: DECLARED.name,
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "5497558859876" },
    });
    serverNow += 2_000;
    emulator.setFaults({ serverErrorNext: 1, serverErrorStatus: 503, operations: ["create"] });
    // This machine's clock is 10 minutes behind Pinterest's: only the server's clock can date the request.
    const client = new PinterestClient({
      accessToken: emulator.accessToken,
      baseUrl: emulator.url,
      timeoutMs: TIMEOUT_MS,
      now: () => Date.now() - 600_000,
      sleep: async () => undefined,
    });
    clients.push(client);
    const created = await createReconciled(client, DECLARED, new Set(), searchTiming(Infinity));
    expect(created.id).not.toBe(other.id);
    expect(emulator.audiences(ACCOUNT)).toHaveLength(2);
  });

  test("two identical declarations in one process, created in the same second: the second never adopts the first's audience", async () => {
    const client = newClient();
    const claimed = new Set<string>();
    const first = await createReconciled(client, DECLARED, claimed, searchTiming(Infinity));
    claimed.add(first.id);
    emulator.setFaults({ serverErrorNext: 1, serverErrorStatus: 503, operations: ["create"] });
    const second = await createReconciled(client, DECLARED, claimed, searchTiming(Infinity));
    expect(second.id).not.toBe(first.id);
    expect(emulator.audiences(ACCOUNT)).toHaveLength(2);
  });

  test("a create that committed and lost its answer is adopted: one POST, one audience", async () => {
    const client = newClient();
    emulator.setFaults({ commitThenDropNext: 1, operations: ["create"] });
    const created = await createReconciled(client, DECLARED, new Set(), searchTiming(Infinity));
    expect(posts()).toBe(1);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([created.id]);
  });
});

describe("answers not shaped like the request do not break the reconcile", () => {
  test.each([
    ["created_timestamp null (updated_timestamp dates it)", { nullCreatedTimestamp: true }],
    ["extra fields and numbers as digit strings", { extraFields: true, numbersAsStrings: true }],
    ["prefill not echoed", { omitPrefill: true }],
  ])("a create that committed and lost its answer, with %s, is adopted: one POST, one audience", async (_label, behaviour) => {
    emulator.setBehaviour(behaviour);
    const client = newClient();
    const visitor: AudienceInputs = {
      adAccountId: ACCOUNT,
      name: "Checkout visitors",
      audienceType: "VISITOR",
      rule: { visitorSourceId: "2542620639259", retentionDays: "30", prefill: false },
    };
    emulator.setFaults({ commitThenDropNext: 1, operations: ["create"] });
    const created = await createReconciled(client, visitor, new Set(), searchTiming(Infinity));
    expect(posts()).toBe(1);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([created.id]);
  });
});
