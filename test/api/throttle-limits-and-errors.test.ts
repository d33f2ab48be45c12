/**
 * The throttle's contract at its edges (virtual clock): which limits and concurrency bounds it refuses, the headroom
 * option, its counters, an unknown category, a task scheduled after close(), and a task that throws before it
 * returns a promise.
 */
import { DEFAULT_HEADROOM, Throttle, startIntervalMs } from "../../provider/api/throttle";
import type { RateLimitCategory } from "../../provider/api/types";
import { virtualClock } from "../helpers/fake-server";

/** A throttle on a virtual clock starting at 0. */
function throttleOnClock(options: { ads_write?: number; maxConcurrency?: number; headroom?: number } = {}) {
  const clock = virtualClock(0);
  const throttle = new Throttle({
    rateLimits: { ads_read: 1000, ads_write: options.ads_write ?? 400 },
    maxConcurrency: options.maxConcurrency ?? 10,
    headroom: options.headroom,
    now: clock.now,
    sleep: clock.sleep,
  });
  return { clock, throttle };
}

describe("startIntervalMs", () => {
  test.each([0, -5, NaN])("refuses a limit of %p requests a minute, naming it", (perMinute) => {
    expect(() => startIntervalMs(perMinute)).toThrow(
      new RangeError(`A rate limit must be a positive number of requests per minute, not ${perMinute}.`),
    );
  });

  test("spaces starts by the limit less the headroom; an unlimited category not at all", () => {
    expect(startIntervalMs(60)).toBeCloseTo(60_000 / (60 * (1 - DEFAULT_HEADROOM)), 9);
    expect(startIntervalMs(60, 0.5)).toBe(2_000);
    expect(startIntervalMs(Infinity)).toBe(0);
  });
});

test.each([0, 0.5, NaN])("a maxConcurrency of %p is refused, naming it", (maxConcurrency) => {
  expect(() => throttleOnClock({ maxConcurrency })).toThrow(new RangeError(`maxConcurrency must be at least 1, not ${maxConcurrency}.`));
});

test("the headroom option widens the spacing: 60 a minute with half kept unused starts one task every 2 s", async () => {
  const { clock, throttle } = throttleOnClock({ ads_write: 60, headroom: 0.5 });
  const starts: number[] = [];
  await Promise.all([1, 2, 3].map(() => throttle.schedule("ads_write", async () => void starts.push(clock.now()))));
  expect(starts).toEqual([0, 2_000, 4_000]);
});

test("queued() counts the tasks waiting in a category and running the tasks started and not finished", async () => {
  const { throttle } = throttleOnClock({ maxConcurrency: 1 });
  let finish!: () => void;
  const first = throttle.schedule("ads_write", () => new Promise<void>((resolve) => (finish = resolve)));
  const second = throttle.schedule("ads_write", async () => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  expect(throttle.running).toBe(1);
  expect(throttle.queued("ads_write")).toBe(1);
  expect(throttle.queued("ads_read")).toBe(0);
  finish();
  await Promise.all([first, second]);
  expect(throttle.running).toBe(0);
  expect(throttle.queued("ads_write")).toBe(0);
});

test("an unknown category is refused at once with a RangeError naming it", () => {
  const { throttle } = throttleOnClock();
  expect(() => throttle.queued("ads_other" as RateLimitCategory)).toThrow(new RangeError("Unknown rate-limit category ads_other."));
  expect(() => throttle.schedule("ads_other" as RateLimitCategory, async () => undefined)).toThrow(RangeError);
});

test("a task scheduled after close() is refused with the close reason and never runs", async () => {
  const { throttle } = throttleOnClock();
  const reason = new Error("client closed");
  throttle.close(reason);
  let ran = false;
  await expect(
    throttle.schedule("ads_read", async () => {
      ran = true;
    }),
  ).rejects.toBe(reason);
  expect(ran).toBe(false);
});

test("a task that throws before returning a promise fails its own call and frees its slot for the next", async () => {
  const { throttle } = throttleOnClock({ maxConcurrency: 1 });
  const boom = new Error("thrown synchronously");
  const failing = throttle.schedule("ads_read", () => {
    throw boom;
  });
  const next = throttle.schedule("ads_read", async () => "ran");
  await expect(failing).rejects.toBe(boom);
  await expect(next).resolves.toBe("ran");
  expect(throttle.running).toBe(0);
});

test("tasks queued in one category while another waits for a slot all run: one drain loop per category (else a spare loop takes a slot's wake-up and the other category waits forever)", async () => {
  const { throttle } = throttleOnClock({ maxConcurrency: 1 });
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finish.set(name, () => resolve(name));
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  const writes = [throttle.schedule("ads_write", task("w1")), throttle.schedule("ads_write", task("w2")), throttle.schedule("ads_write", task("w3"))];
  await settle();
  // The read comes once the writes wait for the slot that w1 holds.
  const all = Promise.all([...writes, throttle.schedule("ads_read", task("r1"))]);
  await settle();
  expect(started).toEqual(["w1"]);
  // Each task that ends frees the one slot for the next one waiting, whatever its category.
  for (let i = 0; i < 4 && started.length > i; i++) {
    finish.get(started[i])!();
    await settle();
  }
  expect([...started].sort()).toEqual(["r1", "w1", "w2", "w3"]);
  await expect(all).resolves.toEqual(["w1", "w2", "w3", "r1"]);
});
