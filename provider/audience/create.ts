/**
 * Creating an audience without ever creating it twice, and adopting one that exists.
 *
 * Before a create is sent, the ad account is listed: the ids it holds then can never be this request's audience.
 * A create whose outcome is unknown (timeout, dropped connection, 5xx) is never blindly re-sent. The account is
 * listed, again and again, over a search window at least as long as the create's own timeout, because Pinterest
 * may commit a request after the client stopped waiting for it. Only an audience with the same declaration whose
 * id was not listed before the request, and that this process did not create, adopt or remove, is evidence of
 * this request: no clock is compared, so neither a skewed `Date` header nor front ends that disagree can mislead
 * it. Exactly one such audience is adopted; several fail the step, naming them; none after the whole window means
 * the request did not take effect, and only then is it sent again.
 *
 * What this cannot tell apart: an identical audience made by someone else after the account was listed and before
 * the search found it (a few seconds at most, and only when the create's answer is lost) looks like the request's.
 */
import type { PinterestClient } from "../api/client";
import { PinterestApiError } from "../api/errors";
import type { ApiAudience } from "../api/types";
import { adoptionError, adoptionProblems } from "./adoption";
import { type KnownBefore, listingNow } from "./known-before";
import { AudienceInputs, diffAudience, isRemovedAudience, toCreateRequest, withUnechoedFields } from "./model";
import { declarationOf } from "./outputs";
import { notCreated, unknownOutcome } from "./create-errors";

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
  /** Local time in ms (measures the search window; never compared with Pinterest's clock). */
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
  /** Ids the account held before the request was sent. */
  known: ReadonlySet<string>;
  /** When the request began, by the search's clock (`CreateTiming.now`). */
  startedAt: number;
  createError: PinterestApiError;
}

/** What a search found: the request's audience, if any, and every id it saw listed. */
interface SearchResult {
  found?: ApiAudience;
  seen: ReadonlySet<string>;
}

/**
 * Creates the audience, reconciling unknown outcomes.
 * @param client The Pinterest client.
 * @param declared The declaration.
 * @param claimed Ids this process already created, adopted or removed: never adopted by a reconciling create.
 * @param timing Clock and waits (tests).
 * @param knownBefore The ids the account holds, from a listing that begins after it is called (default: the
 *   account listed for this create alone; the lifecycle shares one listing between creates that arrive together).
 */
export async function createReconciled(
  client: PinterestClient,
  declared: AudienceInputs,
  claimed: ReadonlySet<string>,
  timing: CreateTiming = {},
  knownBefore: KnownBefore = listingNow((adAccountId) => client.audiences.list(adAccountId)),
): Promise<ApiAudience> {
  const now = timing.now ?? Date.now;
  let known = await listBeforeCreate(knownBefore, declared);
  let lastError: PinterestApiError | undefined;
  for (let attempt = 1; attempt <= MAX_CREATE_ATTEMPTS; attempt++) {
    const startedAt = now();
    try {
      return await client.audiences.create(declared.adAccountId, toCreateRequest(declared));
    } catch (error) {
      if (!(error instanceof PinterestApiError) || !error.ambiguous) throw error;
      lastError = error;
      const result = await searchForCreated({ client, declared, claimed, known, startedAt, createError: error }, timing);
      if (result.found) return result.found;
      // Everything the search listed was there before the next attempt is sent.
      known = result.seen;
    }
  }
  throw notCreated(declared, lastError as PinterestApiError, MAX_CREATE_ATTEMPTS);
}

/** The ids the account holds before the create is sent; a failure stops the step before anything is created. */
async function listBeforeCreate(knownBefore: KnownBefore, declared: AudienceInputs): Promise<ReadonlySet<string>> {
  try {
    return await knownBefore(declared.adAccountId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Nothing was created: listing ad account ${declared.adAccountId} failed (the account is listed before each create, ` +
        `to tell the audience "${declared.name}" the create makes from those already there): ${message}`,
      { cause: error },
    );
  }
}

/**
 * Looks for the audience an unknown create made, over the whole search window: the audience it made, or none when
 * none appeared (the request did not take effect). Throws when several audiences could be it.
 */
async function searchForCreated(search: Search, timing: CreateTiming): Promise<SearchResult> {
  const now = timing.now ?? Date.now;
  const sleep = timing.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = search.client.timeoutMs;
  const windowMs = Math.max(timeoutMs, timing.searchWindowMs ?? 0);
  const pauseMs = Math.min(SEARCH_PAUSE_MAX_MS, Math.max(SEARCH_PAUSE_MIN_MS, windowMs / 6));
  // Pinterest may commit the request until it would have timed out, and some time after: look until a whole
  // window past that moment (or past giving up, when that came later).
  const deadline = Math.max(now(), search.startedAt + timeoutMs) + windowMs;
  const seen = new Set(search.known);
  for (;;) {
    const listed = await listToReconcile(search, sleep);
    const matches = candidates(search, listed);
    for (const audience of listed) seen.add(audience.id);
    if (matches.length === 1) return { found: matches[0], seen };
    if (matches.length > 1) {
      const { declared } = search;
      throw new Error(
        `Creating audience "${declared.name}" had an unknown outcome, and ${matches.length} audiences in ad account ${declared.adAccountId} ` +
          `appeared since the request that match it: ${matches.map((m) => m.id).join(", ")}. Keep one: add \`importId: "<its id>"\` to the ` +
          "declaration and remove the others in Ads Manager, then run `pulumi up` again.",
      );
    }
    const left = deadline - now();
    if (left <= 0) return { seen };
    await sleep(Math.min(pauseMs, left));
  }
}

/**
 * The listed audiences that can only be this request's: same declaration, not listed before the request, and not
 * created, adopted or removed by this process.
 */
function candidates(search: Search, listed: ApiAudience[]): ApiAudience[] {
  return listed.filter(
    (candidate) =>
      !search.known.has(candidate.id) &&
      !search.claimed.has(candidate.id) &&
      !isRemovedAudience(candidate) &&
      matchesDeclaration(candidate, search.declared),
  );
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
  const problems = adoptionProblems(live, declared, importId);
  if (problems.length > 0 || !live) throw adoptionError(problems, importId);
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
