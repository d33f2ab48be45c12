/** Error messages of failed calls: what happened, then what to do next, per class of failure. */
import { CONFIG_KEYS, ENV_VARS, TUNING_ENV_VARS } from "./config";
import type { CredentialOrigin } from "./options";
import type { StopReason } from "./retry";

/** The facts a message is built from (none of them secret). */
export interface FailureFacts {
  /** The API operation, e.g. `audiences/create`. */
  operation: string;
  /** What kind of failure. */
  kind: "http" | "timeout" | "network" | "invalid_response";
  /** HTTP status, for `http`. */
  status?: number;
  /** Pinterest's error code. */
  code?: number;
  /** Pinterest's error message (already scrubbed). */
  apiMessage?: string;
  /** The ad account involved. */
  adAccountId?: string;
  /** The audience involved. */
  audienceId?: string;
  /** Requests sent. */
  attempts: number;
  /** Why retrying stopped. */
  stopReason?: StopReason;
  /** Seconds Pinterest asked to wait. */
  retryAfterSeconds?: number;
  /** The longest rate-limit wait of the client, in seconds, for a 429. */
  maxWaitSeconds?: number;
  /** Whether the request may have taken effect. */
  ambiguous: boolean;
  /** The per-request timeout, for `timeout`. */
  timeoutMs?: number;
  /** The network error code or detail, for `network`. */
  detail?: string;
  /** The API host, for `network`. */
  host?: string;
  /** Where the refused credentials came from. */
  credentialOrigin?: CredentialOrigin;
}

/** "audience 12 in ad account 34", or what is known of it. */
function subject(facts: FailureFacts): string {
  const parts: string[] = [];
  if (facts.audienceId) parts.push(`audience ${facts.audienceId}`);
  if (facts.adAccountId) parts.push(`${facts.audienceId ? "in " : ""}ad account ${facts.adAccountId}`);
  return parts.length > 0 ? ` (${parts.join(" ")})` : "";
}

/** What the next step is after an ambiguous write. */
function reconcileHint(facts: FailureFacts): string {
  if (facts.operation === "audiences/create") {
    return " The audience may have been created anyway: list the ad account's audiences and look for it by name before creating it again (a `pulumi refresh` or import reconciles the state).";
  }
  if (facts.operation === "oauth/token") return "";
  if (SHARING_WRITES.has(facts.operation))
    return " The change may have been applied anyway: list who has the audience (GET …/audiences/shared/accounts) before trying again.";
  return " The change may have been applied anyway: read the audience to see its current state before trying again.";
}

/** Pinterest's own words, when it gave any. */
export function pinterestSays(facts: Pick<FailureFacts, "code" | "apiMessage">): string {
  if (facts.apiMessage === undefined && facts.code === undefined) return "";
  const code = facts.code !== undefined ? ` (code ${facts.code})` : "";
  return facts.apiMessage !== undefined ? ` Pinterest says${code}: ${facts.apiMessage}` : ` Pinterest error code ${facts.code}.`;
}

/** "90 s", "2 h 5 min", "3 d 4 h": a wait in words a person can plan with. */
export function describeWait(seconds: number): string {
  if (!Number.isFinite(seconds)) return "an unbounded time";
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Next step after a 429: quotes the wait Pinterest asked for, and why the client did not wait that long. */
function rateLimitAdvice(facts: FailureFacts): string {
  const tuning = ` Programs using PinterestClient directly can lower its rateLimits (requests per minute of ads_read/ads_write) or maxConcurrency.`;
  const asked = facts.retryAfterSeconds;
  if (facts.stopReason === "wait_too_long" && asked !== undefined) {
    const cap = facts.maxWaitSeconds !== undefined ? ` ${facts.maxWaitSeconds} s` : "";
    return (
      ` Pinterest asked to wait ${asked} s (${describeWait(asked)}) before the next request, longer than the${cap} this client waits for a rate limit ` +
      `(option maxRateLimitWaitMs, environment ${TUNING_ENV_VARS.maxRateLimitWaitSeconds}), so it stopped at once. Run again after ${describeWait(asked)}; ` +
      `the limit may be a daily one (Trial access allows 1,000 requests a day).${tuning}`
    );
  }
  const wait = asked !== undefined ? ` Pinterest asked to wait ${asked} s.` : "";
  const again = asked !== undefined ? `after ${describeWait(Math.max(asked, 60))}` : "in a minute";
  return ` Still rate limited after ${facts.attempts} attempt(s).${wait} Run again ${again}; with Trial access (1,000 requests a day) refresh big stacks less often.${tuning}`;
}

/** Operations that share an audience or revoke it (see client.ts SHARING_OPERATIONS). */
const SHARING_WRITES = new Set(["audiences/share_with_ad_accounts", "audiences/share_with_businesses"]);

/** Operations that only read. */
const READS = new Set(["audiences/list", "audiences/get", "audiences/shared_accounts"]);

/**
 * Next step after a refused SHARE or REVOKE. Pinterest refuses recipients outside the owner's Business Hierarchy,
 * and apps without access to these restricted endpoints; which status and code it uses for each is undocumented.
 */
function sharingAdvice(facts: FailureFacts): string {
  return (
    ` Pinterest shares an audience only with ad accounts and businesses in the same Pinterest Business Hierarchy as the business that owns ad account ${facts.adAccountId ?? "(unknown)"}, ` +
    "and only the owner ad account can share it: check each recipient id (Business Manager lists the hierarchy's accounts) and remove the ones outside it. " +
    "The sharing endpoints are also not available to every app: if every recipient is in the hierarchy, ask Pinterest for access to audience sharing."
  );
}

/**
 * Next step after a refused access token, by where it came from. A refresh that does not run the program
 * (`pulumi refresh`, and the refresh before `preview --refresh` or `up --refresh`) configures the provider with the
 * stack configuration recorded at the last update, so a token changed in the configuration since is not seen there.
 */
function unauthorisedAdvice(origin: CredentialOrigin | undefined): string {
  const newToken =
    `set a new one with \`pulumi config set --secret ${CONFIG_KEYS.accessToken} …\` or ${ENV_VARS.accessToken}, or set ${ENV_VARS.refreshToken}, ` +
    `${ENV_VARS.appId} and ${ENV_VARS.appSecret} (${CONFIG_KEYS.refreshToken}, ${CONFIG_KEYS.appId}, ${CONFIG_KEYS.appSecret}) so it can be refreshed`;
  if (origin === "environment") {
    return ` The access token is invalid or expired. It came from the environment (${ENV_VARS.accessToken} or ${ENV_VARS.refreshToken}): ${newToken}.`;
  }
  if (origin === "stack configuration") {
    return (
      ` The access token is invalid or expired. It came from the stack configuration (${CONFIG_KEYS.accessToken} or ${CONFIG_KEYS.refreshToken}), ` +
      "and a refresh that does not run the program (`pulumi refresh`, `preview --refresh`, `up --refresh`) uses the configuration recorded at " +
      `the last update: if you already set a new token, run \`pulumi refresh --run-program\` or \`pulumi up\` once; otherwise ${newToken}.`
    );
  }
  return ` The access token is invalid or expired. ${newToken.charAt(0).toUpperCase()}${newToken.slice(1)}.`;
}

/** Next step for an HTTP error status. */
function httpAdvice(facts: FailureFacts): string {
  const status = facts.status ?? 0;
  const isToken = facts.operation === "oauth/token";
  if (SHARING_WRITES.has(facts.operation) && (status === 400 || status === 403 || status === 422)) return sharingAdvice(facts);
  if (isToken && (status === 400 || status === 401 || status === 403)) {
    return ` The refresh token or the app id/secret were refused. Set a new refresh token (${ENV_VARS.refreshToken} or ${CONFIG_KEYS.refreshToken}) and check ${ENV_VARS.appId}/${ENV_VARS.appSecret} (${CONFIG_KEYS.appId}/${CONFIG_KEYS.appSecret}), or set a fresh access token in ${ENV_VARS.accessToken} (${CONFIG_KEYS.accessToken}).`;
  }
  if (status === 400 || status === 422) return " Fix the audience declaration (or the arguments) as Pinterest's message says, then run again.";
  if (status === 401) return unauthorisedAdvice(facts.credentialOrigin);
  if (status === 403) {
    const scope = READS.has(facts.operation) ? "ads:read" : "ads:write";
    return ` The token lacks the ${scope} scope, or its user has no access to ad account ${facts.adAccountId ?? "(unknown)"}. Authorise the app with ads:read and ads:write, and check the account id and the user's role on that account.`;
  }
  if (status === 404) {
    return facts.audienceId
      ? " It does not exist (or was removed outside this program). Check the ids; `pulumi refresh` drops audiences deleted elsewhere."
      : " Check the ad account id and that the token's user can see that account.";
  }
  if (status === 429) return rateLimitAdvice(facts);
  if (status >= 500) {
    const why = facts.stopReason === "not_resendable" ? " It was not re-sent, because sending it twice could create a duplicate." : "";
    return ` Pinterest is unavailable or failed.${why}${facts.ambiguous ? reconcileHint(facts) : " Retry later."}`;
  }
  if (status >= 300 && status < 400) return " Pinterest answered with a redirect, which the client does not follow. Check the API URL.";
  return " Check the request and Pinterest's message.";
}

/** Builds the message of a failed call. The caller scrubs it of secrets. */
export function failureMessage(facts: FailureFacts): string {
  const what = `Pinterest ${facts.operation}${subject(facts)}`;
  switch (facts.kind) {
    case "http":
      return `${what} failed with HTTP ${facts.status}.${pinterestSays(facts)}${httpAdvice(facts)}`;
    case "timeout":
      return `${what} got no complete answer within ${facts.timeoutMs} ms (attempt ${facts.attempts}).${facts.ambiguous ? reconcileHint(facts) : " Pinterest may be slow or unreachable: retry later, or raise timeoutMs."}`;
    case "network": {
      const where = facts.host ? ` to ${facts.host}` : "";
      const reason = facts.detail ? ` (${facts.detail})` : "";
      return `${what}: the connection${where} failed${reason} after ${facts.attempts} attempt(s).${facts.ambiguous ? reconcileHint(facts) : " Check the network and the API URL, then retry."}`;
    }
    case "invalid_response":
      return `${what} succeeded with HTTP ${facts.status}, but the answer was not the JSON the API describes.${facts.ambiguous ? reconcileHint(facts) : " Retry later; check the API URL if it persists."}`;
  }
}
