/**
 * Creating an audience without ever creating it twice, and adopting one that exists.
 *
 * A create whose outcome is unknown (timeout, dropped connection, 5xx) is never blindly re-sent: the account is
 * listed for an audience with the same declaration created since the request began. Exactly one match is adopted;
 * none means the request did not take effect and it is sent again; several fail the step, naming them.
 */
import type { PinterestClient } from "./api/client";
import { PinterestApiError } from "./api/errors";
import type { ApiAudience } from "./api/types";
import { AudienceInputs, diffAudience, fromApiAudience, toCreateRequest } from "./model";
import { declarationOf } from "./properties";
import { notCreated, unknownOutcome } from "./step-errors";

/** How many times a create whose outcome stayed unknown is reconciled and sent again. */
const MAX_CREATE_ATTEMPTS = 3;

/** Seconds of clock difference tolerated between this machine and Pinterest when matching creation times. */
const CLOCK_SKEW_SECONDS = 120;

/** How many list calls (each with the client's own retries) may check an unknown create before giving up. */
const RECONCILE_CHECKS = 3;

/** Pause before checking again after a failed check, in ms (times the number of checks so far). */
const RECONCILE_PAUSE_MS = 1000;

/**
 * Creates the audience, reconciling unknown outcomes.
 * @param client The Pinterest client.
 * @param declared The declaration.
 * @param claimed Ids this process already created or adopted: never adopted again by a reconciling create.
 */
export async function createReconciled(client: PinterestClient, declared: AudienceInputs, claimed: ReadonlySet<string>): Promise<ApiAudience> {
  let lastError: PinterestApiError | undefined;
  for (let attempt = 1; attempt <= MAX_CREATE_ATTEMPTS; attempt++) {
    const startedAt = Math.floor(Date.now() / 1000) - CLOCK_SKEW_SECONDS;
    try {
      return await client.audiences.create(declared.adAccountId, toCreateRequest(declared));
    } catch (error) {
      if (!(error instanceof PinterestApiError) || !error.ambiguous) throw error;
      lastError = error;
      const listed = await listToReconcile(client, declared, error);
      const matches = listed.filter(
        (candidate) =>
          !claimed.has(candidate.id) && (fromApiAudience(candidate).createdTimestamp ?? 0) >= startedAt && matchesDeclaration(candidate, declared),
      );
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) {
        throw new Error(
          `Creating audience "${declared.name}" had an unknown outcome, and ${matches.length} audiences in ad account ${declared.adAccountId} ` +
            `match it: ${matches.map((m) => m.id).join(", ")}. Remove the extra ones in Ads Manager (or adopt one with importId) and run again.`,
        );
      }
    }
  }
  throw notCreated(declared, lastError as PinterestApiError, MAX_CREATE_ATTEMPTS);
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
  if (!live) {
    throw new Error(`Cannot adopt audience ${importId}: ad account ${declared.adAccountId} has no such audience. Check importId and adAccountId.`);
  }
  const difference = diffAudience(declarationOf(live), declared);
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
async function listToReconcile(client: PinterestClient, declared: AudienceInputs, createError: PinterestApiError): Promise<ApiAudience[]> {
  for (let check = 1; ; check++) {
    try {
      return await client.audiences.list(declared.adAccountId);
    } catch (listError) {
      if (check >= RECONCILE_CHECKS) throw unknownOutcome(declared, createError, listError, check);
      await new Promise((resolve) => setTimeout(resolve, RECONCILE_PAUSE_MS * check));
    }
  }
}

function matchesDeclaration(candidate: ApiAudience, declared: AudienceInputs): boolean {
  const difference = diffAudience(declarationOf(candidate), declared);
  return difference.replaces.length === 0 && difference.updates.length === 0;
}
