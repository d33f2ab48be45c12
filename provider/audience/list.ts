/**
 * `listAudiences`: every audience of an ad account, all pages followed, as typed camelCase values — for Pulumi
 * programs and scripts (what the Python SDK's `Audience.get_all` gives, without the page bookkeeping).
 */
import { PinterestClient, type AudiencesApi } from "../api";
import { fromApiAudience, type AudienceOutputs } from "./model";

/** Progress of a listing, reported after each page. */
export interface ListProgress {
  /** Pages read so far. */
  pages: number;
  /** Audiences read so far. */
  audiences: number;
}

/** Options of {@link listAudiences}. */
export interface ListAudiencesOptions {
  /** The ad account to list (digits). */
  adAccountId: string;
  /**
   * The client to use (it is left open). When left out, one is made from the environment
   * (PINTEREST_ACCESS_TOKEN, or PINTEREST_REFRESH_ACCESS_TOKEN with PINTEREST_APP_ID and PINTEREST_APP_SECRET;
   * PINTEREST_API_URI for the base URL) and closed when done.
   */
  client?: { audiences: Pick<AudiencesApi, "pages"> };
  /** OWNED (Pinterest's default) or RECEIVED (audiences shared with the account). */
  ownershipType?: "OWNED" | "RECEIVED";
  /** Sort by id, ASCENDING or DESCENDING; Pinterest's order when left out. */
  order?: "ASCENDING" | "DESCENDING";
  /** Called after each page with the totals so far. */
  onProgress?: (progress: ListProgress) => void;
  /** Where to read credentials when no client is given; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Every audience of the ad account, following every page, in camelCase (`fromApiAudience`).
 * Rejects with a `PinterestApiError` when Pinterest refuses (its message says what to do) or credentials are missing.
 */
export async function listAudiences(options: ListAudiencesOptions): Promise<AudienceOutputs[]> {
  const owned = options.client === undefined ? PinterestClient.fromEnv(options.env ?? process.env) : undefined;
  const client = options.client ?? (owned as PinterestClient);
  const progress: ListProgress = { pages: 0, audiences: 0 };
  const audiences: AudienceOutputs[] = [];
  try {
    const pages = client.audiences.pages(options.adAccountId, { ownershipType: options.ownershipType, order: options.order });
    for await (const page of pages) {
      for (const item of page) audiences.push(fromApiAudience(item));
      progress.pages += 1;
      progress.audiences += page.length;
      options.onProgress?.({ ...progress });
    }
  } finally {
    owned?.close();
  }
  return audiences;
}
