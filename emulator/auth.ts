/**
 * Access tokens and the OAuth refresh-token flow of the emulator. Tokens are random and only ever compared;
 * they never appear in error messages.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiTokenResponse } from "../provider/api/types";
import { EmulatorHttpError, badRequest } from "./errors";

/** The OAuth app and refresh token the emulator accepts at `POST /oauth/token`. */
export interface OAuthApp {
  /** App id (the Basic auth user). */
  appId: string;
  /** App secret (the Basic auth password). */
  appSecret: string;
  /** The continuous refresh token (the newest one, when they rotate). */
  refreshToken: string;
  /** When the refresh token expires, epoch ms; default 60 days after the emulator started. */
  refreshTokenExpiresAtMs?: number;
  /** Each refresh issues a new refresh token (60 days) and retires the one used, as a rotating OAuth server does. */
  rotateRefreshTokens?: boolean;
}

/** Lifetime of a continuous refresh token: 60 days. */
export const REFRESH_TOKEN_TTL_SECONDS = 60 * 24 * 3600;
/** Default access-token lifetime: 30 days, as Pinterest's. */
export const DEFAULT_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
/** Scopes the emulator grants. */
export const GRANTED_SCOPES = "ads:read,ads:write";

/** A random URL-safe token with a readable prefix. */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString("base64url")}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Issued access tokens and their expiry times. */
export class TokenRegistry {
  private readonly tokens = new Map<string, number>();

  /** Creates a registry; `now` is the clock in epoch milliseconds. */
  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  /** Registers a token valid for the configured TTL from now. */
  issue(token: string): void {
    this.tokens.set(token, this.now() + this.ttlSeconds * 1000);
  }

  /** Registers a token with an explicit expiry (used when restoring state). */
  restore(token: string, expiresAtMs: number): void {
    this.tokens.set(token, expiresAtMs);
  }

  /** Makes every issued token expired; a refresh issues a new one. */
  expireAll(): void {
    const now = this.now();
    for (const token of this.tokens.keys()) this.tokens.set(token, now - 1);
  }

  /** All tokens with their expiry times (for persistence). */
  entries(): { token: string; expiresAtMs: number }[] {
    return [...this.tokens].map(([token, expiresAtMs]) => ({ token, expiresAtMs }));
  }

  /** Throws 401 unless `authorization` is `Bearer <a live token>`. */
  authenticate(authorization: string | undefined): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) throw new EmulatorHttpError(401, "Authentication failed: send an Authorization: Bearer <access token> header.");
    const expiresAt = this.tokens.get(match[1] as string);
    if (expiresAt === undefined)
      throw new EmulatorHttpError(401, "Authentication failed: the access token is not valid. Use a token issued by this server.");
    if (this.now() >= expiresAt) {
      throw new EmulatorHttpError(
        401,
        "Authentication failed: the access token has expired. Get a new one with POST /v5/oauth/token (grant_type=refresh_token).",
      );
    }
  }

  /**
   * Handles `POST /oauth/token`: checks HTTP Basic `app_id:app_secret` (401), the form body and the refresh
   * token's expiry (400), then issues and answers a new access token, and a new refresh token when they rotate
   * (`app` is updated in place).
   */
  refresh(app: OAuthApp, authorization: string | undefined, form: URLSearchParams): ApiTokenResponse {
    const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? "");
    const decoded = basic ? Buffer.from(basic[1] as string, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    if (colon < 0 || !same(decoded.slice(0, colon), app.appId) || !same(decoded.slice(colon + 1), app.appSecret)) {
      throw new EmulatorHttpError(401, "Authentication failed: send HTTP Basic auth with the app id and app secret.");
    }
    const grant = form.get("grant_type");
    if (grant !== "refresh_token")
      throw badRequest(`grant_type must be refresh_token (the only flow this emulator supports); got ${JSON.stringify(grant)}.`);
    const refreshToken = form.get("refresh_token");
    if (!refreshToken) throw badRequest("refresh_token is required in the form body.");
    if (!same(refreshToken, app.refreshToken))
      throw badRequest("The refresh token is not valid for this app. Use the refresh token the emulator printed.");
    const now = this.now();
    if (app.refreshTokenExpiresAtMs !== undefined && now >= app.refreshTokenExpiresAtMs) {
      throw badRequest("The refresh token has expired. Authorise the app again to get a new one.");
    }
    if (app.rotateRefreshTokens || app.refreshTokenExpiresAtMs === undefined) {
      if (app.rotateRefreshTokens) app.refreshToken = randomToken("pinr_");
      app.refreshTokenExpiresAtMs = now + REFRESH_TOKEN_TTL_SECONDS * 1000;
    }
    const accessToken = randomToken("pina_");
    this.issue(accessToken);
    const expiresAtSeconds = Math.floor(app.refreshTokenExpiresAtMs / 1000);
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: this.ttlSeconds,
      scope: GRANTED_SCOPES,
      response_type: "refresh_token",
      refresh_token: app.refreshToken,
      refresh_token_expires_in: expiresAtSeconds - Math.floor(now / 1000),
      refresh_token_expires_at: expiresAtSeconds,
    };
  }
}
