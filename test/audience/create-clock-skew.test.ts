/**
 * Issue 18, defect 1: create reconciliation is right whatever the clocks say.
 *
 * Pinterest's `Date` header and the clock behind `created_timestamp` are not promised to agree, nor are the front
 * ends a load balancer spreads requests over. Under skews from -60 s to +60 s between the two, and with front ends
 * that disagree, a create that commits and loses its answer is adopted (one POST, one audience), and an identical
 * audience someone made by hand shortly before the request is never adopted (the request is sent again). Against
 * the emulator, whose data clock and waits are the test's.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { PinterestClient } from "../../provider/api";
import { createReconciled, type CreateTiming } from "../../provider/audience/create";
import type { AudienceInputs } from "../../provider/audience/model";

const ACCOUNT = "549755885175";
const TIMEOUT_MS = 300;
const DECLARED: AudienceInputs = { adAccountId: ACCOUNT, name: "Buyers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } };
const HAND_MADE = { name: DECLARED.name, audience_type: "CUSTOMER_LIST" as const, rule: { customer_list_id: "5497558859876" } };

/** Skews of the `Date` header from the data clock, in ms (positive: ahead), as the issue lists them. */
const SKEWS_MS = [-60_000, -10_000, -3_000, -1_500, 0, 1_500, 3_000, 10_000, 60_000];
/** Front ends whose clocks disagree, taken in turn. */
const DISAGREEING = [
  [10_000, -10_000],
  [-60_000, 60_000, 0],
];

let serverNow = 0;
let emulator: Emulator;
let client: PinterestClient;

async function start(dateSkewsMs: number[]): Promise<void> {
  serverNow = Date.now();
  emulator = await startEmulator({ now: () => serverNow, behaviour: { dateSkewsMs } });
  client = new PinterestClient({
    accessToken: emulator.accessToken,
    baseUrl: emulator.url,
    timeoutMs: TIMEOUT_MS,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
    sleep: async () => undefined,
  });
  // An earlier answer (a read of the stack, say) taught the client whatever the Date header says.
  await client.audiences.list(ACCOUNT);
}

afterEach(async () => {
  client?.close();
  await emulator?.stop();
});

/** A virtual clock for the search: sleeps advance it (and Pinterest's data clock) without waiting. */
function virtualTiming(): CreateTiming {
  let virtual = 0;
  return {
    now: () => virtual,
    sleep: async (ms) => {
      virtual += ms;
      serverNow += ms;
    },
  };
}

const posts = (): number => emulator.counters().byOperation.create;
const liveIds = (): string[] =>
  emulator
    .audiences(ACCOUNT)
    .map((a) => a.id)
    .sort();

describe.each([
  ...SKEWS_MS.map((skew) => [`Date ${skew / 1000} s from the data clock`, [skew]] as const),
  ...DISAGREEING.map((skews) => [`front ends at ${skews.map((s) => s / 1000).join(", ")} s`, skews] as const),
])("%s", (_label, skews) => {
  test("a create that commits and loses its answer is adopted: one POST, one audience", async () => {
    await start([...skews]);
    emulator.setFaults({ commitThenDropNext: 1, operations: ["create"] });
    const created = await createReconciled(client, DECLARED, new Set(), virtualTiming());
    expect(posts()).toBe(1);
    expect(liveIds()).toEqual([created.id]);
  });

  test("an identical audience made by hand 3 s before the request is not adopted; the lost request is sent again", async () => {
    await start([...skews]);
    const handMade = emulator.seedAudience(ACCOUNT, HAND_MADE);
    serverNow += 3_000;
    emulator.setFaults({ dropNext: 1, operations: ["create"] });
    const created = await createReconciled(client, DECLARED, new Set(), virtualTiming());
    expect(created.id).not.toBe(handMade.id);
    expect(posts()).toBe(2);
    expect(liveIds()).toEqual([created.id, handMade.id].sort());
  });

  test("an identical audience made by hand 1 s before a create that commits and loses its answer: the create's own is adopted", async () => {
    await start([...skews]);
    const handMade = emulator.seedAudience(ACCOUNT, HAND_MADE);
    serverNow += 1_000;
    emulator.setFaults({ commitThenDropNext: 1, operations: ["create"] });
    const created = await createReconciled(client, DECLARED, new Set(), virtualTiming());
    expect(created.id).not.toBe(handMade.id);
    expect(posts()).toBe(1);
    expect(liveIds()).toEqual([created.id, handMade.id].sort());
  });
});

describe("an identical audience made by hand just after the request", () => {
  /** Search timing whose first pause makes an identical audience by hand (and, with `commit`, lets the held create commit). */
  function handMadeDuringSearch(commit: () => void): CreateTiming & { handMadeId: () => string } {
    const timing = virtualTiming();
    const sleep = timing.sleep as (ms: number) => Promise<void>;
    let handMadeId = "";
    return {
      ...timing,
      handMadeId: () => handMadeId,
      sleep: async (ms) => {
        if (!handMadeId) {
          handMadeId = emulator.seedAudience(ACCOUNT, HAND_MADE).id;
          commit();
          for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        }
        await sleep(ms);
      },
    };
  }

  test("with the create committed too, two audiences are new: the step fails naming both, and nothing is sent again", async () => {
    await start([0]);
    const HELD_MS = 987_654;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await emulator.stop();
    emulator = await startEmulator({ now: () => serverNow, sleep: (ms) => (ms === HELD_MS ? held : Promise.resolve()) });
    client.close();
    client = new PinterestClient({
      accessToken: emulator.accessToken,
      baseUrl: emulator.url,
      timeoutMs: TIMEOUT_MS,
      rateLimits: { ads_read: Infinity, ads_write: Infinity },
      sleep: async () => undefined,
    });
    emulator.setFaults({ commitAfterDropNext: 1, commitAfterDropMs: HELD_MS, operations: ["create"] });
    const timing = handMadeDuringSearch(release);
    const failure = createReconciled(client, DECLARED, new Set(), timing);
    await expect(failure).rejects.toThrow(/2 audiences in ad account 549755885175 appeared since the request/);
    const error = (await failure.catch((e: Error) => e)) as Error;
    expect(posts()).toBe(1);
    expect(liveIds()).toHaveLength(2);
    for (const id of liveIds()) expect(error.message).toContain(id);
    release();
  });

  test("with the create not taken effect, the hand-made one cannot be told from the request's own: adopted, never duplicated (the documented limit)", async () => {
    await start([0]);
    emulator.setFaults({ dropNext: 1, operations: ["create"] });
    const timing = handMadeDuringSearch(() => undefined);
    const adopted = await createReconciled(client, DECLARED, new Set(), timing);
    expect(adopted.id).toBe(timing.handMadeId());
    expect(posts()).toBe(1);
    expect(liveIds()).toEqual([adopted.id]);
  });
});

describe("the listing before the create", () => {
  test("a listing that fails stops the step before anything is sent, naming the ad account and Pinterest's error", async () => {
    await start([0]);
    emulator.setFaults({ serverErrorNext: 100, operations: ["list"] });
    const quick = new PinterestClient({
      accessToken: emulator.accessToken,
      baseUrl: emulator.url,
      timeoutMs: TIMEOUT_MS,
      maxRetries: 0,
      rateLimits: { ads_read: Infinity, ads_write: Infinity },
      sleep: async () => undefined,
    });
    try {
      await expect(createReconciled(quick, DECLARED, new Set(), virtualTiming())).rejects.toThrow(
        /Nothing was created: listing ad account 549755885175 failed.*"Buyers".*503/s,
      );
      expect(posts()).toBe(0);
    } finally {
      quick.close();
    }
  });
});
