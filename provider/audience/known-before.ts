/**
 * What an ad account held before a create was sent: the evidence that tells the audience a create made from one
 * that was already there, with no clock of Pinterest's involved.
 *
 * A create asks for the ids of a recent listing of the account: one that began at most {@link MAX_LISTING_AGE_MS}
 * ago (by this process's clock), or a new one. Creates arriving together (`pulumi up --parallel`, or spaced by the
 * write rate limit) share it, so a burst of creates costs a few listings of the account, not one each.
 */
import type { ApiAudience } from "../api/types";

/** How old a listing may be, from the moment it began, to serve a create, in ms. */
export const MAX_LISTING_AGE_MS = 1000;

/** Lists every audience of an ad account (every page). */
export type ListAccount = (adAccountId: string) => Promise<ApiAudience[]>;

/** The ids an ad account held before a create: taken by a listing that began at most a moment before it asked. */
export type KnownBefore = (adAccountId: string) => Promise<ReadonlySet<string>>;

/** A fresh listing for each call: the default when no {@link AccountListings} is shared. */
export function listingNow(list: ListAccount): KnownBefore {
  return async (adAccountId) => idsOf(await list(adAccountId));
}

/** A listing of one account and when it began. */
interface Listing {
  beganAtMs: number;
  ids: Promise<ReadonlySet<string>>;
}

/** Shares one listing of an ad account between the creates that ask within {@link MAX_LISTING_AGE_MS} of its start. */
export class AccountListings {
  private readonly latest = new Map<string, Listing>();

  /**
   * @param list Lists an ad account.
   * @param now This process's clock, in ms (tests).
   */
  constructor(
    private readonly list: ListAccount,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ids of a listing of the account that began at most {@link MAX_LISTING_AGE_MS} ago, or of a new one. */
  readonly knownBefore: KnownBefore = (adAccountId) => {
    const nowMs = this.now();
    const recent = this.latest.get(adAccountId);
    if (recent && nowMs - recent.beganAtMs <= MAX_LISTING_AGE_MS) return recent.ids;
    const listing: Listing = { beganAtMs: nowMs, ids: this.list(adAccountId).then(idsOf) };
    this.latest.set(adAccountId, listing);
    // A failed listing serves nobody after its own callers.
    listing.ids.catch(() => {
      if (this.latest.get(adAccountId) === listing) this.latest.delete(adAccountId);
    });
    return listing.ids;
  };
}

function idsOf(audiences: readonly ApiAudience[]): ReadonlySet<string> {
  return new Set(audiences.map((audience) => audience.id));
}
