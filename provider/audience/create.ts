/**
 * Creating an audience without ever creating it twice, and adopting one that exists.
 *
 * A create whose outcome is unknown (timeout, dropped connection, 5xx) is never blindly re-sent. The account is
 * listed, again and again, over a search window at least as long as the create's own timeout, because Pinterest
 * may commit a request after the client stopped waiting for it. Only an audience with the same declaration, not
 * already owned by this process, and created no earlier than the second the request began *on Pinterest's clock*
 * (learnt from the `Date` headers of its answers, never the local clock) is evidence of this request. Exactly one
 * such audience is adopted; several fail the step, naming them; none after the whole window means the request
 * did not take effect, and only then is it sent again.
 */
import type { PinterestClient } from "../api/client";
import { PinterestApiError } from "../api/errors";
import type { LocalMark } from "../api/server-clock";
import type { ApiAudience } from "../api/types";
import { AudienceInputs, diffAudience, fromApiAudience, isRemovedAudience, toCreateRequest, withUnechoedFields } from "./model";
import { declarationOf } from "./properties";
import { notCreated, unknownOutcome } from "./step-errors";

/** How many times a create whose outcome stayed unknown is reconciled and sent again. */
const MAX_CREATE_ATTEMPTS = 3;

/** How many list calls (each with the client's own retries) may fail in a row before the search gives up. */
const RECONCILE_CHECKS = 3;

/** Pause before checking again after a failed check, in ms (times the number of checks so far). */
const RECONCILE_PAUSE_MS = 1000;

/** Bounds of the pause between two searches of the account, in ms. */
const SEARCH_PAUSE_MIN_MS = 250;
const SEARCH_PAUSE_MAX_MS = 5000;

/** Time and waiting of a reconciling create; every field defaults to the real clock. Tests inject their own. */
export interface CreateTiming {
  /** Local time in ms (measures the search window). */
  now?: () => number;
  /** Waits `ms` between searches. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * How long to keep looking for an unknown create before sending it again, in ms, counted from the moment the
   * request would have timed out anyway (a dropped connection or a 5xx can come earlier); default (and minimum)
   * the client's timeout.
   */
  searchWindowMs?: number;
}

/** What the search needs to know about the create it looks for. */
interface Search {
  client: PinterestClient;
  declared: AudienceInputs;
  claimed: ReadonlySet<string>;
  /** When the request began, by the client's clock. */
  began: LocalMark;
  /** When the request began, by the search's clock (`CreateTiming.now`). */
  startedAt: number;
  createError: PinterestApiError;
}

/**
 * Creates the audience, reconciling unknown outcomes.
 * @param client The Pinterest client.
 * @param declared The declaration.
 * @param claimed Ids this process already created or adopted: never adopted again by a reconciling create.
 * @param timing Clock and waits (tests).
 */
export async function createReconciled(client: PinterestClient, declared: AudienceInputs, claimed: ReadonlySet<string>, timing: CreateTiming = {}): Promise<ApiAudience> {
  const now = timing.now ?? Date.now;
  let lastError: PinterestApiError | undefined;
  for (let attempt = 1; attempt <= MAX_CREATE_ATTEMPTS; attempt++) {
    const began = client.serverClock.mark();
    const startedAt = now();
    try {
      return await client.audiences.create(declared.adAccountId, toCreateRequest(declared));
    } catch (error) {
      if (!(error instanceof PinterestApiError) || !error.ambiguous) throw error;
      lastError = error;
      const found = await searchForCreated({ client, declared, claimed, began, startedAt, createError: error }, timing);
      if (found) return found;
    }
  }
  throw notCreated(declared, lastError as PinterestApiError, MAX_CREATE_ATTEMPTS);
}

/**
 * Looks for the audience an unknown create made, over the whole search window: the audience it made, or
 * undefined when none appeared (the request did not take effect). Throws when several audiences could be it, or
 * when Pinterest's clock is unknown (no answer carried a `Date` header), since then nothing ties an audience to
 * this request.
 */
async function searchForCreated(search: Search, timing: CreateTiming): Promise<ApiAudience | undefined> {
  const now = timing.now ?? Date.now;
  const sleep = timing.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = search.client.timeoutMs;
  const windowMs = Math.max(timeoutMs, timing.searchWindowMs ?? 0);
  const pauseMs = Math.min(SEARCH_PAUSE_MAX_MS, Math.max(SEARCH_PAUSE_MIN_MS, windowMs / 6));
  // Pinterest may commit the request until it would have timed out, and some time after: look until a whole
  // window past that moment (or past giving up, when that came later).
  const deadline = Math.max(now(), search.startedAt + timeoutMs) + windowMs;
  for (;;) {
    const listed = await listToReconcile(search, sleep);
    const matches = candidates(search, listed);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      const { declared } = search;
      throw new Error(
        `Creating audience "${declared.name}" had an unknown outcome, and ${matches.length} audiences in ad account ${declared.adAccountId} ` +
          `match it: ${matches.map((m) => m.id).join(", ")}. Remove the extra ones in Ads Manager (or adopt one with importId) and run again.`,
      );
    }
    const left = deadline - now();
    if (left <= 0) return undefined;
    await sleep(Math.min(pauseMs, left));
  }
}

/**
 * The listed audiences that can only be this request's: same declaration, not owned by this process, and created
 * no earlier than the second the request began on Pinterest's clock. Pinterest's timestamps are whole seconds,
 * so an identical audience made elsewhere in that same second cannot be told apart; one made earlier never passes.
 */
function candidates(search: Search, listed: ApiAudience[]): ApiAudience[] {
  const beganOnServerMs = search.client.serverClock.earliestServerMs(search.began);
  if (beganOnServerMs === undefined) {
    const { declared } = search;
    throw new Error(
      `Creating audience "${declared.name}" in ad account ${declared.adAccountId} had an unknown outcome, and Pinterest's answers carry no Date ` +
        `header, so an audience it may have made cannot be told from one made elsewhere. Look for "${declared.name}" ` +
        `(\`pinterest-audiences list --ad-account ${declared.adAccountId}\` or Ads Manager): if it is there, add \`importId: "<its id>"\` to its declaration; ` +
        `otherwise run \`pulumi up\` again.`,
    );
  }
  const sinceSeconds = Math.floor(beganOnServerMs / 1000);
  const matching = listed.filter(
    (candidate) => !search.claimed.has(candidate.id) && !isRemovedAudience(candidate) && matchesDeclaration(candidate, search.declared),
  );
  const undated = matching.filter((candidate) => madeAt(candidate) === undefined);
  if (undated.length > 0) {
    const { declared } = search;
    throw new Error(
      `Creating audience "${declared.name}" in ad account ${declared.adAccountId} had an unknown outcome, and ${undated.map((a) => a.id).join(", ")} ` +
        "match the declaration but Pinterest reports neither created_timestamp nor updated_timestamp for them, so whether this request made one " +
        `cannot be told. If one of them is the audience, add \`importId: "<its id>"\` to the declaration; otherwise run \`pulumi up\` again.`,
    );
  }
  return matching.filter((candidate) => (madeAt(candidate) as number) >= sinceSeconds);
}

/**
 * When an audience was made, in Unix seconds: `created_timestamp`, else (Pinterest sent it as null)
 * `updated_timestamp`, which is never earlier; undefined when neither is known.
 */
function madeAt(audience: ApiAudience): number | undefined {
  const outputs = fromApiAudience(audience);
  return outputs.createdTimestamp ?? outputs.updatedTimestamp;
}

/**
 * The existing audience `importId`, once the declaration is checked to match it as it is (as Pulumi's import
 * does): adopting changes nothing.
 * @param read Reads one audience (undefined when it does not exist).
 */
export async function adoptExisting(
  read: (adAccountId: string, audienceId: string) => Promise<ApiAudience | undefined>,
  declared: AudienceInputs,
  importId: string,
): Promise<ApiAudience> {
  const live = await read(declared.adAccountId, importId);
  if (!live || isRemovedAudience(live)) {
    throw new Error(`Cannot adopt audience ${importId}: ad account ${declared.adAccountId} has no such audience. Check importId and adAccountId.`);
  }
  const difference = diffAudience(withUnechoedFields(declarationOf(live), declared), declared);
  const differing = [...difference.replaces, ...difference.updates];
  if (differing.length > 0) {
    throw new Error(
      `Inputs to adopt audience ${importId} do not match the existing audience: ${differing.join(", ")}. ` +
        `Declare it as it is (\`pinterest-audiences import\` writes the declaration), adopt it, then change it in a later update.`,
    );
  }
  return live;
}

/**
 * Lists the account to learn whether a create with an unknown outcome took effect. A failed check is repeated:
 * giving up leaves an audience that may exist unrecorded, and the next `up` would create it a second time.
 */
async function listToReconcile(search: Search, sleep: (ms: number) => Promise<void>): Promise<ApiAudience[]> {
  for (let check = 1; ; check++) {
    try {
      return await search.client.audiences.list(search.declared.adAccountId);
    } catch (listError) {
      if (check >= RECONCILE_CHECKS) throw unknownOutcome(search.declared, search.createError, listError, check);
      await sleep(RECONCILE_PAUSE_MS * check);
    }
  }
}

/** Whether the audience is the declared one (a rule field Pinterest does not echo counts as the declared value). */
function matchesDeclaration(candidate: ApiAudience, declared: AudienceInputs): boolean {
  const difference = diffAudience(withUnechoedFields(declarationOf(candidate), declared), declared);
  return difference.replaces.length === 0 && difference.updates.length === 0;
}
