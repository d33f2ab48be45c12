/** The Pinterest client of the tool: credentials from the environment, as the provider takes them. */
import { clientOptionsFromEnv, PinterestClient, type PinterestClientOptions } from "../provider/api";
import { hasCredentials } from "../provider/plugin/settings";
import { CommandError } from "./io";

/** What to set when no credentials are found. */
export const CLI_MISSING_CREDENTIALS =
  "No Pinterest credentials. Set PINTEREST_ACCESS_TOKEN to an access token with the ads:read scope, " +
  "or set PINTEREST_REFRESH_ACCESS_TOKEN, PINTEREST_APP_ID and PINTEREST_APP_SECRET so one can be obtained. " +
  "PINTEREST_API_URI changes the API's base URL (e.g. a local emulator).";

/** What to set when an access token was refused: the tool reads only the environment, never the stack config. */
export const CLI_TOKEN_REFUSED =
  " The access token is invalid or expired. Set a new one in PINTEREST_ACCESS_TOKEN, or set " +
  "PINTEREST_REFRESH_ACCESS_TOKEN, PINTEREST_APP_ID and PINTEREST_APP_SECRET so one can be obtained " +
  "(this tool reads only the environment, not the Pulumi stack's configuration).";

/** The refresh-token variables left unset when PINTEREST_REFRESH_ACCESS_TOKEN is set without an access token. */
function missingRefreshVariables(env: NodeJS.ProcessEnv): string[] {
  const set = (name: string): boolean => (env[name]?.trim() ?? "") !== "";
  if (set("PINTEREST_ACCESS_TOKEN") || !set("PINTEREST_REFRESH_ACCESS_TOKEN")) return [];
  return ["PINTEREST_APP_ID", "PINTEREST_APP_SECRET"].filter((name) => !set(name));
}

/**
 * The message the tool prints for an error: a 401 from the API gets the tool's own advice, which names
 * environment variables only (the provider's advice also names `pulumi config set`, which the tool does not read).
 */
export function cliErrorMessage(error: Error & { status?: number; operation?: string }): string {
  if (error.name !== "PinterestApiError" || error.status !== 401 || error.operation === "oauth/token") return error.message;
  const cut = error.message.indexOf(" The access token is invalid or expired.");
  const base = (cut >= 0 ? error.message.slice(0, cut) : error.message).replace(/[^.]*pulumi config set[^.]*\.?/g, "").trimEnd();
  return `${base}${CLI_TOKEN_REFUSED}`;
}

/**
 * A client from PINTEREST_ACCESS_TOKEN (or PINTEREST_REFRESH_ACCESS_TOKEN + PINTEREST_APP_ID + PINTEREST_APP_SECRET)
 * and PINTEREST_API_URI, with `extra` options (e.g. a logger). Throws a {@link CommandError} before any request
 * when no credentials are set.
 */
export function clientFromEnv(env: NodeJS.ProcessEnv, extra: Pick<PinterestClientOptions, "logger"> = {}): PinterestClient {
  const options = { ...clientOptionsFromEnv(env), ...extra };
  const missing = missingRefreshVariables(env);
  if (missing.length > 0) {
    throw new CommandError(
      `PINTEREST_REFRESH_ACCESS_TOKEN is set but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not: a refresh token is exchanged ` +
        "for access tokens with your app's id and secret. Set PINTEREST_APP_ID and PINTEREST_APP_SECRET too, or set PINTEREST_ACCESS_TOKEN instead.",
    );
  }
  if (!hasCredentials(options)) throw new CommandError(CLI_MISSING_CREDENTIALS);
  return new PinterestClient(options);
}
