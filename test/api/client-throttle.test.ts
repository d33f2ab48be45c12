/**
 * Throttling, proven on a virtual clock (no timing assertions): a burst of 1,000 calls queues and
 * never exceeds the per-minute limit in any 60 s window, yet takes within a few percent of
 * N / limit minutes; a 429 pauses the whole category; concurrency stays bounded; one category
 * does not hold up the other.
 */
import * as http from "node:http";
import { PinterestClient } from "../../provider/api";
import { Throttle, startIntervalMs } from "../../provider/api/throttle";
import { scripted, startFakeServer, virtualClock, type FakeServer } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const MINUTE = 60_000;

/** The largest number of times falling in any closed window [t, t + width] of the sorted times. */
function maxInAnyWindow(sortedTimes: number[], width: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sortedTimes.length; end++) {
    while (sortedTimes[end] - sortedTimes[start] > width) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** A promise with its resolve function exposed. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("Throttle (unit, virtual clock)", () => {
  test.each([
    ["ads_write", 400, 1000],
    ["ads_read", 1000, 2500],
  ] as const)(
    "queued %s tasks at %d/min (%d of them): never over the limit in any 60 s window, done within 3%% of N / limit",
    async (category, limit, count) => {
      const clock = virtualClock(0);
      const throttle = new Throttle({
        rateLimits: { ads_read: 1000, ads_write: 400, [category]: limit },
        maxConcurrency: 10,
        now: clock.now,
        sleep: clock.sleep,
      });
      const starts: number[] = [];
      const calls = Array.from({ length: count }, () => throttle.schedule(category, async () => void starts.push(clock.now())));
      await Promise.all(calls);

      expect(starts).toHaveLength(count);
      expect(maxInAnyWindow(starts, MINUTE)).toBeLessThanOrEqual(limit);
      const span = starts[starts.length - 1] - starts[0];
      const ideal = (count / limit) * MINUTE;
      expect(span).toBeLessThanOrEqual(ideal * 1.03);
      expect(span).toBeGreaterThanOrEqual(ideal * 0.97);
    },
  );

  test("a limit below one per minute (Trial access) still spaces tasks", async () => {
    const clock = virtualClock(0);
    const throttle = new Throttle({ rateLimits: { ads_read: 1000, ads_write: 0.5 }, maxConcurrency: 10, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    await Promise.all([1, 2, 3].map(() => throttle.schedule("ads_write", async () => void starts.push(clock.now()))));
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(2 * MINUTE);
  });

  test("pause() holds every queued task of the category until the given time", async () => {
    const clock = virtualClock(0);
    const throttle = new Throttle({ rateLimits: { ads_read: 1000, ads_write: 60 }, maxConcurrency: 10, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    const first = throttle.schedule("ads_write", async () => {
      starts.push(clock.now());
      throttle.pause("ads_write", clock.now() + 30_000);
    });
    const rest = [1, 2].map(() => throttle.schedule("ads_write", async () => void starts.push(clock.now())));
    await Promise.all([first, ...rest]);
    expect(starts[1]).toBeGreaterThanOrEqual(starts[0] + 30_000);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(startIntervalMs(60));
  });

  test("no more than maxConcurrency tasks run at once; the next starts when one finishes", async () => {
    const clock = virtualClock(0);
    const throttle = new Throttle({ rateLimits: { ads_read: Infinity, ads_write: Infinity }, maxConcurrency: 3, now: clock.now, sleep: clock.sleep });
    const gates = Array.from({ length: 10 }, () => deferred());
    let running = 0;
    let peak = 0;
    let started = 0;
    const calls = gates.map((gate, i) =>
      throttle.schedule(i % 2 ? "ads_read" : "ads_write", async () => {
        started += 1;
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(3);
    for (const gate of gates) {
      gate.resolve();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(calls);
    expect(started).toBe(10);
    expect(peak).toBe(3);
  });

  test("a slow category does not hold up the other", async () => {
    const clock = virtualClock(0);
    const throttle = new Throttle({ rateLimits: { ads_read: Infinity, ads_write: 1 }, maxConcurrency: 4, now: clock.now, sleep: clock.sleep });
    const order: string[] = [];
    const writes = [1, 2, 3].map((i) => throttle.schedule("ads_write", async () => void order.push(`write${i}`)));
    const reads = [1, 2, 3].map((i) => throttle.schedule("ads_read", async () => void order.push(`read${i}`)));
    await Promise.all([...writes, ...reads]);
    expect(order.indexOf("read3")).toBeLessThan(order.indexOf("write2"));
  });

  test("close() rejects queued tasks", async () => {
    const clock = virtualClock(0);
    const throttle = new Throttle({
      rateLimits: { ads_read: 1, ads_write: 1 },
      maxConcurrency: 1,
      now: () => clock.now(),
      sleep: () => new Promise(() => undefined),
    });
    const first = throttle.schedule("ads_read", async () => "ran");
    const second = throttle.schedule("ads_read", async () => "ran");
    throttle.close(new Error("closed"));
    await expect(first).resolves.toBe("ran");
    await expect(second).rejects.toThrow("closed");
  });
});

describe("PinterestClient throttling (scripted server, virtual clock, send times taken at the HTTP agent)", () => {
  let server: FakeServer | undefined;
  let client: PinterestClient | undefined;
  let addRequest: jest.SpyInstance | undefined;
  afterEach(async () => {
    addRequest?.mockRestore();
    client?.close();
    await server?.stop();
  });

  /** Records the virtual time at which each request is handed to an HTTP agent. */
  function recordSends(now: () => number): number[] {
    const sends: number[] = [];
    // addRequest is where http.request hands a request to the agent; @types/node does not declare it.
    const proto = http.Agent.prototype as unknown as { addRequest: (...args: unknown[]) => unknown };
    const original = proto.addRequest;
    addRequest = jest.spyOn(proto, "addRequest").mockImplementation(function (this: unknown, ...args: unknown[]) {
      sends.push(now());
      return original.apply(this, args);
    });
    return sends;
  }

  test("1,000 creates at once are queued: each sent once, never over 400 in any 60 s window, done within 3% of N / limit", async () => {
    let id = 1_000_000;
    server = await startFakeServer((req) => ({
      status: 200,
      body: { id: String(id++), ad_account_id: ACCOUNT, name: (req.json as { name: string }).name, audience_type: "VISITOR" },
    }));
    const clock = virtualClock(0);
    const sends = recordSends(clock.now);
    client = new PinterestClient({
      baseUrl: server.url,
      accessToken: "test-token-abcdef",
      rateLimits: { ads_write: 400 },
      now: clock.now,
      sleep: clock.sleep,
    });
    const created = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        client!.audiences.create(ACCOUNT, { name: `a${i}`, audience_type: "VISITOR", rule: { visitor_source_id: "1" } }),
      ),
    );
    expect(new Set(created.map((a) => a.id)).size).toBe(1000);
    expect(server.requests).toHaveLength(1000);
    expect(sends).toHaveLength(1000);
    expect(maxInAnyWindow(sends, MINUTE)).toBeLessThanOrEqual(400);
    const span = sends[sends.length - 1] - sends[0];
    expect(span).toBeLessThanOrEqual((1000 / 400) * MINUTE * 1.03);
  });

  test("a 429 with Retry-After pauses the whole category, not just the call that got it", async () => {
    server = await startFakeServer(
      scripted(
        [
          { status: 200, body: { id: "1", ad_account_id: ACCOUNT, name: "x", audience_type: "VISITOR" } },
          { status: 429, headers: { "Retry-After": "30" } },
        ],
        () => ({
          status: 200,
          body: { id: "2", ad_account_id: ACCOUNT, name: "x", audience_type: "VISITOR" },
        }),
      ),
    );
    const clock = virtualClock(0);
    const sends = recordSends(clock.now);
    // maxRetries 0: the call that draws the 429 fails at once, so only the pause can hold the others back
    client = new PinterestClient({
      baseUrl: server.url,
      accessToken: "test-token-abcdef",
      rateLimits: { ads_read: 6000 },
      maxRetries: 0,
      maxConcurrency: 1,
      now: clock.now,
      sleep: clock.sleep,
    });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client!.audiences.get(ACCOUNT, "1")));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(sends).toHaveLength(5);
    // sends[1] drew the 429; nothing in the category went out in the 30 s after it
    for (const later of sends.slice(2)) expect(later).toBeGreaterThanOrEqual(sends[1] + 30_000);
  });
});
