/**
 * Retry decisions and backoff: pure functions, no I/O and no clock of their own.
 * The transport describes what happened to one attempt; {@link decideRetry} says whether to send again.
 */

/** Limits of the retry loop of one call. */
export interface RetryPolicy {
  /** How many times a call may be re-sent. */
  maxRetries: number;
  /** Cap on the total time spent waiting between attempts of one call, in ms. */
  maxRetryTimeMs: number;
  /** First backoff step, in ms. */
  baseDelayMs: number;
  /** Largest backoff step, in ms. */
  maxDelayMs: number;
  /** Longest wait for a rate limit (429), in ms: a longer `Retry-After` stops the call at once. */
  maxRateLimitWaitMs: number;
  /** How long a 429 without `Retry-After` waits (the rate window), at most `maxRateLimitWaitMs`, in ms. */
  rateWindowMs: number;
}

/** What happened to one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  /** An HTTP answer arrived; `retryAfterMs` is Pinterest's Retry-After, when present. */
  | { kind: "status"; status: number; retryAfterMs?: number }
  /** The connection could not be made: the request never reached the server. */
  | { kind: "refused" }
  /** The connection failed in a way retrying will not fix (e.g. a TLS certificate error); nothing was processed. */
  | { kind: "rejected" }
  /** No complete answer within the timeout: the request may have been processed. */
  | { kind: "timeout" }
  /** The connection broke after the request may have been sent. */
  | { kind: "dropped" };

/** How safe a request is to send twice. */
export type RequestSafety =
  /** No side effects (GET). */
  | "safe"
  /** Sending it twice has the same effect as once (PATCH with the same fields). */
  | "idempotent"
  /** Sending it twice may do it twice (POST create): never re-sent once it may have arrived. */
  | "unsafe";

/** Everything {@link decideRetry} needs to know. */
export interface RetryInput {
  /** What happened to the attempt just made. */
  outcome: AttemptOutcome;
  /** How safe the request is to repeat. */
  safety: RequestSafety;
  /** Retries already made for this call (0 after the first attempt). */
  retriesSoFar: number;
  /** Time already spent waiting between attempts of this call, in ms. */
  waitedMs: number;
  /** The limits. */
  policy: RetryPolicy;
  /** Random number in [0, 1) for jitter. */
  random: () => number;
}

/** Why a call stops retrying. */
export type StopReason =
  /** The outcome is not retryable (a 4xx other than 429, a 2xx, a permanent network error). */
  | "not_retryable"
  /** The request may already have taken effect and is not safe to send again. */
  | "not_resendable"
  /** `maxRetries` re-sends were made. */
  | "retries_exhausted"
  /** The next wait would pass `maxRetryTimeMs`. */
  | "time_exhausted"
  /** Pinterest asked (`Retry-After`) for a longer wait than `maxRateLimitWaitMs`. */
  | "wait_too_long";

/** The decision: wait and send again, or stop. */
export type RetryDecision = { action: "retry"; delayMs: number } | { action: "stop"; reason: StopReason; ambiguous: boolean };

/** True for answers worth another attempt: 429 (rate limited) and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * True when the request may have taken effect although no success was seen:
 * a timeout, a connection dropped after sending, or a 5xx. A 429 and a refused connection were not processed.
 */
export function mayHaveTakenEffect(outcome: AttemptOutcome): boolean {
  if (outcome.kind === "timeout" || outcome.kind === "dropped") return true;
  return outcome.kind === "status" && outcome.status >= 500;
}

/** Full-jitter exponential backoff: a random delay in [0, min(maxDelay, base * 2^retryIndex)). */
export function backoffDelay(retryIndex: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retryIndex, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `nowMs`.
 * Returns undefined for a missing or unreadable value; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * How long a 429 holds its category: the `Retry-After` asked for, or the rate window when there is none, never
 * more than `maxRateLimitWaitMs` (so no value, however large, reaches a timer).
 */
export function rateLimitWait(retryAfterMs: number | undefined, policy: Pick<RetryPolicy, "maxRateLimitWaitMs" | "rateWindowMs">): number {
  const wanted = retryAfterMs ?? policy.rateWindowMs;
  return Math.max(0, Math.min(Number.isNaN(wanted) ? policy.maxRateLimitWaitMs : wanted, policy.maxRateLimitWaitMs));
}

/** Decides whether to send a call again after `input.outcome`, and after how long. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { outcome, safety, policy } = input;
  const effectPossible = safety !== "safe" && mayHaveTakenEffect(outcome);
  const stop = (reason: StopReason): RetryDecision => ({ action: "stop", reason, ambiguous: effectPossible });

  let retryable: boolean;
  switch (outcome.kind) {
    case "status":
      retryable = isRetryableStatus(outcome.status);
      break;
    case "refused":
    case "timeout":
    case "dropped":
      retryable = true;
      break;
    case "rejected":
      retryable = false;
      break;
  }
  if (!retryable) return stop("not_retryable");
  if (safety === "unsafe" && mayHaveTakenEffect(outcome)) return stop("not_resendable");
  if (input.retriesSoFar >= policy.maxRetries) return stop("retries_exhausted");

  const retryAfterMs = outcome.kind === "status" ? outcome.retryAfterMs : undefined;
  const rateLimited = outcome.kind === "status" && outcome.status === 429;
  if (rateLimited && retryAfterMs !== undefined && !(retryAfterMs <= policy.maxRateLimitWaitMs)) return stop("wait_too_long");
  const delayMs = retryAfterMs ?? (rateLimited ? rateLimitWait(undefined, policy) : backoffDelay(input.retriesSoFar, policy, input.random));
  if (input.waitedMs + delayMs > policy.maxRetryTimeMs) return stop("time_exhausted");
  return { action: "retry", delayMs };
}
