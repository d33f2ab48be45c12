/**
 * Issue 11: rate-limit waits have a cap (60 s by default, option `maxRateLimitWaitMs`, environment
 * PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS). A longer Retry-After fails that call at once, quoting the wait; a
 * category is never held longer than the cap; no value overflows a timer; a 429 without Retry-After waits
 * for the rate window. Virtual clocks, except where the real timer itself is what is tested (a few ms).
 */
import { PinterestApiError, PinterestClient } from "../../provider/api";
import { clientOnFakeServer } from "../helpers/client-on-fake-server";
import { scripted } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const AUDIENCE = "2542620639259";
const audience = { id: AUDIENCE, ad_account_id: ACCOUNT, name: "x", audience_type: "VISITOR" };

const { setup } = clientOnFakeServer({ maxConcurrency: 1, env: {} }, 0);
/** Options that give a set-up's client the real clock and timers, where the real timer is what is tested. */
const REAL_CLOCK = { now: undefined, sleep: undefined, random: undefined };

const tooLong = (seconds: string) => ({ status: 429, headers: { "Retry-After": seconds }, body: { code: 8, message: "Rate limit exceeded" } });

test("Retry-After: 3600 fails that call at once, quoting the wait, and later calls in the category wait at most 60 s", async () => {
  const { server, client, clock } = await setup(scripted([tooLong("3600")], { status: 200, body: audience }));
  const results = await Promise.allSettled([client.audiences.get(ACCOUNT, AUDIENCE), client.audiences.get(ACCOUNT, AUDIENCE)]);
  expect(server.requests).toHaveLength(2);
  const error = (results[0] as PromiseRejectedResult).reason as PinterestApiError;
  expect(error).toMatchObject({ status: 429, retryAfterSeconds: 3600, attempts: 1 });
  expect(error.message).toMatch(/Pinterest asked to wait 3600 s \(60 min\)/);
  expect(error.message).toMatch(/PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS/);
  expect(error.message).not.toMatch(/in a minute/);
  expect(results[1].status).toBe("fulfilled");
  expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(60_000);
  expect(clock.now()).toBeLessThanOrEqual(60_000 + 1_000);
});

test("the cap is an option and an environment variable (seconds); the option wins", async () => {
  const fromEnv = await setup(scripted([tooLong("10")], { status: 200, body: audience }), { env: { PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS: "5" } });
  await expect(fromEnv.client.audiences.get(ACCOUNT, AUDIENCE)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 10 });
  await fromEnv.server.stop();
  const fromOption = await setup(scripted([tooLong("10")], { status: 200, body: audience }), {
    env: { PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS: "5" },
    maxRateLimitWaitMs: 20_000,
  });
  await expect(fromOption.client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  expect(fromOption.clock.sleeps).toContain(10_000);
  expect(() => new PinterestClient({ env: { PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS: "soon" } })).toThrow(
    /PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS must be a positive number/,
  );
});

test("a 429 without Retry-After waits for the rate window (60 s), not a short backoff", async () => {
  const { client, clock } = await setup(
    scripted([{ status: 429, body: { code: 8, message: "Rate limit exceeded" } }], { status: 200, body: audience }),
  );
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  expect(clock.sleeps).toContain(60_000);
  expect(clock.now()).toBeGreaterThanOrEqual(60_000);
});

test("a 429 without Retry-After waits at most the cap", async () => {
  const { client, clock } = await setup(scripted([{ status: 429 }], { status: 200, body: audience }), { maxRateLimitWaitMs: 10_000 });
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  expect(clock.sleeps).toContain(10_000);
  expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(10_000);
});

describe("no value overflows Node's timer (real timers, a few ms)", () => {
  /** Largest delay a Node timer holds; a longer one fires at once with a TimeoutOverflowWarning. */
  const MAX_TIMER_MS = 2 ** 31 - 1;
  let warnings: string[];
  let delays: number[];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  beforeEach(() => {
    warnings = [];
    delays = [];
    process.on("warning", onWarning);
    const realSetTimeout = global.setTimeout;
    jest.spyOn(global, "setTimeout").mockImplementation(((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return realSetTimeout(callback, ms);
    }) as typeof setTimeout);
  });
  afterEach(() => {
    process.off("warning", onWarning);
    jest.restoreAllMocks();
  });

  test("Retry-After: 3000000 holds the category for the cap only, and no TimeoutOverflowWarning", async () => {
    const { client } = await setup(scripted([tooLong("3000000")], { status: 200, body: audience }), { ...REAL_CLOCK, maxRateLimitWaitMs: 50 });
    const first = client.audiences.get(ACCOUNT, AUDIENCE);
    const second = client.audiences.get(ACCOUNT, AUDIENCE);
    await expect(first).rejects.toMatchObject({ status: 429, retryAfterSeconds: 3_000_000 });
    const outcome = await Promise.race([second.then(() => "answered"), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 3_000))]);
    expect(outcome).toBe("answered");
    expect(warnings).not.toContain("TimeoutOverflowWarning");
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  test("a throttle interval longer than a timer can hold waits without overflowing", async () => {
    // one request in 40 days: the second call waits ~5.8e10 ms, far past 2^31 - 1
    const { server, client } = await setup(() => ({ status: 200, body: audience }), {
      ...REAL_CLOCK,
      maxConcurrency: undefined,
      rateLimits: { ads_read: 1 / 57_600 },
    });
    await client.audiences.get(ACCOUNT, AUDIENCE);
    const waiting = client.audiences.get(ACCOUNT, AUDIENCE).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
    expect(warnings).not.toContain("TimeoutOverflowWarning");
    expect(delays.length).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    client.close();
    await expect(waiting).resolves.toBeInstanceOf(PinterestApiError);
  });
});
