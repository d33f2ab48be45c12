/**
 * Rate-limit groups, one per Pinterest category (`ads_read`, `ads_write`), wrapped around the
 * request function, plus one bound on requests in flight.
 *
 * Each group starts its requests at least `60000 / (limit * (1 - headroom))` ms apart, in the order
 * they were queued. Evenly spaced starts keep any 60 s window (rolling or fixed) at or under the
 * limit, and N requests take about N / limit minutes. A burst queues instead of drawing 429s.
 * When Pinterest still answers 429, {@link Throttle.pause} holds the whole group until it may go on.
 */
import type { RateLimitCategory } from "./types";

/** How the throttle is set up. */
export interface ThrottleOptions {
  /** Requests per minute of each category. */
  rateLimits: Readonly<Record<RateLimitCategory, number>>;
  /** Most tasks running at once, over all categories. */
  maxConcurrency: number;
  /** Fraction of the limit kept unused as a margin for clock and network jitter; default 0.02. */
  headroom?: number;
  /** Current time in ms. */
  now: () => number;
  /** Waits `ms` milliseconds. */
  sleep: (ms: number) => Promise<void>;
  /** Before every start: undefined when a task may start now, else a promise of when it may (e.g. the access token is ready). */
  gate?: () => Promise<void> | undefined;
}

/** A queued task and the callbacks that settle its caller's promise. */
interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The state of one category. */
interface Group {
  intervalMs: number;
  queue: Job[];
  /** Earliest start of the next task. */
  nextAt: number;
  /** No task starts before this (set by a 429). */
  pausedUntil: number;
  pumping: boolean;
}

/** Default margin under the configured limit. */
export const DEFAULT_HEADROOM = 0.02;

/** Milliseconds between two starts in a category allowing `perMinute` requests a minute. */
export function startIntervalMs(perMinute: number, headroom: number = DEFAULT_HEADROOM): number {
  if (!(perMinute > 0)) throw new RangeError(`A rate limit must be a positive number of requests per minute, not ${perMinute}.`);
  if (perMinute === Infinity) return 0;
  return 60_000 / (perMinute * (1 - headroom));
}

/** Queues tasks per category and starts them no faster than the category's limit allows. */
export class Throttle {
  private readonly groups = new Map<RateLimitCategory, Group>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxConcurrency: number;
  private active = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private closedReason: Error | undefined;
  private readonly gate: (() => Promise<void> | undefined) | undefined;

  /** Creates a throttle; throws a RangeError for a non-positive limit or concurrency. */
  constructor(options: ThrottleOptions) {
    if (!(options.maxConcurrency >= 1)) throw new RangeError(`maxConcurrency must be at least 1, not ${options.maxConcurrency}.`);
    this.maxConcurrency = Math.floor(options.maxConcurrency);
    this.now = options.now;
    this.sleep = options.sleep;
    this.gate = options.gate;
    const headroom = options.headroom ?? DEFAULT_HEADROOM;
    for (const category of Object.keys(options.rateLimits) as RateLimitCategory[]) {
      this.groups.set(category, {
        intervalMs: startIntervalMs(options.rateLimits[category], headroom),
        queue: [],
        nextAt: -Infinity,
        pausedUntil: -Infinity,
        pumping: false,
      });
    }
  }

  /** Number of tasks waiting (not yet started) in a category. */
  queued(category: RateLimitCategory): number {
    return this.group(category).queue.length;
  }

  /** Number of tasks running now, over all categories. */
  get running(): number {
    return this.active;
  }

  /** Runs `task` when the category's rate and the concurrency bound allow; settles with its result. */
  schedule<T>(category: RateLimitCategory, task: () => Promise<T>): Promise<T> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    const group = this.group(category);
    return new Promise<T>((resolve, reject) => {
      group.queue.push({ run: task, resolve: resolve as (value: unknown) => void, reject });
      this.pump(group);
    });
  }

  /** Holds every task of `category` until `untilMs` (e.g. after a 429 with Retry-After). */
  pause(category: RateLimitCategory, untilMs: number): void {
    const group = this.group(category);
    group.pausedUntil = Math.max(group.pausedUntil, untilMs);
  }

  /** Rejects every queued task with `reason` and refuses new ones; running tasks finish. */
  close(reason: Error): void {
    this.closedReason = reason;
    for (const group of this.groups.values()) {
      for (const job of group.queue.splice(0)) job.reject(reason);
    }
    for (const wake of this.slotWaiters.splice(0)) wake();
  }

  private group(category: RateLimitCategory): Group {
    const group = this.groups.get(category);
    if (!group) throw new RangeError(`Unknown rate-limit category ${category}.`);
    return group;
  }

  private pump(group: Group): void {
    if (group.pumping) return;
    group.pumping = true;
    void this.drain(group)
      .catch((error: unknown) => {
        // A failed wait (e.g. the client was closed) fails what is queued rather than leaving it hanging.
        for (const job of group.queue.splice(0)) job.reject(error);
      })
      .finally(() => {
        group.pumping = false;
        // A task queued while the loop was finishing would otherwise wait for the next schedule().
        if (group.queue.length > 0 && !this.closedReason) this.pump(group);
      });
  }

  private async drain(group: Group): Promise<void> {
    while (group.queue.length > 0 && !this.closedReason) {
      // Nothing is awaited between the checks below and the start, so the gate still holds when the task starts.
      const closed = this.gate?.();
      if (closed) {
        await closed;
        continue;
      }
      const wait = Math.max(group.nextAt, group.pausedUntil) - this.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue; // a pause may have moved the start meanwhile
      }
      if (this.active >= this.maxConcurrency) {
        await new Promise<void>((wake) => this.slotWaiters.push(wake));
        continue;
      }
      const job = group.queue.shift();
      if (!job) break;
      group.nextAt = this.now() + group.intervalMs;
      this.start(job);
    }
  }

  private start(job: Job): void {
    this.active += 1;
    let result: Promise<unknown>;
    try {
      result = job.run();
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(job.resolve, job.reject).finally(() => {
      this.active -= 1;
      this.slotWaiters.shift()?.();
    });
  }
}
