/**
 * The edges of the retry decisions: which statuses are retried, the reason a call stops, that a read is never
 * ambiguous, the time budget's boundary, and Retry-After values that are neither delta seconds nor a date.
 */
import { decideRetry, isRetryableStatus, parseRetryAfter, type AttemptOutcome, type RequestSafety, type RetryPolicy } from "../../provider/api/retry";

const policy: RetryPolicy = {
  maxRetries: 3,
  maxRetryTimeMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRateLimitWaitMs: 30_000,
  rateWindowMs: 60_000,
};
const decide = (outcome: AttemptOutcome, safety: RequestSafety, retriesSoFar = 0, waitedMs = 0) =>
  decideRetry({ outcome, safety, retriesSoFar, waitedMs, policy, random: () => 0.5 });

test.each<[number, boolean]>([
  [428, false],
  [429, true],
  [430, false],
  [499, false],
  [500, true],
  [599, true],
  [600, false],
])("HTTP %i is retryable: %p", (status, retryable) => {
  expect(isRetryableStatus(status)).toBe(retryable);
});

test("a status that is not retryable stops with reason not_retryable", () => {
  expect(decide({ kind: "status", status: 400 }, "safe")).toEqual({ action: "stop", reason: "not_retryable", ambiguous: false });
  expect(decide({ kind: "rejected" }, "idempotent")).toEqual({ action: "stop", reason: "not_retryable", ambiguous: false });
});

test("a read that runs out of retries after a 5xx is not ambiguous: a GET changes nothing", () => {
  expect(decide({ kind: "status", status: 503 }, "safe", 3)).toEqual({ action: "stop", reason: "retries_exhausted", ambiguous: false });
  expect(decide({ kind: "timeout" }, "safe", 3)).toEqual({ action: "stop", reason: "retries_exhausted", ambiguous: false });
  expect(decide({ kind: "status", status: 503 }, "idempotent", 3)).toEqual({ action: "stop", reason: "retries_exhausted", ambiguous: true });
});

test("a wait that ends exactly at maxRetryTimeMs is still made; one a millisecond longer is not", () => {
  expect(decide({ kind: "status", status: 429, retryAfterMs: 4_000 }, "safe", 1, 56_000)).toEqual({ action: "retry", delayMs: 4_000 });
  expect(decide({ kind: "status", status: 429, retryAfterMs: 4_000 }, "safe", 1, 56_001)).toMatchObject({ action: "stop", reason: "time_exhausted" });
});

describe("parseRetryAfter beyond the plain cases", () => {
  const now = Date.parse("2030-01-01T00:00:00Z");
  test.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    [" 3 ", 3_000],
    ["1.25", 1_250],
    ["3 seconds", undefined],
    ["x3", undefined],
    ["3s", undefined],
  ])("%j -> %p ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
