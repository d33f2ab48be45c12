/**
 * What `pinterest-audiences import` reads of the imported audiences' sharing: for each audience, who has it, ad
 * accounts and businesses (one list each, every page), so the declarations written carry it and adopting an
 * account brings its sharing along. Only kinds with recipients are kept: a kind with none is left out of the
 * declaration, and so is not managed.
 *
 * The sharing endpoints are not available to every app. When Pinterest refuses them (403, or a 404 for an audience
 * that exists), nothing of the sharing is kept and the caller warns once: the audiences are still imported.
 */
import type { PinterestClient } from "../provider/api/client";
import { PinterestApiError } from "../provider/api/errors";
import { isRemovedAudience } from "../provider/audience/model";
import type { SharedWith } from "../provider/declarations";
import { isDeclarableId } from "../provider/schema/validate";
import { RECIPIENT_KINDS, recipientIdsOf, type RecipientKind } from "../provider/sharing/model";

/** The `sharedWith` list each kind of recipient is written as. */
const SHARED_WITH_FIELD: Readonly<Record<RecipientKind["accountType"], keyof SharedWith>> = {
  AD_ACCOUNT: "adAccountIds",
  BUSINESS_ACCOUNT: "businessIds",
};

/** How many audiences' sharing is read at once (the client's rate limit spaces the requests anyway). */
const DEFAULT_CONCURRENCY = 4;

/** Options of {@link readSharing}. */
export interface ReadSharingOptions {
  /** The client (left open). */
  client: Pick<PinterestClient, "sharing" | "audiences">;
  /** The ad account that owns the audiences. */
  adAccountId: string;
  /** The audiences to read, each already checked to be a Pinterest id. */
  audienceIds: readonly string[];
  /** Audiences read at once; default 4. */
  concurrency?: number;
  /** Called after each audience with how many are done. */
  onProgress?: (done: number) => void;
}

/** What {@link readSharing} found. */
export interface SharingRead {
  /** Who each audience is shared with, by audience id: only audiences with recipients, only kinds with recipients. */
  sharedWith: Map<string, SharedWith>;
  /** Set when Pinterest refused the sharing endpoints: what it answered. Then `sharedWith` is empty. */
  refused?: PinterestApiError;
  /** Odd answers worth a warning (each a sentence); what they concern is left out of `sharedWith`. */
  warnings: string[];
}

/** Pinterest refused the sharing endpoints to this app or token: no audience's sharing can be read. */
class SharingRefused extends Error {
  constructor(readonly answer: PinterestApiError) {
    super(answer.message);
  }
}

/**
 * Reads who each audience is shared with. Rejects with the first error other than a refusal of the sharing
 * endpoints (which it reports in `refused` instead, keeping no sharing at all).
 */
export async function readSharing(options: ReadSharingOptions): Promise<SharingRead> {
  const result: SharingRead = { sharedWith: new Map(), warnings: [] };
  const ids = options.audienceIds;
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < ids.length && failure === undefined) {
      const audienceId = ids[next++];
      try {
        const sharedWith = await sharingOf(options, audienceId, result.warnings);
        if (sharedWith !== undefined) result.sharedWith.set(audienceId, sharedWith);
      } catch (error) {
        failure ??= { error };
        return;
      }
      options.onProgress?.(++done);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, ids.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure === undefined) return result;
  if (failure.error instanceof SharingRefused) return { sharedWith: new Map(), refused: failure.error.answer, warnings: [] };
  throw failure.error;
}

/** One audience's recipients of both kinds; undefined when it has none. */
async function sharingOf(options: ReadSharingOptions, audienceId: string, warnings: string[]): Promise<SharedWith | undefined> {
  const sharedWith: SharedWith = {};
  for (const kind of RECIPIENT_KINDS) {
    const ids = await recipientsOf(options, audienceId, kind, warnings);
    if (ids.length > 0) sharedWith[SHARED_WITH_FIELD[kind.accountType]] = ids;
  }
  return Object.keys(sharedWith).length > 0 ? sharedWith : undefined;
}

/**
 * The recipients of one kind, as a sorted set without the owner. Empty when Pinterest answers its documented 404
 * "Shared accounts not found", or when the audience is gone since it was listed. A kind whose answer holds an id
 * that is not a Pinterest id is left out whole, with a warning: a partial set would revoke the rest.
 */
async function recipientsOf(options: ReadSharingOptions, audienceId: string, kind: RecipientKind, warnings: string[]): Promise<string[]> {
  const { client, adAccountId } = options;
  let ids: string[];
  try {
    ids = recipientIdsOf(await client.sharing.recipients(adAccountId, audienceId, kind.accountType), kind, adAccountId);
  } catch (error) {
    if (!(error instanceof PinterestApiError)) throw error;
    if (error.status === 403) throw new SharingRefused(error);
    if (error.status !== 404) throw error;
    if (/shared accounts not found/i.test(error.apiMessage ?? "")) return [];
    // Another 404: the audience is gone since it was listed, or the list is not available to this app.
    if (await audienceExists(options, audienceId)) throw new SharingRefused(error);
    return [];
  }
  const odd = ids.filter((id): boolean => !isDeclarableId(id));
  if (odd.length === 0) return ids;
  warnings.push(
    `audience ${audienceId}: Pinterest listed ${odd.length} ${kind.noun} recipient(s) whose id is not a Pinterest id (1 to 18 digits, not starting with 0), ` +
      `e.g. ${JSON.stringify(odd[0].slice(0, 40))}; its ${kind.noun} recipients are not written, so they are not managed.`,
  );
  return [];
}

/** Whether the audience still exists (not removed), read again to tell a refused list from a vanished audience. */
async function audienceExists(options: ReadSharingOptions, audienceId: string): Promise<boolean> {
  try {
    return !isRemovedAudience(await options.client.audiences.get(options.adAccountId, audienceId));
  } catch (error) {
    if (error instanceof PinterestApiError && error.status === 404) return false;
    throw error;
  }
}
