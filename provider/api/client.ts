/**
 * PinterestClient: the public surface for Pinterest's audience endpoints. Checks ids and arguments,
 * builds each request, and hands it to the transport (timeouts, retries, throttling, token refresh).
 */
import * as http from "node:http";
import { createAgent } from "./agent";
import { TokenHolder } from "./auth";
import { clientOptionsFromEnv, resolveBaseUrl, tuningFromEnv } from "./config";
import { PinterestApiError } from "./errors";
import { assertPinterestId } from "./ids";
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
import type {
  ApiAudience,
  ApiAudienceAccountType,
  ApiAudienceCreateRequest,
  ApiAudienceUpdateRequest,
  ApiPage,
  ApiSharedAudienceAccount,
  ApiSharedAudienceResponse,
  ApiSharingOperationType,
  ApiTokenResponse,
  RateLimitCategory,
} from "./types";

/** Options of `audiences.list` and `audiences.pages`. */
export interface AudienceListOptions {
  /** Sort by id: ASCENDING or DESCENDING (Pinterest's default when absent). */
  order?: "ASCENDING" | "DESCENDING";
  /** OWNED (Pinterest's default) or RECEIVED audiences. */
  ownershipType?: "OWNED" | "RECEIVED";
  /** Audiences per page, 1..250; default 250 (fewest requests). */
  pageSize?: number;
  /** Called after each page with the number of audiences it held. */
  onPage?: (count: number) => void;
}

/** The fields an update may change (`operation_type` is set by the client). */
export type AudienceUpdateFields = Omit<ApiAudienceUpdateRequest, "operation_type">;

/** Audience operations of one ad account at a time. Every id is checked before any request. */
export interface AudiencesApi {
  /** Every audience of the ad account, following bookmarks through every page. */
  list(adAccountId: string, options?: AudienceListOptions): Promise<ApiAudience[]>;
  /** The audiences of the ad account, one page at a time. */
  pages(adAccountId: string, options?: AudienceListOptions): AsyncIterable<ApiAudience[]>;
  /** One audience; a missing one rejects with a PinterestApiError of status 404. */
  get(adAccountId: string, audienceId: string): Promise<ApiAudience>;
  /** Creates an audience. Never re-sent once it may have reached Pinterest: check `error.ambiguous`. */
  create(adAccountId: string, request: ApiAudienceCreateRequest): Promise<ApiAudience>;
  /** Changes only the fields given (PATCH with operation_type UPDATE). */
  update(adAccountId: string, audienceId: string, fields: AudienceUpdateFields): Promise<ApiAudience>;
  /** Removes an audience (PATCH with operation_type REMOVE; the API has no DELETE). */
  remove(adAccountId: string, audienceId: string): Promise<void>;
}

/** The API operations of audience sharing, by the kind of recipient. */
export const SHARING_OPERATIONS = {
  AD_ACCOUNT: "audiences/share_with_ad_accounts",
  BUSINESS_ACCOUNT: "audiences/share_with_businesses",
} as const satisfies Record<ApiAudienceAccountType, string>;

/** The API operation that lists who an audience is shared with. */
export const SHARED_ACCOUNTS_OPERATION = "audiences/shared_accounts";

/**
 * Audience sharing of an owner ad account: who may use its audiences. Every id is checked before any request.
 * The writes are never re-sent once they may have reached Pinterest (`error.ambiguous`): whether repeating a SHARE
 * or REVOKE is harmless is undocumented, so the caller lists the recipients to learn what took effect.
 */
export interface SharingApi {
  /**
   * Shares the audience with recipients of one kind, or revokes it from them: one PATCH whatever the number of ids.
   * Answers Pinterest's answer, which the description allows to be null (then undefined).
   */
  change(
    adAccountId: string,
    audienceId: string,
    kind: ApiAudienceAccountType,
    operation: ApiSharingOperationType,
    recipientIds: readonly string[],
  ): Promise<ApiSharedAudienceResponse | undefined>;
  /** Every account of one kind the audience is shared with, following bookmarks through every page. */
  recipients(adAccountId: string, audienceId: string, kind: ApiAudienceAccountType, options?: { pageSize?: number }): Promise<ApiSharedAudienceAccount[]>;
}

/** Idle keep-alive sockets are closed after this many ms. */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/** Largest delay Node's timers accept (2^31 - 1 ms); a longer one fires at once with a TimeoutOverflowWarning. */
const MAX_TIMER_MS = 2_147_483_647;

/** Largest page Pinterest serves. */
export const MAX_PAGE_SIZE = 250;

/** Keeps only the keys whose value is not undefined. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A call refused before sending because of its arguments. */
function invalidRequest(operation: string, message: string, ids: { adAccountId?: string; audienceId?: string } = {}): PinterestApiError {
  return new PinterestApiError({ kind: "invalid_request", operation, message: `${message} No request was sent.`, ...ids });
}

/** A 2xx answer whose body is not what the API describes. */
function invalidResponse(operation: string, what: string, ambiguous: boolean, ids: { adAccountId?: string; audienceId?: string }): PinterestApiError {
  const next = ambiguous
    ? " The request took effect, but its result is unknown: read the ad account's audiences before trying again."
    : " Retry later; check the API URL if it persists.";
  return new PinterestApiError({ kind: "invalid_response", operation, ambiguous, message: `Pinterest ${operation} answered without ${what}.${next}`, ...ids });
}

/** True when `value` looks like an audience (an object with a string id). */
function isAudience(value: unknown): value is ApiAudience {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}

/** A positive finite number option, or the default. */
function positive(value: number | undefined, fallback: number, name: string, allowZero = false, allowInfinity = false): number {
  if (value === undefined) return fallback;
  if (Number.isNaN(value) || (value === Infinity && !allowInfinity) || value < 0 || (!allowZero && value === 0)) {
    throw new PinterestApiError({ kind: "configuration", operation: "configure", message: `The Pinterest client option ${name} must be a ${allowZero ? "non-negative" : "positive"} number, not ${String(value)}.` });
  }
  return value;
}

/** A client of Pinterest's audience endpoints, with one keep-alive agent. Call {@link PinterestClient.close} when done. */
export class PinterestClient {
  /** Audience operations. */
  readonly audiences: AudiencesApi;
  /** Audience sharing operations. */
  readonly sharing: SharingApi;
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
    const warn = (message: string): void => (logger ? logger("warn", message) : void process.stderr.write(`pulumi-pinterest-audiences: warning: ${message}\n`));
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
    this.audiences = {
      list: (adAccountId, listOptions) => this.list(adAccountId, listOptions),
      pages: (adAccountId, listOptions) => this.pages(adAccountId, listOptions),
      get: (adAccountId, audienceId) => this.get(adAccountId, audienceId),
      create: (adAccountId, request) => this.create(adAccountId, request),
      update: (adAccountId, audienceId, fields) => this.update(adAccountId, audienceId, fields),
      remove: (adAccountId, audienceId) => this.remove(adAccountId, audienceId),
    };
    this.sharing = {
      change: (adAccountId, audienceId, kind, operation, recipientIds) => this.changeSharing(adAccountId, audienceId, kind, operation, recipientIds),
      recipients: (adAccountId, audienceId, kind, listOptions) => this.recipients(adAccountId, audienceId, kind, listOptions),
    };
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
    return new PinterestApiError({ kind: "configuration", operation, message: "This Pinterest client was closed; create a new one to send more requests." });
  }

  private async send<T>(spec: RequestSpec): Promise<T | undefined> {
    if (this.closed) throw this.closedError(spec.operation);
    return this.transport.request<T>(spec);
  }

  private async refreshToken(form: Record<string, string>, authorization: string): Promise<ApiTokenResponse> {
    const answer = await this.send<ApiTokenResponse>({ operation: "oauth/token", method: "POST", path: "/oauth/token", form, auth: { header: authorization }, safety: "idempotent" });
    if (answer === undefined) throw invalidResponse("oauth/token", "an access token", false, {});
    return answer;
  }

  private listQuery(operation: string, adAccountId: string, options: AudienceListOptions): Record<string, string | number | undefined> {
    const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw invalidRequest(operation, `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, not ${String(pageSize)}.`, { adAccountId });
    }
    return { page_size: pageSize, order: options.order, ownership_type: options.ownershipType };
  }

  private async *pages(adAccountId: string, options: AudienceListOptions = {}): AsyncGenerator<ApiAudience[]> {
    const operation = "audiences/list";
    assertPinterestId(adAccountId, "ad account id", operation);
    const query = this.listQuery(operation, adAccountId, options);
    yield* this.paginate<ApiAudience>({ operation, path: `/ad_accounts/${adAccountId}/audiences`, query, ids: { adAccountId }, onPage: options.onPage });
  }

  /** The items of a paginated GET, one page at a time, following bookmarks until the last page. */
  private async *paginate<T>(call: {
    operation: string;
    path: string;
    query: Record<string, string | number | undefined>;
    ids: { adAccountId?: string; audienceId?: string };
    onPage?: (count: number) => void;
  }): AsyncGenerator<T[]> {
    const { operation, ids } = call;
    const seen = new Set<string>();
    let bookmark: string | undefined;
    for (;;) {
      const page = await this.send<ApiPage<T>>({ operation, method: "GET", path: call.path, query: { ...call.query, bookmark }, category: "ads_read", safety: "safe", auth: "bearer", ids });
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

  private async list(adAccountId: string, options: AudienceListOptions = {}): Promise<ApiAudience[]> {
    const all: ApiAudience[] = [];
    for await (const items of this.pages(adAccountId, options)) all.push(...items);
    return all;
  }

  private async get(adAccountId: string, audienceId: string): Promise<ApiAudience> {
    const operation = "audiences/get";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    const audience = await this.send<unknown>({ operation, method: "GET", path: `/ad_accounts/${adAccountId}/audiences/${audienceId}`, category: "ads_read", safety: "safe", auth: "bearer", ids });
    if (!isAudience(audience)) throw invalidResponse(operation, "an audience", false, ids);
    return audience;
  }

  private async create(adAccountId: string, request: ApiAudienceCreateRequest): Promise<ApiAudience> {
    const operation = "audiences/create";
    assertPinterestId(adAccountId, "ad account id", operation);
    if (typeof request !== "object" || request === null) throw invalidRequest(operation, "The create request must be an object.", { adAccountId });
    if (request.ad_account_id !== undefined && request.ad_account_id !== adAccountId) {
      throw invalidRequest(operation, `The request's ad_account_id ${request.ad_account_id} differs from the ad account ${adAccountId} it is sent to.`, { adAccountId });
    }
    const body = { ...defined(request), ad_account_id: adAccountId };
    const audience = await this.send<unknown>({ operation, method: "POST", path: `/ad_accounts/${adAccountId}/audiences`, json: body, category: "ads_write", safety: "unsafe", auth: "bearer", ids: { adAccountId } });
    if (!isAudience(audience)) throw invalidResponse(operation, "the created audience", true, { adAccountId });
    return audience;
  }

  private async update(adAccountId: string, audienceId: string, fields: AudienceUpdateFields): Promise<ApiAudience> {
    const operation = "audiences/update";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    if (typeof fields !== "object" || fields === null) throw invalidRequest(operation, "The fields to update must be an object.", ids);
    if (fields.ad_account_id !== undefined && fields.ad_account_id !== adAccountId) {
      throw invalidRequest(operation, `The fields' ad_account_id ${fields.ad_account_id} differs from the ad account ${adAccountId} they are sent to.`, ids);
    }
    const body: ApiAudienceUpdateRequest = { ...defined(fields), ad_account_id: adAccountId, operation_type: "UPDATE" };
    const audience = await this.send<unknown>({ operation, method: "PATCH", path: `/ad_accounts/${adAccountId}/audiences/${audienceId}`, json: body, category: "ads_write", safety: "idempotent", auth: "bearer", ids });
    if (!isAudience(audience)) throw invalidResponse(operation, "the updated audience", true, ids);
    return audience;
  }

  private async remove(adAccountId: string, audienceId: string): Promise<void> {
    const operation = "audiences/remove";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const body: ApiAudienceUpdateRequest = { ad_account_id: adAccountId, operation_type: "REMOVE" };
    await this.send<unknown>({
      operation,
      method: "PATCH",
      path: `/ad_accounts/${adAccountId}/audiences/${audienceId}`,
      json: body,
      category: "ads_write",
      safety: "idempotent",
      auth: "bearer",
      ids: { adAccountId, audienceId },
    });
  }

  private async changeSharing(
    adAccountId: string,
    audienceId: string,
    kind: ApiAudienceAccountType,
    operationType: ApiSharingOperationType,
    recipientIds: readonly string[],
  ): Promise<ApiSharedAudienceResponse | undefined> {
    const operation = SHARING_OPERATIONS[kind];
    if (operation === undefined) throw invalidRequest("audiences/share", `The recipient kind must be AD_ACCOUNT or BUSINESS_ACCOUNT, not ${String(kind)}.`, { adAccountId, audienceId });
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    if (operationType !== "SHARE" && operationType !== "REVOKE") throw invalidRequest(operation, `The operation must be SHARE or REVOKE, not ${String(operationType)}.`, ids);
    if (!Array.isArray(recipientIds) || recipientIds.length === 0) throw invalidRequest(operation, "At least one recipient id is needed.", ids);
    for (const id of recipientIds) assertPinterestId(id, kind === "AD_ACCOUNT" ? "recipient ad account id" : "recipient business id", operation);
    const recipients = kind === "AD_ACCOUNT" ? { recipient_account_ids: [...recipientIds] } : { recipient_business_ids: [...recipientIds] };
    const path = `/ad_accounts/${adAccountId}/audiences/${kind === "AD_ACCOUNT" ? "ad_accounts" : "businesses"}/shared`;
    const body = { audience_id: audienceId, ...recipients, operation_type: operationType };
    const answer = await this.send<unknown>({ operation, method: "PATCH", path, json: body, category: "ads_write", safety: "unsafe", auth: "bearer", ids });
    return typeof answer === "object" && answer !== null && !Array.isArray(answer) ? (answer as ApiSharedAudienceResponse) : undefined;
  }

  private async recipients(adAccountId: string, audienceId: string, kind: ApiAudienceAccountType, options: { pageSize?: number } = {}): Promise<ApiSharedAudienceAccount[]> {
    const operation = SHARED_ACCOUNTS_OPERATION;
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    if (kind !== "AD_ACCOUNT" && kind !== "BUSINESS_ACCOUNT") throw invalidRequest(operation, `The account type must be AD_ACCOUNT or BUSINESS_ACCOUNT, not ${String(kind)}.`, ids);
    const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw invalidRequest(operation, `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, not ${String(pageSize)}.`, ids);
    const all: ApiSharedAudienceAccount[] = [];
    const query = { audience_id: audienceId, account_type: kind, page_size: pageSize };
    for await (const items of this.paginate<ApiSharedAudienceAccount>({ operation, path: `/ad_accounts/${adAccountId}/audiences/shared/accounts`, query, ids })) {
      all.push(...items);
    }
    return all;
  }
}
