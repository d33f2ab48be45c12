/** Options of {@link PinterestClient}, documented where they are declared. */
import type { RateLimitCategory } from "./types";

/**
 * Where the client's credentials came from, named in the advice of a refused token: the Pulumi stack's
 * configuration (which a refresh that does not run the program takes as recorded at the last update), or the
 * environment.
 */
export type CredentialOrigin = "stack configuration" | "environment";

/** Receives the client's log lines; they never contain tokens, secrets or headers. */
export type PinterestLogger = (level: "debug" | "info" | "warn", message: string) => void;

/** Options of a Pinterest client. Every field is optional; credentials are checked at the first request. */
export interface PinterestClientOptions {
  /** OAuth access token (`PINTEREST_ACCESS_TOKEN`, stack config `pinterest:accessToken`). */
  accessToken?: string;
  /** Refresh token (`PINTEREST_REFRESH_ACCESS_TOKEN`, `pinterest:refreshToken`); needs `appId` and `appSecret`. */
  refreshToken?: string;
  /** Pinterest app id (`PINTEREST_APP_ID`, `pinterest:appId`). */
  appId?: string;
  /** Pinterest app secret (`PINTEREST_APP_SECRET`, `pinterest:appSecret`). */
  appSecret?: string;
  /** Where the credentials came from, for the advice of a 401; unnamed when left out. */
  credentialOrigin?: CredentialOrigin;
  /** API root; default `https://api.pinterest.com/v5`. Plain http:// only to loopback hosts. */
  baseUrl?: string;
  /** Timeout of each request, from sending to the end of the answer body, in ms; default 30000 (env `PINTEREST_TIMEOUT_SECONDS`). */
  timeoutMs?: number;
  /** How many times one call may be re-sent after a retryable failure; default 5. */
  maxRetries?: number;
  /** Cap on the time one call may spend waiting between retries, in ms; default 120000. */
  maxRetryTimeMs?: number;
  /**
   * Longest wait for a rate limit, in ms; default 60000 (env `PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS`). A 429 whose
   * `Retry-After` is longer fails that call at once, quoting the wait; a category is never held longer.
   */
  maxRateLimitWaitMs?: number;
  /** Environment to read tuning variables from when the options leave them out; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Requests per minute per rate-limit category; defaults `ads_read` 1000 and `ads_write` 400; `Infinity` turns throttling off. */
  rateLimits?: Partial<Record<RateLimitCategory, number>>;
  /** Most requests in flight at once; default 10. */
  maxConcurrency?: number;
  /** Receives debug lines (method, path, status, attempt), info and warnings; never secrets. */
  logger?: PinterestLogger;
  /** First backoff step in ms (full jitter picks a delay up to it); default 500. Mostly for tests. */
  retryBaseDelayMs?: number;
  /** Largest backoff step in ms; default 30000. */
  retryMaxDelayMs?: number;
  /** Test hook: random number in [0, 1) used for jitter; default `Math.random`. */
  random?: () => number;
  /** Test hook: waits `ms` milliseconds (backoff and throttling); default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Test hook: the current time in ms (backoff and throttling); default `Date.now`. */
  now?: () => number;
}

/** Default requests per minute of each rate-limit category (Pinterest's Standard access). */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitCategory, number>> = { ads_read: 1000, ads_write: 400 };

/** Default timeout of one request, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default cap on a rate-limit wait, in ms. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 60_000;

/** Length of Pinterest's rate windows (limits are per minute), in ms: how long a 429 without `Retry-After` waits, at most the cap. */
export const RATE_WINDOW_MS = 60_000;

/** Default number of re-sends of one call. */
export const DEFAULT_MAX_RETRIES = 5;

/** Default cap on the total waiting between retries of one call, in ms. */
export const DEFAULT_MAX_RETRY_TIME_MS = 120_000;

/** Default number of requests in flight at once. */
export const DEFAULT_MAX_CONCURRENCY = 10;
