/**
 * Holds the access token and refreshes it at `/oauth/token` with the refresh token and the app's
 * id and secret. Concurrent callers share one refresh. Knows every secret it has seen, so errors
 * and logs can be scrubbed of them.
 *
 * The token is handed out when a request is actually sent ({@link TokenHolder.forRequest}), never before a
 * call waits in the throttle queue. A token of unknown standing (from configuration, or refused once) is tried
 * by one request first while the others wait, so one refresh serves every waiting call; a token whose lifetime
 * is known (`expires_in`) is replaced shortly before it expires, so it is never refused at all.
 */
import { CONFIG_KEYS, ENV_VARS } from "./config";
import { PinterestApiError } from "./errors";
import type { ApiTokenResponse } from "./types";

/** The credentials a client may be given. */
export interface Credentials {
  /** OAuth access token. */
  accessToken?: string;
  /** Refresh token. */
  refreshToken?: string;
  /** App id. */
  appId?: string;
  /** App secret. */
  appSecret?: string;
}

/**
 * Asks Pinterest for a new access token: POST /oauth/token with
 * `grant_type=refresh_token&refresh_token=…` and `authorization` as the HTTP Basic header value.
 */
export type TokenRefresher = (form: Record<string, string>, authorization: string) => Promise<ApiTokenResponse>;

/** Timing and warnings of a {@link TokenHolder}. */
export interface TokenHolderOptions {
  /** Local time in ms. */
  now: () => number;
  /** Receives the one warning about a refresh token close to its expiry (it never contains a secret). */
  warn: (message: string) => void;
}

/** A refresh token expiring within this many ms draws a warning. */
export const REFRESH_TOKEN_WARNING_MS = 14 * 24 * 3600 * 1000;

/** An access token of known lifetime is replaced this long before it expires: a tenth of its lifetime, at most 5 minutes. */
function renewMarginMs(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs / 10);
}

/** The warning about a refresh token that expires soon: when, and how to get a new one. No secret. */
export function refreshTokenExpiryWarning(expiresAtMs: number, nowMs: number): string {
  const days = Math.max(0, Math.floor((expiresAtMs - nowMs) / (24 * 3600 * 1000)));
  const when = new Date(expiresAtMs).toISOString().replace(/\.\d+Z$/, "Z");
  return (
    `The Pinterest refresh token expires at ${when} (in ${days} day${days === 1 ? "" : "s"}); after that every run fails at its first request. ` +
    `Get a new one by authorising the app again with Pinterest's OAuth flow (https://developers.pinterest.com/docs/getting-started/authentication-and-scopes/), ` +
    `then set it with \`pulumi config set --secret ${CONFIG_KEYS.refreshToken} …\` or ${ENV_VARS.refreshToken}.`
  );
}

/** A promise and its resolve function. */
interface Gate {
  promise: Promise<void>;
  open: () => void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Names of the refresh credentials that are missing, as "ENV_VAR (config:key)". */
function missingRefreshParts(credentials: Credentials): string[] {
  const missing: string[] = [];
  if (!credentials.refreshToken) missing.push(`${ENV_VARS.refreshToken} (${CONFIG_KEYS.refreshToken})`);
  if (!credentials.appId) missing.push(`${ENV_VARS.appId} (${CONFIG_KEYS.appId})`);
  if (!credentials.appSecret) missing.push(`${ENV_VARS.appSecret} (${CONFIG_KEYS.appSecret})`);
  return missing;
}

/** Explains which credentials to set, naming environment variables and stack config keys. */
export function missingCredentialsMessage(credentials: Credentials): string {
  const missing = missingRefreshParts(credentials);
  const partial = missing.length > 0 && missing.length < 3 ? ` Refresh credentials are incomplete: missing ${missing.join(", ")}.` : "";
  return (
    `No Pinterest credentials.${partial} Set ${ENV_VARS.accessToken} ` +
    `(or \`pulumi config set --secret ${CONFIG_KEYS.accessToken} …\`), or set all of ${ENV_VARS.refreshToken}, ${ENV_VARS.appId} and ${ENV_VARS.appSecret} ` +
    `(or ${CONFIG_KEYS.refreshToken}, ${CONFIG_KEYS.appId}, ${CONFIG_KEYS.appSecret}) so an access token can be obtained. ` +
    `The token needs the ads:read and ads:write scopes.`
  );
}

/** The access token of one client, and its refresh. */
export class TokenHolder {
  private token: string | undefined;
  private readonly credentials: Credentials;
  private readonly refresher: TokenRefresher;
  private refreshing: Promise<string> | undefined;
  private readonly seen = new Set<string>();
  private readonly options: TokenHolderOptions;
  /** The current token got a non-401 answer, or came from the token endpoint. */
  private trusted = false;
  /** The token that Pinterest answered 401. */
  private refused: string | undefined;
  /** When the current token is replaced (local ms): shortly before it expires, when Pinterest said when. */
  private renewAtMs = Infinity;
  /** Open while one request tries a token of unknown standing; the others wait for it. */
  private trial: Gate | undefined;
  private warned = false;

  /** Keeps `credentials`; `refresher` is called (once at a time) when a new token is needed. */
  constructor(credentials: Credentials, refresher: TokenRefresher, options: TokenHolderOptions = { now: Date.now, warn: () => undefined }) {
    this.credentials = { ...credentials };
    this.token = credentials.accessToken || undefined;
    this.refresher = refresher;
    this.options = options;
    for (const secret of [credentials.accessToken, credentials.refreshToken, credentials.appSecret]) if (secret) this.seen.add(secret);
    if (this.canRefresh) this.seen.add(this.basicAuthorization().slice("Basic ".length));
  }

  /** True when a refresh token, app id and app secret are all present. */
  get canRefresh(): boolean {
    return missingRefreshParts(this.credentials).length === 0;
  }

  /** True when the client has something to authenticate with. */
  get hasCredentials(): boolean {
    return this.token !== undefined || this.canRefresh;
  }

  /** Every secret seen so far (tokens, old and new; the app secret; the Basic credential), for scrubbing. */
  secrets(): string[] {
    return [...this.seen];
  }

  /** The HTTP Basic header value for `/oauth/token`: base64 of `app_id:app_secret`. */
  basicAuthorization(): string {
    return `Basic ${Buffer.from(`${this.credentials.appId ?? ""}:${this.credentials.appSecret ?? ""}`).toString("base64")}`;
  }

  /**
   * The current access token, obtained first through a refresh when only refresh credentials were given.
   * Throws a `configuration` error naming the variables to set when there are no credentials.
   */
  async current(operation: string): Promise<string> {
    if (this.token !== undefined) return this.token;
    if (!this.canRefresh) throw new PinterestApiError({ kind: "configuration", operation, message: missingCredentialsMessage(this.credentials) });
    return this.refresh(undefined);
  }

  /**
   * The access token to put on a request that is being sent now. Waits for a refresh under way; replaces a
   * token about to expire or already refused; lets one request at a time try a token of unknown standing.
   * Report the answer with {@link TokenHolder.answered}.
   */
  async forRequest(operation: string): Promise<string> {
    for (;;) {
      const ready = this.take();
      if (ready !== undefined) return ready;
      if (this.refreshing) await this.refreshing;
      else if (this.token === undefined) return this.current(operation);
      else if (this.trial) await this.trial.promise;
      else await this.refresh(this.token);
    }
  }

  /**
   * The access token to send now, without waiting, or undefined when it is not ready (see
   * {@link TokenHolder.forRequest}). Claims the one try of a token of unknown standing.
   */
  take(): string | undefined {
    const token = this.token;
    if (this.refreshing || token === undefined) return undefined;
    const stale = this.refused === token || this.options.now() >= this.renewAtMs;
    if (stale) return this.canRefresh ? undefined : token;
    if (this.trusted) return token;
    if (this.trial) return undefined;
    this.trial = gate();
    return token;
  }

  /**
   * Resolves when a request may start: no refresh under way, a token about to expire or refused already replaced,
   * no other request trying a token of unknown standing: undefined when that is so now. The throttle waits for it
   * before starting each request, so requests are not held after their start (which would bunch them past the
   * rate limit).
   */
  ready(): Promise<void> | undefined {
    return this.startable() ? undefined : this.waitUntilReady();
  }

  /** True when a request may start now (see {@link TokenHolder.ready}). */
  private startable(): boolean {
    if (this.refreshing || this.trial) return false;
    if (!this.canRefresh) return true;
    const token = this.token;
    return token !== undefined && this.refused !== token && this.options.now() < this.renewAtMs;
  }

  private async waitUntilReady(): Promise<void> {
    for (;;) {
      if (this.refreshing) {
        await this.refreshing;
        continue;
      }
      if (this.trial) {
        await this.trial.promise;
        continue;
      }
      const token = this.token;
      if (!this.canRefresh) return;
      if (token === undefined || this.refused === token || this.options.now() >= this.renewAtMs) {
        await this.refresh(token);
        continue;
      }
      return;
    }
  }

  /** What Pinterest answered a request that carried `token`: its HTTP status, or undefined when no answer came. */
  answered(token: string, status: number | undefined): void {
    if (token === this.token && status !== undefined) {
      if (status === 401) {
        this.refused = token;
        this.trusted = false;
      } else {
        this.trusted = true;
      }
    }
    const trial = this.trial;
    this.trial = undefined;
    trial?.open();
  }

  /**
   * Replaces `staleToken` with a new access token. When another caller already replaced it, or a
   * refresh is under way, returns that token instead of refreshing again.
   */
  async refresh(staleToken: string | undefined): Promise<string> {
    if (this.token !== undefined && this.token !== staleToken) return this.token;
    if (this.refreshing) return this.refreshing;
    const refreshToken = this.credentials.refreshToken;
    if (!this.canRefresh || refreshToken === undefined) {
      throw new PinterestApiError({ kind: "configuration", operation: "oauth/token", message: missingCredentialsMessage(this.credentials) });
    }
    this.refreshing = (async () => {
      try {
        const answer = await this.refresher({ grant_type: "refresh_token", refresh_token: refreshToken }, this.basicAuthorization());
        if (!answer || typeof answer.access_token !== "string" || answer.access_token === "") {
          throw new PinterestApiError({
            kind: "invalid_response",
            operation: "oauth/token",
            message:
              "Pinterest's token endpoint answered without an access_token. Check the refresh token and app credentials, or set a new access token.",
          });
        }
        this.seen.add(answer.access_token);
        this.token = answer.access_token;
        this.trusted = true;
        this.refused = undefined;
        const now = this.options.now();
        const lifetimeMs = typeof answer.expires_in === "number" && answer.expires_in > 0 ? answer.expires_in * 1000 : undefined;
        this.renewAtMs = lifetimeMs === undefined ? Infinity : now + lifetimeMs - renewMarginMs(lifetimeMs);
        if (typeof answer.refresh_token === "string" && answer.refresh_token !== "") {
          // Pinterest may rotate the refresh token: the new one is used for the rest of the process.
          this.seen.add(answer.refresh_token);
          this.credentials.refreshToken = answer.refresh_token;
        }
        this.warnIfRefreshTokenExpires(answer, now);
        return answer.access_token;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Warns once when the refresh token in use expires within 14 days. */
  private warnIfRefreshTokenExpires(answer: ApiTokenResponse, now: number): void {
    let expiresAtMs: number | undefined;
    if (typeof answer.refresh_token_expires_at === "number") expiresAtMs = answer.refresh_token_expires_at * 1000;
    else if (typeof answer.refresh_token_expires_in === "number") expiresAtMs = now + answer.refresh_token_expires_in * 1000;
    if (this.warned || expiresAtMs === undefined || expiresAtMs - now > REFRESH_TOKEN_WARNING_MS) return;
    this.warned = true;
    this.options.warn(refreshTokenExpiryWarning(expiresAtMs, now));
  }
}
