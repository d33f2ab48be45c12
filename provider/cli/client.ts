/** The Pinterest client of the tool: credentials from the environment, as the provider takes them. */
import { clientOptionsFromEnv, PinterestClient } from "../api";
import { hasCredentials } from "../settings";
import { CommandError } from "./io";

/** What to set when no credentials are found. */
export const CLI_MISSING_CREDENTIALS =
  "No Pinterest credentials. Set PINTEREST_ACCESS_TOKEN to an access token with the ads:read scope, " +
  "or set PINTEREST_REFRESH_ACCESS_TOKEN, PINTEREST_APP_ID and PINTEREST_APP_SECRET so one can be obtained. " +
  "PINTEREST_API_URI changes the API's base URL (e.g. a local emulator).";

/**
 * A client from PINTEREST_ACCESS_TOKEN (or PINTEREST_REFRESH_ACCESS_TOKEN + PINTEREST_APP_ID + PINTEREST_APP_SECRET)
 * and PINTEREST_API_URI. Throws a {@link CommandError} before any request when no credentials are set.
 */
export function clientFromEnv(env: NodeJS.ProcessEnv): PinterestClient {
  const options = clientOptionsFromEnv(env);
  if (!hasCredentials(options)) throw new CommandError(CLI_MISSING_CREDENTIALS);
  return new PinterestClient(options);
}
