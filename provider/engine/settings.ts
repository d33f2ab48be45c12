/**
 * Where the provider's credentials and base URL come from: the stack's configuration first
 * (`pinterest:accessToken`, …), then the environment variables of Pinterest's Python SDK.
 * The settings live only in the plugin process: never in the state, the serialised provider or outputs.
 */
import { CONFIG_KEYS, ENV_VARS } from "../api/config";
import type { PinterestClientOptions } from "../api/options";

/** Reads one configuration value by its full key, e.g. `pinterest:accessToken`. */
export interface ConfigSource {
  /** The value of `key`, or undefined when it is not set. */
  get(key: string): string | undefined;
}

/** The client options the settings can hold. */
export type ProviderSettings = Pick<PinterestClientOptions, keyof typeof CONFIG_KEYS>;

/** Resolves the settings: each from the stack configuration, else from the environment. Blank values count as unset. */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const field of Object.keys(CONFIG_KEYS) as (keyof typeof CONFIG_KEYS)[]) {
    const value = nonBlank(safeGet(config, CONFIG_KEYS[field])) ?? nonBlank(env[ENV_VARS[field]]);
    if (value !== undefined) settings[field] = value;
  }
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
