/** Client settings from the environment, their names, and checks of the base URL. */
import { PinterestApiError } from "./errors";
import type { PinterestClientOptions } from "./options";

/** Pinterest's production API root. */
export const DEFAULT_BASE_URL = "https://api.pinterest.com/v5";

/** Environment variables the client reads (the names Pinterest's Python SDK uses). */
export const ENV_VARS = {
  /** An OAuth access token. */
  accessToken: "PINTEREST_ACCESS_TOKEN",
  /** A refresh token, used with the app id and secret to obtain access tokens. */
  refreshToken: "PINTEREST_REFRESH_ACCESS_TOKEN",
  /** The Pinterest app id. */
  appId: "PINTEREST_APP_ID",
  /** The Pinterest app secret. */
  appSecret: "PINTEREST_APP_SECRET",
  /** The API root, e.g. an emulator's URL. */
  baseUrl: "PINTEREST_API_URI",
} as const;

/**
 * Environment variables that tune the client (no stack config key: the plugin reads them from its environment).
 * An option given to the client's constructor takes precedence.
 */
export const TUNING_ENV_VARS = {
  /** Timeout of each request, in seconds (fractions allowed); default 30. */
  timeoutSeconds: "PINTEREST_TIMEOUT_SECONDS",
  /** Longest wait for a rate limit, in seconds; a longer `Retry-After` fails the call at once. Default 60. */
  maxRateLimitWaitSeconds: "PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS",
} as const;

/** Pulumi stack configuration keys holding the same settings. */
export const CONFIG_KEYS = {
  /** An OAuth access token (set it with `--secret`). */
  accessToken: "pinterest:accessToken",
  /** A refresh token (set it with `--secret`). */
  refreshToken: "pinterest:refreshToken",
  /** The Pinterest app id. */
  appId: "pinterest:appId",
  /** The Pinterest app secret (set it with `--secret`). */
  appSecret: "pinterest:appSecret",
  /** The API root. */
  baseUrl: "pinterest:apiUrl",
} as const;

/** Reads a variable, treating an empty or blank value as absent. */
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Client options from environment variables: `PINTEREST_ACCESS_TOKEN`,
 * `PINTEREST_REFRESH_ACCESS_TOKEN`, `PINTEREST_APP_ID`, `PINTEREST_APP_SECRET`, `PINTEREST_API_URI`.
 * Unset or blank variables are left out.
 */
export function clientOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PinterestClientOptions {
  const options: PinterestClientOptions = {};
  const accessToken = read(env, ENV_VARS.accessToken);
  const refreshToken = read(env, ENV_VARS.refreshToken);
  const appId = read(env, ENV_VARS.appId);
  const appSecret = read(env, ENV_VARS.appSecret);
  const baseUrl = read(env, ENV_VARS.baseUrl);
  if (accessToken !== undefined) options.accessToken = accessToken;
  if (refreshToken !== undefined) options.refreshToken = refreshToken;
  if (appId !== undefined) options.appId = appId;
  if (appSecret !== undefined) options.appSecret = appSecret;
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  if (accessToken !== undefined || refreshToken !== undefined) options.credentialOrigin = "environment";
  return options;
}

/**
 * The tuning options set in the environment (see {@link TUNING_ENV_VARS}), in ms. Throws a `configuration` error
 * naming the variable for a value that is not a positive number.
 */
export function tuningFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<PinterestClientOptions, "timeoutMs" | "maxRateLimitWaitMs"> {
  const options: Pick<PinterestClientOptions, "timeoutMs" | "maxRateLimitWaitMs"> = {};
  const timeout = secondsFromEnv(env, TUNING_ENV_VARS.timeoutSeconds);
  const maxWait = secondsFromEnv(env, TUNING_ENV_VARS.maxRateLimitWaitSeconds);
  if (timeout !== undefined) options.timeoutMs = timeout * 1000;
  if (maxWait !== undefined) options.maxRateLimitWaitMs = maxWait * 1000;
  return options;
}

/** A positive number of seconds from the environment, or undefined when unset. */
function secondsFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new PinterestApiError({
      kind: "configuration",
      operation: "configure",
      message: `${name} must be a positive number of seconds, not "${value.slice(0, 40)}". Unset it for the default.`,
    });
  }
  return seconds;
}

/** True for hosts that never leave this machine: 127.0.0.0/8, localhost and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Builds the configuration error thrown for an unusable base URL. */
function badBaseUrl(reason: string): PinterestApiError {
  return new PinterestApiError({
    kind: "configuration",
    operation: "configure",
    message: `${reason} Set ${ENV_VARS.baseUrl} (or ${CONFIG_KEYS.baseUrl}) to an https:// URL such as ${DEFAULT_BASE_URL}, or leave it unset.`,
  });
}

/**
 * Checks and normalises a base URL (no trailing slash). Refuses anything but https://, except
 * plain http:// to a loopback host (a local emulator), so tokens never cross a network in clear.
 */
export function resolveBaseUrl(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === "") return DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badBaseUrl("The Pinterest API URL is not a valid URL.");
  }
  if (url.username || url.password) throw badBaseUrl("The Pinterest API URL must not contain a user name or password.");
  if (url.search || url.hash) throw badBaseUrl("The Pinterest API URL must not contain a query or fragment.");
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw badBaseUrl(
      `Refusing plain http:// to ${url.hostname}: tokens would travel unencrypted (http:// is allowed only for 127.0.0.1, localhost and ::1).`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw badBaseUrl(`Unsupported protocol ${url.protocol} in the Pinterest API URL.`);
  return url.toString().replace(/\/+$/, "");
}
