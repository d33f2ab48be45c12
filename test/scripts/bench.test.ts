/**
 * The bench at a tiny size (20 audiences, 0 ms latency, the harness copy of the package): every scenario runs
 * through the real plugin, and the request counts are the ones the design promises. No timing is asserted.
 */
import { runBench, type BenchResults } from "../../bench/bench";
import { formatTable, isMet } from "../../bench/figures";
import { figuresOf, methodOf } from "../../bench/report";
import { DEFAULT_SETTINGS, parseSettings, type BenchSettings } from "../../bench/settings";
import * as harness from "../harness";

const settings: BenchSettings = { ...DEFAULT_SETTINGS, count: 20, latencyMs: 0, parallel: 4, changes: 5, project: "copy" };
let results: BenchResults;

beforeAll(async () => {
  results = await runBench(settings, { harness, repoRoot: harness.REPO_ROOT });
}, 300_000);

test("preview with nothing changed sends no request and plans no change", () => {
  const { serial, parallel } = results.preview.value;
  expect(serial.counters.requests).toBe(0);
  expect(parallel.counters.requests).toBe(0);
  expect(serial.result.steps.filter((s) => s.op !== "same")).toEqual([]);
  expect(serial.result.calls.check).toBe(20);
  expect(serial.result.calls.diff).toBe(20);
});

test("refresh one at a time: one GET for the first read, then one listing for the rest", () => {
  const { counters, result } = results.refreshSerial.value;
  expect(result.calls.read).toBe(20);
  expect(counters.byOperation).toMatchObject({ get: 1, list: 1, create: 0, update: 0, remove: 0 });
  expect(counters.requests).toBe(2);
});

test("refresh many at once: a single listing (plus one GET if the first read arrived alone)", () => {
  const { counters } = results.refreshThenChange.value.refresh;
  expect(counters.byOperation.list).toBe(1);
  expect(counters.byOperation.get).toBeLessThanOrEqual(1);
  expect(counters.requests).toBeLessThanOrEqual(2);
});

test("a read right after a write is fresh: one GET per audience written, none stale", () => {
  const { up, again, stale } = results.refreshThenChange.value;
  expect(up.counters.byOperation.update).toBe(5);
  expect(again.counters.byOperation).toMatchObject({ get: 5, list: 0 });
  expect(again.counters.requests).toBe(5);
  expect(stale).toEqual([]);
});

// No "no 429" check here: 20 creates cannot reach the 400-a-minute write limit, so it could not fail. Staying
// under the limit is tested where it can fail: test/api/client-throttle.test.ts and bench-throttle.test.ts (virtual
// clock) and the real CLI's parallel up of 200 audiences (test/e2e/parallel-up.test.ts).
test("up creating every audience: one create each, no failure; creates arriving together share the listing before them", () => {
  const { counters, result } = results.upCreate.value;
  expect(result.errors).toEqual([]);
  expect(results.audiencesAfterUp).toBe(20);
  expect(counters.byOperation.create).toBe(20);
  // Each create needs a listing of the account that began at most a second before it; 20 creates share a few.
  expect(counters.byOperation.list).toBeGreaterThanOrEqual(1);
  expect(counters.byOperation.list).toBeLessThanOrEqual(10);
  expect(counters.requests).toBe(20 + counters.byOperation.list);
});

test("up changing 5 of 20 (after a refresh in the same process) sends exactly 5 writes and nothing else", () => {
  const { counters, result } = results.refreshThenChange.value.up;
  expect(result.calls.update).toBe(5);
  expect(counters.byOperation.update).toBe(5);
  expect(counters.requests).toBe(5);
});

test("the baseline is one request per audience", () => {
  const { creates, reads, updates } = results.baseline;
  expect(creates.counters.byOperation.create).toBe(20);
  expect(reads.counters.byOperation.get).toBe(20);
  expect(reads.counters.requests).toBe(20);
  expect(updates.counters.byOperation.update).toBe(5);
  expect(creates.failures + reads.failures + updates.failures).toBe(0);
});

test("every resource shares one serialised provider, and every declaration validates", () => {
  expect(results.providerShared).toBe(true);
  expect(results.providerBytes).toBeGreaterThan(0);
  expect(results.check.failures).toBe(0);
});

test("the report has a row per figure, and the request-count targets are met", () => {
  const figures = figuresOf(results);
  const table = formatTable(figures);
  expect(table.split("\n")).toHaveLength(figures.length + 2);
  expect(methodOf(results).join("\n")).toContain("20 audiences");
  const requestFigures = figures.filter((f) => f.unit === "requests");
  expect(requestFigures.length).toBeGreaterThan(5);
  for (const figure of requestFigures)
    expect([figure.scenario, figure.figure, isMet(figure)]).toEqual([
      figure.scenario,
      figure.figure,
      figure.target.kind === "report" ? undefined : true,
    ]);
});

test("settings: flags win over the environment; bad values are refused", () => {
  expect(parseSettings(["--count", "30", "--latency=5"], { BENCH_COUNT: "99", BENCH_PARALLEL: "8" })).toMatchObject({
    count: 30,
    latencyMs: 5,
    parallel: 8,
    changes: 10,
  });
  expect(parseSettings([], {})).toMatchObject({ count: 1000, latencyMs: 50, parallel: 16, project: "npm" });
  expect(() => parseSettings(["--count", "x"], {})).toThrow("--count");
  expect(() => parseSettings(["--changes", "50", "--count", "20"], {})).toThrow("cannot exceed");
  expect(() => parseSettings(["--bogus", "1"], {})).toThrow("Unknown flag");
});
