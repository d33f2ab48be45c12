/**
 * Where the provider's credentials and base URL come from: the stack's configuration first
 * (`pinterest:accessToken`, …), then the environment variables of Pinterest's Python SDK.
 * The settings live only in the plugin process: never in the state, the serialised provider or outputs.
 */
import { CONFIG_KEYS, ENV_VARS } from "../api/config";
import type { CredentialOrigin, PinterestClientOptions } from "../api/options";

/** Reads one configuration value by its full key, e.g. `pinterest:accessToken`. */
export interface ConfigSource {
  /** The value of `key`, or undefined when it is not set. */
  get(key: string): string | undefined;
}

/** The client options the settings can hold. */
export type ProviderSettings = Pick<PinterestClientOptions, keyof typeof CONFIG_KEYS | "credentialOrigin">;

/** The settings that authenticate: the first of them found names where the credentials came from. */
const CREDENTIAL_FIELDS = ["accessToken", "refreshToken"] as const;

/**
 * Resolves the settings: each from the stack configuration, else from the environment. Blank values count as unset.
 * `credentialOrigin` says where the token came from (the access token's source, else the refresh token's).
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const settings: ProviderSettings = {};
  const origins: Partial<Record<keyof typeof CONFIG_KEYS, CredentialOrigin>> = {};
  for (const field of Object.keys(CONFIG_KEYS) as (keyof typeof CONFIG_KEYS)[]) {
    const fromConfig = nonBlank(safeGet(config, CONFIG_KEYS[field]));
    const value = fromConfig ?? nonBlank(env[ENV_VARS[field]]);
    if (value === undefined) continue;
    settings[field] = value;
    origins[field] = fromConfig !== undefined ? "stack configuration" : "environment";
  }
  const origin = CREDENTIAL_FIELDS.map((field) => origins[field]).find((found) => found !== undefined);
  if (origin) settings.credentialOrigin = origin;
  return settings;
}

/** True when the settings can authenticate: an access token, or a refresh token with app id and secret. */
export function hasCredentials(settings: ProviderSettings): boolean {
  return Boolean(settings.accessToken || (settings.refreshToken && settings.appId && settings.appSecret));
}

function safeGet(config: ConfigSource | undefined, key: string): string | undefined {
  try {
    return config?.get(key);
  } catch {
    return undefined;
  }
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
