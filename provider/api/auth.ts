/**
 * Holds the access token and refreshes it at `/oauth/token` with the refresh token and the app's
 * id and secret. Concurrent callers share one refresh. Knows every secret it has seen, so errors
 * and logs can be scrubbed of them.
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

  /** Keeps `credentials`; `refresher` is called (once at a time) when a new token is needed. */
  constructor(credentials: Credentials, refresher: TokenRefresher) {
    this.credentials = { ...credentials };
    this.token = credentials.accessToken || undefined;
    this.refresher = refresher;
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
            message: "Pinterest's token endpoint answered without an access_token. Check the refresh token and app credentials, or set a new access token.",
          });
        }
        this.seen.add(answer.access_token);
        this.token = answer.access_token;
        if (typeof answer.refresh_token === "string" && answer.refresh_token !== "") {
          this.seen.add(answer.refresh_token);
          this.credentials.refreshToken = answer.refresh_token;
        }
        return answer.access_token;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
