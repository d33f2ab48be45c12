/**
 * The one request pipeline of the client: credentials, throttling, a timeout per attempt,
 * retries (decided in `retry.ts`), a single token refresh on 401, and typed, scrubbed errors.
 */
import type { Agent as HttpAgent } from "node:http";
import fetch, { type RequestInit } from "node-fetch";
import { PinterestApiError } from "./errors";
import { failureMessage, type FailureFacts } from "./messages";
import { redactSecrets } from "./redact";
import { decideRetry, mayHaveTakenEffect, parseRetryAfter, rateLimitWait, type AttemptOutcome, type RequestSafety, type RetryPolicy } from "./retry";
import type { Throttle } from "./throttle";
import type { TokenHolder } from "./auth";
import type { CredentialOrigin, PinterestLogger } from "./options";
import type { RateLimitCategory } from "./types";

/** One API call, as the client describes it to the transport. */
export interface RequestSpec {
  /** The API operation, e.g. `audiences/get` (for errors and logs). */
  operation: string;
  /** HTTP method. */
  method: "GET" | "POST" | "PATCH";
  /** Path under the base URL, starting with `/`, ids already checked. */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /** JSON body. */
  json?: unknown;
  /** Form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  /** Rate-limit category; the request is throttled in it when given. */
  category?: RateLimitCategory;
  /** `bearer`: the access token; otherwise the given Authorization header value (HTTP Basic). */
  auth: "bearer" | { header: string };
  /** How safe the request is to send twice. */
  safety: RequestSafety;
  /** Ids the call is about, for errors. */
  ids?: { adAccountId?: string; audienceId?: string };
}

/** What the transport needs. */
export interface TransportOptions {
  /** API root without trailing slash. */
  baseUrl: string;
  /** Keep-alive agent used for every request. */
  agent: HttpAgent;
  /** Timeout of each attempt, in ms. */
  timeoutMs: number;
  /** Retry limits. */
  policy: RetryPolicy;
  /** Rate-limit groups and the concurrency bound. */
  throttle: Throttle;
  /** The access token and its refresh. */
  tokens: TokenHolder;
  /** Where the credentials came from, for the advice of a 401. */
  credentialOrigin?: CredentialOrigin;
  /** Log sink. */
  logger?: PinterestLogger;
  /** Current time in ms. */
  now: () => number;
  /** Waits `ms` ms. */
  sleep: (ms: number) => Promise<void>;
  /** Random number in [0, 1). */
  random: () => number;
}

/** The result of one attempt. */
type Attempt =
  | { kind: "answer"; status: number; retryAfter: string | null; text: string }
  | { kind: "refused" | "rejected" | "timeout" | "dropped"; detail: string };

/** Connection errors that mean the request never left this machine or never reached a server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** Error codes of TLS failures, which retrying does not fix. */
const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/;

/** Classifies a fetch failure that was not our timeout. */
function classifyNetworkError(error: unknown, answered: boolean): Attempt {
  const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
  const detail = code ?? (error instanceof Error ? error.name : "unknown error");
  if (!answered && code !== undefined && NOT_SENT_CODES.has(code)) return { kind: "refused", detail };
  if (!answered && code !== undefined && TLS_CODE.test(code)) return { kind: "rejected", detail };
  return { kind: "dropped", detail };
}

/** Parses Pinterest's `{code, message}` error body, or keeps a short excerpt of another body. */
function parseErrorBody(text: string): { code?: number; message?: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null) {
      const record = body as Record<string, unknown>;
      const result: { code?: number; message?: string } = {};
      if (typeof record.code === "number") result.code = record.code;
      if (typeof record.message === "string") result.message = record.message;
      if (result.code !== undefined || result.message !== undefined) return result;
    }
  } catch {
    // not JSON: fall through to the excerpt
  }
  const excerpt = text.trim().slice(0, 300);
  return excerpt ? { message: excerpt } : {};
}

/** Sends requests for one client. */
export class Transport {
  private readonly options: TransportOptions;
  private readonly host: string;

  /** Keeps the options; sends nothing yet. */
  constructor(options: TransportOptions) {
    this.options = options;
    this.host = new URL(options.baseUrl).host;
  }

  /**
   * Performs one call: sends it, retries it as `retry.ts` decides, refreshes the token once on 401.
   * Resolves with the parsed JSON body (undefined for an empty body);
   * rejects with a {@link PinterestApiError}.
   */
  async request<T>(spec: RequestSpec): Promise<T | undefined> {
    const { policy, tokens, throttle } = this.options;
    let retries = 0;
    let waitedMs = 0;
    let attempts = 0;
    let refreshed = false;
    let effectPossible = false;
    for (;;) {
      const carried: { token?: string } = {};
      // The token is taken when the request is sent, after any wait in the throttle queue, never before it.
      const send = async (): Promise<Attempt> => {
        const token = spec.auth === "bearer" ? (tokens.take() ?? (await tokens.forRequest(spec.operation))) : undefined;
        carried.token = token;
        const sent = await this.attempt(spec, token);
        if (token !== undefined) tokens.answered(token, sent.kind === "answer" ? sent.status : undefined);
        return sent;
      };
      attempts += 1;
      const attempt = spec.category ? await throttle.schedule(spec.category, send) : await send();
      const token = carried.token;
      this.log(
        "debug",
        `${spec.method} ${this.pathWithQuery(spec)} -> ${attempt.kind === "answer" ? attempt.status : attempt.kind} (attempt ${attempts})`,
      );

      let outcome: AttemptOutcome;
      if (attempt.kind === "answer") {
        const { status } = attempt;
        if (status >= 200 && status < 300) return this.parseSuccess<T>(spec, attempt.text, status, attempts);
        if (status === 401 && token !== undefined && !refreshed && tokens.canRefresh) {
          refreshed = true;
          this.log("info", `${spec.operation}: access token refused (401); refreshing it once`);
          await tokens.refresh(token);
          continue;
        }
        outcome = { kind: "status", status, retryAfterMs: parseRetryAfter(attempt.retryAfter, this.options.now()) };
      } else {
        outcome = { kind: attempt.kind };
      }
      if (mayHaveTakenEffect(outcome)) effectPossible = true;

      const decision = decideRetry({ outcome, safety: spec.safety, retriesSoFar: retries, waitedMs, policy, random: this.options.random });
      if (outcome.kind === "status" && outcome.status === 429 && spec.category) {
        // Hold the whole category, not just this call, so queued requests do not draw more 429s; never longer than the cap.
        throttle.pause(spec.category, this.options.now() + rateLimitWait(outcome.retryAfterMs, policy));
      }
      if (decision.action === "stop") {
        throw this.failure(spec, attempt, outcome, attempts, decision.reason, spec.safety !== "safe" && effectPossible);
      }
      this.log(
        "warn",
        `${spec.operation}: ${attempt.kind === "answer" ? `HTTP ${attempt.status}` : attempt.kind}; retry ${retries + 1} of ${policy.maxRetries} in ${decision.delayMs} ms`,
      );
      await this.options.sleep(decision.delayMs);
      waitedMs += decision.delayMs;
      retries += 1;
    }
  }

  /** Sends one attempt, bounded by the timeout from sending to the end of the body. */
  private async attempt(spec: RequestSpec, token: string | undefined): Promise<Attempt> {
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "pulumi-pinterest-audiences" };
    headers.Authorization = spec.auth === "bearer" ? `Bearer ${token ?? ""}` : spec.auth.header;
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(spec.json);
    } else if (spec.form !== undefined) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(spec.form).toString();
    }
    const init: RequestInit = { method: spec.method, headers, agent: this.options.agent, redirect: "manual" };
    if (body !== undefined) init.body = body;
    const controller = new AbortController();
    init.signal = controller.signal as NonNullable<RequestInit["signal"]>;
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let answered = false;
    try {
      const response = await fetch(this.options.baseUrl + this.pathWithQuery(spec), init);
      answered = true;
      const text = await response.text();
      return { kind: "answer", status: response.status, retryAfter: response.headers.get("retry-after"), text };
    } catch (error) {
      if (controller.signal.aborted) return { kind: "timeout", detail: `no answer within ${this.options.timeoutMs} ms` };
      return classifyNetworkError(error, answered);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Path plus query string, undefined parameters left out. */
  private pathWithQuery(spec: RequestSpec): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) if (value !== undefined) params.set(key, String(value));
    const query = params.toString();
    return query ? `${spec.path}?${query}` : spec.path;
  }

  /** Parses a 2xx body; an unreadable one is an `invalid_response` error. */
  private parseSuccess<T>(spec: RequestSpec, text: string, status: number, attempts: number): T | undefined {
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      // A write that answered 2xx took effect, but what it made is unknown.
      throw this.error({ operation: spec.operation, kind: "invalid_response", status, attempts, ambiguous: spec.safety !== "safe", ...spec.ids });
    }
  }

  /** Builds the error of a call that stopped. */
  private failure(
    spec: RequestSpec,
    attempt: Attempt,
    outcome: AttemptOutcome,
    attempts: number,
    stopReason: FailureFacts["stopReason"],
    ambiguous: boolean,
  ): PinterestApiError {
    const facts: FailureFacts = { operation: spec.operation, kind: "http", attempts, stopReason, ambiguous, ...spec.ids };
    if (this.options.credentialOrigin) facts.credentialOrigin = this.options.credentialOrigin;
    if (attempt.kind === "answer") {
      facts.status = attempt.status;
      const parsed = parseErrorBody(attempt.text);
      if (parsed.code !== undefined) facts.code = parsed.code;
      if (parsed.message !== undefined) facts.apiMessage = parsed.message;
      if (outcome.kind === "status" && outcome.retryAfterMs !== undefined) facts.retryAfterSeconds = Math.ceil(outcome.retryAfterMs / 1000);
      if (attempt.status === 429) facts.maxWaitSeconds = Math.floor(this.options.policy.maxRateLimitWaitMs / 1000);
    } else if (attempt.kind === "timeout") {
      facts.kind = "timeout";
      facts.timeoutMs = this.options.timeoutMs;
    } else {
      facts.kind = "network";
      facts.detail = attempt.detail;
      facts.host = this.host;
    }
    return this.error(facts);
  }

  /** Scrubs the facts and the message of every known secret and makes the error. */
  private error(facts: FailureFacts): PinterestApiError {
    const secrets = this.options.tokens.secrets();
    if (facts.apiMessage !== undefined) facts.apiMessage = redactSecrets(facts.apiMessage, secrets);
    const message = redactSecrets(failureMessage(facts), secrets);
    return new PinterestApiError({
      message,
      kind: facts.kind,
      operation: facts.operation,
      status: facts.status,
      code: facts.code,
      apiMessage: facts.apiMessage,
      adAccountId: facts.adAccountId,
      audienceId: facts.audienceId,
      retryAfterSeconds: facts.retryAfterSeconds,
      ambiguous: facts.ambiguous,
      attempts: facts.attempts,
    });
  }

  /** Sends a log line, scrubbed, to the logger if there is one. */
  private log(level: "debug" | "info" | "warn", message: string): void {
    this.options.logger?.(level, redactSecrets(message, this.options.tokens.secrets()));
  }
}
