/**
 * Per-category rate limits over a rolling 60-second window, like Pinterest's per-minute limits.
 */
import type { RateLimitCategory } from "../provider/api/types";

/** Length of the rolling window. */
export const WINDOW_MS = 60_000;

/** Default limits: Standard access, 1,000 reads and 400 writes a minute. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitCategory, number>> = { ads_read: 1000, ads_write: 400 };

/** The verdict on one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts accepted requests per category; refused ones take no slot. */
export class RateLimiter {
  private readonly limits: Record<RateLimitCategory, number>;
  private readonly accepted: Record<RateLimitCategory, number[]> = { ads_read: [], ads_write: [] };

  /** Creates a limiter; a limit of 0 or `Infinity` disables its category. */
  constructor(
    private readonly now: () => number,
    limits: Partial<Record<RateLimitCategory, number>> = {},
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS };
    this.set(limits);
  }

  /** Changes some limits; the window's history is kept. */
  set(limits: Partial<Record<RateLimitCategory, number>>): void {
    for (const [category, limit] of Object.entries(limits) as [RateLimitCategory, number | undefined][]) {
      if (limit === undefined) continue;
      if (!(limit === 0 || limit >= 1))
        throw new Error(`Rate limit for ${category} must be 0 (off), Infinity (off) or at least 1 request a minute; got ${String(limit)}.`);
      this.limits[category] = limit;
    }
  }

  /** Takes a slot in `category` if one is free, else says how many whole seconds until one frees. */
  take(category: RateLimitCategory): RateDecision {
    const limit = this.limits[category];
    if (limit === 0 || limit === Infinity) return { allowed: true };
    const now = this.now();
    const times = this.accepted[category].filter((t) => t > now - WINDOW_MS);
    this.accepted[category] = times;
    if (times.length < Math.floor(limit)) {
      times.push(now);
      return { allowed: true };
    }
    const oldestRelevant = times[times.length - Math.floor(limit)] as number;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldestRelevant + WINDOW_MS - now) / 1000)) };
  }
}
