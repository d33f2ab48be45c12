/**
 * Where the provider's credentials and base URL come from: the stack's configuration first
 * (`pinterest:accessToken`, …), then the environment variables of Pinterest's Python SDK.
 * The settings live only in the plugin process: never in the state, the serialised provider or outputs.
 */

/** Reads one configuration value by its full key, e.g. `pinterest:accessToken`. */
export interface ConfigSource {
  /** The value of `key`, or undefined when it is not set. */
  get(key: string): string | undefined;
}

/** Credentials and endpoint the provider talks to Pinterest with. */
export interface ProviderSettings {
  /** An OAuth access token (`pinterest:accessToken` or `PINTEREST_ACCESS_TOKEN`). */
  accessToken?: string;
  /** A refresh token exchanged for access tokens (`pinterest:refreshToken` or `PINTEREST_REFRESH_ACCESS_TOKEN`). */
  refreshToken?: string;
  /** The app id used with the refresh token (`pinterest:appId` or `PINTEREST_APP_ID`). */
  appId?: string;
  /** The app secret used with the refresh token (`pinterest:appSecret` or `PINTEREST_APP_SECRET`). */
  appSecret?: string;
  /** Base URL of the API (`pinterest:apiUrl` or `PINTEREST_API_URI`); Pinterest's own when unset. */
  apiUrl?: string;
}

/** Stack configuration keys and the environment variables they fall back to. */
export const SETTING_SOURCES: Readonly<Record<keyof ProviderSettings, { config: string; env: string }>> = {
  accessToken: { config: "pinterest:accessToken", env: "PINTEREST_ACCESS_TOKEN" },
  refreshToken: { config: "pinterest:refreshToken", env: "PINTEREST_REFRESH_ACCESS_TOKEN" },
  appId: { config: "pinterest:appId", env: "PINTEREST_APP_ID" },
  appSecret: { config: "pinterest:appSecret", env: "PINTEREST_APP_SECRET" },
  apiUrl: { config: "pinterest:apiUrl", env: "PINTEREST_API_URI" },
};

/** Resolves the settings: each key from the stack configuration, else from the environment. Empty strings count as unset. */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const [field, source] of Object.entries(SETTING_SOURCES) as [keyof ProviderSettings, { config: string; env: string }][]) {
    const value = nonEmpty(safeGet(config, source.config)) ?? nonEmpty(env[source.env]);
    if (value !== undefined) settings[field] = value;
  }
  return settings;
}

/** True when the settings can authenticate: an access token, or a refresh token with app id and secret. */
export function hasCredentials(settings: ProviderSettings): boolean {
  return Boolean(settings.accessToken || (settings.refreshToken && settings.appId && settings.appSecret));
}

/** The message shown when an operation needs Pinterest and no credentials are set. */
export const MISSING_CREDENTIALS_MESSAGE =
  "No Pinterest credentials: set the stack secret `pulumi config set --secret pinterest:accessToken <token>` " +
  "(or the environment variable PINTEREST_ACCESS_TOKEN), or a refresh token with " +
  "pinterest:refreshToken, pinterest:appId and pinterest:appSecret (PINTEREST_REFRESH_ACCESS_TOKEN, PINTEREST_APP_ID, PINTEREST_APP_SECRET). " +
  "Preview of unchanged declarations needs none.";

function safeGet(config: ConfigSource | undefined, key: string): string | undefined {
  try {
    return config?.get(key);
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
