/**
 * PinterestClient: the public surface for Pinterest's audience endpoints. Builds the one request pipeline (timeouts,
 * retries, throttling, token refresh) from its options and hands it to the endpoint modules, which check ids and
 * arguments and build each request: audiences.ts, sharing.ts.
 */
import * as http from "node:http";
import { createAgent } from "./agent";
import { TokenHolder } from "./auth";
import { clientOptionsFromEnv, resolveBaseUrl, tuningFromEnv } from "./config";
import { PinterestApiError } from "./errors";
import {
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_TIME_MS,
  DEFAULT_RATE_LIMITS,
  DEFAULT_TIMEOUT_MS,
  RATE_WINDOW_MS,
  type PinterestClientOptions,
} from "./options";
import { Throttle } from "./throttle";
import { Transport, type RequestSpec } from "./transport";
import type { ApiTokenResponse, RateLimitCategory } from "./types";
import { audiencesApi, type AudiencesApi } from "./audiences";
import { sharingApi, type SharingApi } from "./sharing";
import { customerListsApi, type CustomerListsApi } from "./customer-lists";
import { defined, invalidResponse, type Endpoint, type PageCall } from "./endpoint";
import type { ApiPage } from "./types";

/** Idle keep-alive sockets are closed after this many ms. */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/** Largest delay Node's timers accept (2^31 - 1 ms); a longer one fires at once with a TimeoutOverflowWarning. */
const MAX_TIMER_MS = 2_147_483_647;

/** A positive finite number option, or the default. */
function positive(value: number | undefined, fallback: number, name: string, allowZero = false, allowInfinity = false): number {
  if (value === undefined) return fallback;
  if (Number.isNaN(value) || (value === Infinity && !allowInfinity) || value < 0 || (!allowZero && value === 0)) {
    throw new PinterestApiError({
      kind: "configuration",
      operation: "configure",
      message: `The Pinterest client option ${name} must be a ${allowZero ? "non-negative" : "positive"} number, not ${String(value)}.`,
    });
  }
  return value;
}

/** A client of Pinterest's audience endpoints, with one keep-alive agent. Call {@link PinterestClient.close} when done. */
export class PinterestClient {
  /** Audience operations. */
  readonly audiences: AudiencesApi;
  /** Audience sharing operations. */
  readonly sharing: SharingApi;
  /** Customer list operations. */
  readonly customerLists: CustomerListsApi;
  /** Timeout of each request, in ms (from sending to the end of the answer body). */
  readonly timeoutMs: number;
  private readonly transport: Transport;
  private readonly throttle: Throttle;
  private readonly agent: http.Agent;
  private closed = false;
  private readonly timers = new Map<NodeJS.Timeout, () => void>();

  /**
   * Creates a client. Throws a `configuration` PinterestApiError for an unusable base URL (plain http://
   * to a non-loopback host) or option; missing credentials are reported at the first request.
   */
  constructor(given: PinterestClientOptions) {
    const options: PinterestClientOptions = { ...tuningFromEnv(given.env ?? process.env), ...defined(given) };
    const baseUrl = resolveBaseUrl(options.baseUrl);
    const maxConcurrency = Math.floor(positive(options.maxConcurrency, DEFAULT_MAX_CONCURRENCY, "maxConcurrency"));
    const rateLimits: Record<RateLimitCategory, number> = { ...DEFAULT_RATE_LIMITS };
    for (const category of Object.keys(DEFAULT_RATE_LIMITS) as RateLimitCategory[]) {
      rateLimits[category] = positive(options.rateLimits?.[category], DEFAULT_RATE_LIMITS[category], `rateLimits.${category}`, false, true);
    }
    const now = options.now ?? Date.now;
    const injectedSleep = options.sleep;
    // Waits end early when the client is closed, so a long Retry-After does not keep the process alive.
    const sleep = async (ms: number): Promise<void> => {
      if (this.closed) throw this.closedError("wait");
      await (injectedSleep ? injectedSleep(ms) : this.timerSleep(ms));
      if (this.closed) throw this.closedError("wait");
    };
    // Idle sockets are dropped after 4 s (or the server's Keep-Alive hint, if shorter), before a typical
    // 5 s server keep-alive timeout closes them under a request: a reset there would make a create ambiguous.
    const agentOptions: http.AgentOptions = { keepAlive: true, maxSockets: maxConcurrency + 1, timeout: IDLE_SOCKET_TIMEOUT_MS };
    this.agent = createAgent(baseUrl, agentOptions);

    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, "timeoutMs");
    const credentials = { accessToken: options.accessToken, refreshToken: options.refreshToken, appId: options.appId, appSecret: options.appSecret };
    const logger = options.logger;
    const warn = (message: string): void =>
      logger ? logger("warn", message) : void process.stderr.write(`pulumi-pinterest-audiences: warning: ${message}\n`);
    const tokens = new TokenHolder(credentials, (form, authorization) => this.refreshToken(form, authorization), { now, warn });
    this.throttle = new Throttle({ rateLimits, maxConcurrency, now, sleep, gate: () => tokens.ready() });
    this.transport = new Transport({
      baseUrl,
      agent: this.agent,
      timeoutMs: this.timeoutMs,
      credentialOrigin: options.credentialOrigin,
      policy: {
        maxRetries: Math.floor(positive(options.maxRetries, DEFAULT_MAX_RETRIES, "maxRetries", true)),
        maxRetryTimeMs: positive(options.maxRetryTimeMs, DEFAULT_MAX_RETRY_TIME_MS, "maxRetryTimeMs", true),
        baseDelayMs: positive(options.retryBaseDelayMs, 500, "retryBaseDelayMs", true),
        maxDelayMs: positive(options.retryMaxDelayMs, 30_000, "retryMaxDelayMs", true),
        maxRateLimitWaitMs: positive(options.maxRateLimitWaitMs, DEFAULT_MAX_RATE_LIMIT_WAIT_MS, "maxRateLimitWaitMs", true),
        rateWindowMs: RATE_WINDOW_MS,
      },
      throttle: this.throttle,
      tokens,
      logger: options.logger,
      now,
      sleep,
      random: options.random ?? Math.random,
    });
    const endpoint: Endpoint = { send: (spec) => this.send(spec), paginate: (call) => this.paginate(call) };
    this.audiences = audiencesApi(endpoint);
    this.sharing = sharingApi(endpoint);
    this.customerLists = customerListsApi(endpoint);
  }

  /** A client from environment variables (see `clientOptionsFromEnv`), with `overrides` taking precedence where defined. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: PinterestClientOptions = {}): PinterestClient {
    return new PinterestClient({ ...clientOptionsFromEnv(env), ...defined(overrides) });
  }

  /** Rejects queued calls, refuses new ones, and destroys the keep-alive agent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.throttle.close(this.closedError("close"));
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
    this.agent.destroy();
  }

  /** Waits `ms` in timer-sized steps: no value, however large, overflows Node's 32-bit timer (which fires at once). */
  private async timerSleep(ms: number): Promise<void> {
    let left = Number.isNaN(ms) ? 0 : ms;
    do {
      const step = Math.min(Math.max(0, left), MAX_TIMER_MS);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, step);
        this.timers.set(timer, resolve);
      });
      left -= step;
    } while (left > 0 && !this.closed);
  }

  private closedError(operation: string): PinterestApiError {
    return new PinterestApiError({
      kind: "configuration",
      operation,
      message: "This Pinterest client was closed; create a new one to send more requests.",
    });
  }

  private async send<T>(spec: RequestSpec): Promise<T | undefined> {
    if (this.closed) throw this.closedError(spec.operation);
    return this.transport.request<T>(spec);
  }

  private async refreshToken(form: Record<string, string>, authorization: string): Promise<ApiTokenResponse> {
    const answer = await this.send<ApiTokenResponse>({
      operation: "oauth/token",
      method: "POST",
      path: "/oauth/token",
      form,
      auth: { header: authorization },
      safety: "idempotent",
    });
    if (answer === undefined) throw invalidResponse("oauth/token", "an access token", false, {});
    return answer;
  }

  /** The items of a paginated GET, one page at a time, following bookmarks until the last page. */
  private async *paginate<T>(call: PageCall): AsyncGenerator<T[]> {
    const { operation, ids } = call;
    const seen = new Set<string>();
    let bookmark: string | undefined;
    for (;;) {
      const page = await this.send<ApiPage<T>>({
        operation,
        method: "GET",
        path: call.path,
        query: { ...call.query, bookmark },
        category: "ads_read",
        safety: "safe",
        auth: "bearer",
        ids,
      });
      if (!page || !Array.isArray(page.items)) throw invalidResponse(operation, "an items list", false, ids);
      call.onPage?.(page.items.length);
      yield page.items;
      const next = page.bookmark;
      if (typeof next !== "string" || next === "") return;
      if (seen.has(next)) throw invalidResponse(operation, "a new bookmark (the same page cursor came back twice)", false, ids);
      seen.add(next);
      bookmark = next;
    }
  }
}
