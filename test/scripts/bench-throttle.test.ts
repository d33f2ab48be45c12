/**
 * Why the throttle spaces requests evenly instead of bursting up to the limit: every `pulumi` command starts a
 * fresh plugin, whose throttle starts empty while Pinterest's rolling window still holds the previous
 * command's requests. Two fresh throttles back to back (virtual clock, no timing assertions) stay under the
 * limit in every 60 s window; a burst-then-wait schedule would not.
 */
import { Throttle } from "../../provider/api/throttle";
import { virtualClock } from "../helpers/fake-server";

const MINUTE = 60_000;
const LIMITS = { ads_read: 1000, ads_write: 400 };

/** The largest number of sorted times falling in any window [t, t + width). */
function maxInAnyWindow(sorted: number[], width: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= width) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Start times of `count` writes queued at once on a fresh throttle, from the clock's current time. */
async function freshCommand(clock: ReturnType<typeof virtualClock>, count: number): Promise<number[]> {
  const throttle = new Throttle({ rateLimits: LIMITS, maxConcurrency: 10, now: clock.now, sleep: clock.sleep });
  const starts: number[] = [];
  await Promise.all(Array.from({ length: count }, () => throttle.schedule("ads_write", async () => void starts.push(clock.now()))));
  return starts;
}

test("two commands back to back, each a fresh throttle, stay within 400 writes in every rolling minute", async () => {
  const clock = virtualClock(0);
  const first = await freshCommand(clock, 1000);
  const second = await freshCommand(clock, 1000);
  expect(second[0]).toBeGreaterThanOrEqual(first[first.length - 1]);
  expect(maxInAnyWindow([...first, ...second], MINUTE)).toBeLessThanOrEqual(LIMITS.ads_write);
});

test("1,000 writes take the rate-limit floor (1,000 / 400 a minute = 150 s) within 3 %", async () => {
  const clock = virtualClock(0);
  const starts = await freshCommand(clock, 1000);
  const span = starts[starts.length - 1] - starts[0];
  expect(span).toBeGreaterThanOrEqual(150_000 * 0.97);
  expect(span).toBeLessThanOrEqual(150_000 * 1.03);
});

test("a burst up to the limit then a wait (the alternative) would draw 429s after an earlier command", () => {
  // Command 1 evenly spaced over its last minute; command 2 bursts 400 at once as soon as it starts.
  const earlier = Array.from({ length: 392 }, (_, i) => i * (MINUTE / 392));
  const burst = Array.from({ length: 400 }, () => MINUTE);
  expect(maxInAnyWindow([...earlier, ...burst], MINUTE)).toBeGreaterThan(LIMITS.ads_write);
});
