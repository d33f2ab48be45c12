/** The pure parts of the client: retry decisions, full-jitter backoff, Retry-After parsing, secret redaction. */
import {
  backoffDelay,
  decideRetry,
  parseRetryAfter,
  rateLimitWait,
  type AttemptOutcome,
  type RequestSafety,
  type RetryPolicy,
} from "../../provider/api/retry";
import { redactSecrets } from "../../provider/api/redact";

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

describe("decideRetry", () => {
  test.each<[string, AttemptOutcome, RequestSafety, string, boolean]>([
    ["GET 503", { kind: "status", status: 503 }, "safe", "retry", false],
    ["GET timeout", { kind: "timeout" }, "safe", "retry", false],
    ["GET dropped", { kind: "dropped" }, "safe", "retry", false],
    ["GET 400", { kind: "status", status: 400 }, "safe", "stop", false],
    ["GET 404", { kind: "status", status: 404 }, "safe", "stop", false],
    ["PATCH 500", { kind: "status", status: 500 }, "idempotent", "retry", false],
    ["PATCH timeout", { kind: "timeout" }, "idempotent", "retry", false],
    ["POST 429", { kind: "status", status: 429 }, "unsafe", "retry", false],
    ["POST refused", { kind: "refused" }, "unsafe", "retry", false],
    ["POST 500", { kind: "status", status: 500 }, "unsafe", "stop", true],
    ["POST 503", { kind: "status", status: 503, retryAfterMs: 1000 }, "unsafe", "stop", true],
    ["POST timeout", { kind: "timeout" }, "unsafe", "stop", true],
    ["POST dropped", { kind: "dropped" }, "unsafe", "stop", true],
    ["POST 400", { kind: "status", status: 400 }, "unsafe", "stop", false],
    ["TLS failure", { kind: "rejected" }, "safe", "stop", false],
  ])("%s -> %s (ambiguous %s)", (_name, outcome, safety, action, ambiguous) => {
    const decision = decide(outcome, safety);
    expect(decision.action).toBe(action);
    if (decision.action === "stop") expect(decision.ambiguous).toBe(ambiguous);
  });

  test("POST after a possible effect stops with reason not_resendable", () => {
    expect(decide({ kind: "timeout" }, "unsafe")).toEqual({ action: "stop", reason: "not_resendable", ambiguous: true });
  });

  test("stops after maxRetries re-sends", () => {
    expect(decide({ kind: "status", status: 503 }, "safe", 2).action).toBe("retry");
    expect(decide({ kind: "status", status: 503 }, "safe", 3)).toMatchObject({ action: "stop", reason: "retries_exhausted" });
  });

  test("a 429 asking for a longer wait than maxRateLimitWaitMs stops at once; one without Retry-After waits the rate window, at most the cap", () => {
    expect(decide({ kind: "status", status: 429, retryAfterMs: 30_001 }, "safe")).toEqual({
      action: "stop",
      reason: "wait_too_long",
      ambiguous: false,
    });
    expect(decide({ kind: "status", status: 429, retryAfterMs: 3_000_000_000 }, "unsafe")).toMatchObject({ action: "stop", reason: "wait_too_long" });
    expect(decide({ kind: "status", status: 429, retryAfterMs: 30_000 }, "safe")).toEqual({ action: "retry", delayMs: 30_000 });
    expect(decide({ kind: "status", status: 429 }, "safe")).toEqual({ action: "retry", delayMs: 30_000 });
    expect(
      decideRetry({
        outcome: { kind: "status", status: 429 },
        safety: "safe",
        retriesSoFar: 0,
        waitedMs: 0,
        policy: { ...policy, maxRetryTimeMs: 600_000, maxRateLimitWaitMs: 600_000 },
        random: () => 0.5,
      }),
    ).toEqual({
      action: "retry",
      delayMs: 60_000,
    });
  });

  test("rateLimitWait: what a 429 holds its category for is never longer than the cap, whatever Retry-After says", () => {
    expect(rateLimitWait(5_000, policy)).toBe(5_000);
    expect(rateLimitWait(3_600_000, policy)).toBe(30_000);
    expect(rateLimitWait(Infinity, policy)).toBe(30_000);
    expect(rateLimitWait(NaN, policy)).toBe(30_000);
    expect(rateLimitWait(undefined, policy)).toBe(30_000);
    expect(rateLimitWait(undefined, { ...policy, maxRateLimitWaitMs: 600_000 })).toBe(60_000);
  });

  test("Retry-After is the delay, and one past the time budget stops", () => {
    expect(decide({ kind: "status", status: 429, retryAfterMs: 4_000 }, "safe")).toEqual({ action: "retry", delayMs: 4_000 });
    expect(decide({ kind: "status", status: 429, retryAfterMs: 4_000 }, "safe", 1, 57_000)).toMatchObject({
      action: "stop",
      reason: "time_exhausted",
    });
  });
});

describe("backoffDelay (full jitter)", () => {
  test("the ceiling doubles per retry and is capped", () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => backoffDelay(i, policy, () => 0.999999))).toEqual([499, 999, 1999, 3999, 7999, 7999]);
  });
  test("the delay is anywhere from zero up to the ceiling", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(1000);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2030-01-01T00:00:00Z");
  test.each<[string | null, number | undefined]>([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
    ["Tue, 01 Jan 2030 00:00:30 GMT", 30_000],
    ["Mon, 31 Dec 2029 23:00:00 GMT", 0],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
  ])("%j -> %p ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe("redactSecrets", () => {
  test("known secrets and credential-shaped fragments are replaced", () => {
    const text =
      'sent Authorization: Bearer abc.def-123 with {"access_token":"tok-999999"} refresh_token=r-777777 secret my-app-secret and pina_XYZ123';
    const out = redactSecrets(text, ["my-app-secret", "short", undefined]);
    expect(out).not.toMatch(/abc\.def-123|tok-999999|r-777777|my-app-secret|pina_XYZ123/);
    expect(out).toContain("Bearer [redacted]");
  });
  test("text without secrets is unchanged", () => {
    expect(redactSecrets("Audience 123 not found in ad account 456.", ["abcdefgh"])).toBe("Audience 123 not found in ad account 456.");
  });
});
