/**
 * The emulator's rate limits (rolling minute per category, 429 + Retry-After) and fault injection:
 * latency, spikes, 5xx counts and seeded rates, 429 bursts, dropped connections, commit-then-drop,
 * and limiting faults to some operations. Time is a fake clock; delays are recorded, never waited for.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import type { ApiAudience } from "../../provider/api/types";
import { expectShape } from "../helpers/openapi-shapes";

const ACCOUNT = "549755885175";
const LIST = `/ad_accounts/${ACCOUNT}/audiences`;
const BODY = { name: "q", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } };

interface Answer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function call(em: Emulator, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${em.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${em.accessToken}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as unknown };
}

const create = (em: Emulator): Promise<Answer> => call(em, "POST", LIST, BODY);
const list = (em: Emulator): Promise<Answer> => call(em, "GET", LIST);

let now = 1_700_000_000_000;
let slept: number[] = [];
const running: Emulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const em = await startEmulator({
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...options,
  });
  running.push(em);
  return em;
}

beforeEach(() => {
  now = 1_700_000_000_000;
  slept = [];
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.stop()));
});

describe("rate limits", () => {
  test("a write limit of 3 a minute answers the 4th write 429 with Retry-After until the oldest slot frees", async () => {
    const em = await start({ rateLimits: { ads_write: 3 } });
    expect((await create(em)).status).toBe(200);
    now += 20_000;
    expect((await create(em)).status).toBe(200);
    now += 20_000;
    expect((await create(em)).status).toBe(200);
    now += 10_000;
    const refused = await create(em);
    expect(refused.status).toBe(429);
    expectShape("Error", refused.body);
    expect(refused.body).toMatchObject({ code: 429, message: expect.stringMatching(/ads_write.*Retry after 10 seconds/) });
    expect(refused.retryAfter).toBe("10");
    expect((await list(em)).status).toBe(200);
    expect(em.audiences(ACCOUNT)).toHaveLength(3);
    now += 9_999;
    expect((await create(em)).retryAfter).toBe("1");
    now += 1;
    expect((await create(em)).status).toBe(200);
    expect(em.counters()).toMatchObject({ rateLimited: 2, byStatus: { "200": 5, "429": 2 } });
  });

  test("reads and writes are limited separately, and setRateLimits changes or disables a limit (0 or Infinity)", async () => {
    const em = await start({ rateLimits: { ads_read: 2, ads_write: 1 } });
    expect((await list(em)).status).toBe(200);
    expect((await create(em)).status).toBe(200);
    expect((await list(em)).status).toBe(200);
    expect((await list(em)).status).toBe(429);
    expect((await create(em)).status).toBe(429);
    em.setRateLimits({ ads_read: 0, ads_write: Infinity });
    for (let i = 0; i < 5; i++) {
      expect((await list(em)).status).toBe(200);
      expect((await create(em)).status).toBe(200);
    }
    em.setRateLimits({ ads_write: 1 });
    expect((await create(em)).status).toBe(429);
    expect(() => em.setRateLimits({ ads_read: -1 })).toThrow(/at least 1/);
  });

  test("the default limits are 1000 reads and 400 writes a minute", async () => {
    const em = await start();
    for (let i = 0; i < 400; i++) em.seedAudience(ACCOUNT, { name: `s${i}`, audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } });
    const id = em.audiences(ACCOUNT)[0]?.id as string;
    const statuses: number[] = [];
    for (let i = 0; i < 401; i++) statuses.push((await call(em, "PATCH", `${LIST}/${id}`, { name: `n${i}` })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(400);
    expect(statuses[400]).toBe(429);
    const reads: number[] = [];
    for (let i = 0; i < 1001; i++) reads.push((await call(em, "GET", `${LIST}/${id}`)).status);
    expect(reads.filter((s) => s === 200)).toHaveLength(1000);
    expect(reads[1000]).toBe(429);
  });
});

describe("faults", () => {
  test("fixed latency (option or setFaults) delays every request; spikes delay the next N requests once more", async () => {
    const em = await start({ latencyMs: 25 });
    await list(em);
    await list(em);
    expect(slept).toEqual([25, 25]);
    em.setFaults({ latencySpikeNext: 2, latencySpikeMs: 500 });
    await list(em);
    await list(em);
    await list(em);
    expect(slept).toEqual([25, 25, 525, 525, 25]);
    em.setFaults({ latencyMs: 0 });
    await list(em);
    expect(slept).toHaveLength(5);
    em.clearFaults();
    await list(em);
    expect(slept).toEqual([25, 25, 525, 525, 25, 25]);
    expect(em.counters().faults).toMatchObject({ latency: 6, latencySpike: 2 });
  });

  test("serverErrorNext answers the next N requests 5xx {code, message} without processing them", async () => {
    const em = await start();
    em.setFaults({ serverErrorNext: 2, serverErrorStatus: 500 });
    const first = await create(em);
    expect(first.status).toBe(500);
    expectShape("Error", first.body);
    expect((await create(em)).status).toBe(500);
    expect(em.audiences(ACCOUNT)).toHaveLength(0);
    expect((await create(em)).status).toBe(200);
    em.setFaults({ serverErrorNext: 1, serverErrorStatus: 503 });
    expect((await list(em)).status).toBe(503);
    expect(em.counters().faults.serverError).toBe(3);
  });

  test("serverErrorRate draws from the seeded PRNG: the same seed gives the same statuses", async () => {
    const run = async (seed: number): Promise<number[]> => {
      const em = await start({ seed });
      em.setFaults({ serverErrorRate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await list(em)).status);
      return statuses;
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(a.filter((s) => s === 503).length).toBeGreaterThan(5);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(5);
    expect(await run(8)).not.toEqual(a);
  });

  test("throttleNext answers the next N requests 429 with the given Retry-After", async () => {
    const em = await start();
    em.setFaults({ throttleNext: 2, throttleRetryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const answer = await list(em);
      expect(answer.status).toBe(429);
      expect(answer.retryAfter).toBe("7");
      expectShape("Error", answer.body);
    }
    expect((await list(em)).status).toBe(200);
    expect(em.counters()).toMatchObject({ rateLimited: 0, faults: { throttle: 2 } });
  });

  test("dropNext destroys the connection before processing: no answer, and the create did not happen", async () => {
    const em = await start();
    em.setFaults({ dropNext: 1 });
    await expect(create(em)).rejects.toThrow();
    expect(em.audiences(ACCOUNT)).toHaveLength(0);
    expect((await create(em)).status).toBe(200);
    expect(em.counters()).toMatchObject({ byOperation: { create: 2 }, faults: { drop: 1 }, byStatus: { "200": 1 } });
  });

  test("commitThenDropNext applies the write, then destroys the connection without an answer", async () => {
    const em = await start();
    em.setFaults({ commitThenDropNext: 1 });
    await expect(list(em)).resolves.toMatchObject({ status: 200 });
    await expect(create(em)).rejects.toThrow();
    expect(em.audiences(ACCOUNT)).toHaveLength(1);
    const id = (em.audiences(ACCOUNT)[0] as ApiAudience).id;
    em.setFaults({ commitThenDropNext: 1 });
    await expect(call(em, "PATCH", `${LIST}/${id}`, { name: "renamed" })).rejects.toThrow();
    expect(em.audiences(ACCOUNT)[0]?.name).toBe("renamed");
    em.setFaults({ commitThenDropRate: 1 });
    await expect(call(em, "PATCH", `${LIST}/${id}`, { operation_type: "REMOVE" })).rejects.toThrow();
    expect(em.audiences(ACCOUNT)).toHaveLength(0);
    expect(em.counters().faults.commitThenDrop).toBe(3);
  });

  test("faults limited to some operations leave the others alone and keep their count for the matching ones", async () => {
    const em = await start();
    em.setFaults({ serverErrorNext: 1, dropNext: 0, operations: ["create"] });
    expect((await list(em)).status).toBe(200);
    expect((await create(em)).status).toBe(503);
    expect((await create(em)).status).toBe(200);
    em.setFaults({ dropRate: 1, operations: ["remove"] });
    const id = (em.audiences(ACCOUNT)[0] as ApiAudience).id;
    expect((await call(em, "PATCH", `${LIST}/${id}`, { name: "kept" })).status).toBe(200);
    await expect(call(em, "PATCH", `${LIST}/${id}`, { operation_type: "REMOVE" })).rejects.toThrow();
    expect(em.audiences(ACCOUNT)).toHaveLength(1);
    em.clearFaults();
    expect((await call(em, "PATCH", `${LIST}/${id}`, { operation_type: "REMOVE" })).status).toBe(200);
  });

  test("passNext lets the next N matching requests through untouched, then the faults hit the ones after", async () => {
    const em = await start({ latencyMs: 10 });
    em.setFaults({ passNext: 2, serverErrorNext: 1, commitThenDropNext: 1, operations: ["create"] });
    expect((await list(em)).status).toBe(200);
    expect((await create(em)).status).toBe(200);
    expect((await create(em)).status).toBe(200);
    expect((await create(em)).status).toBe(503);
    await expect(create(em)).rejects.toThrow();
    expect(em.audiences(ACCOUNT)).toHaveLength(3);
    expect(slept).toEqual([10, 10]); // the two failed creates only: the list is no create, and passed creates get no latency
    expect(em.counters().faults).toMatchObject({ serverError: 1, commitThenDrop: 1 });
  });

  test("injected faults come before auth: a drop or 5xx happens even without a valid token", async () => {
    const em = await start();
    em.setFaults({ serverErrorNext: 1 });
    const res = await fetch(`${em.url}${LIST}`);
    expect(res.status).toBe(503);
    expect((await fetch(`${em.url}${LIST}`)).status).toBe(401);
  });
});
