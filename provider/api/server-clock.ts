/**
 * Pinterest's clock as this client sees it, from the `Date` header of every answer.
 *
 * A `Date` header is the server's time truncated to the second, taken between our sending and our receiving.
 * So each answer bounds the offset (server time minus local time) from both sides; the bounds of all answers
 * are intersected, as NTP does. Evidence about a request (when it began, as the server saw it) then comes from
 * the server's clock, not from a local clock that may be minutes off.
 */

/** A local instant, by the clock of the client that took it (see {@link ServerClock.mark}). */
export interface LocalMark {
  /** Local time in ms. */
  readonly localMs: number;
}

/** Bounds of the offset, server time minus local time, in ms. */
interface OffsetBounds {
  low: number;
  high: number;
}

/** Learns the server's clock from `Date` headers, and says when a local instant was on the server. */
export class ServerClock {
  private bounds: OffsetBounds | undefined;

  /** `now` is the local clock (ms) the client measures with. */
  constructor(private readonly now: () => number) {}

  /** The local instant now, to ask {@link earliestServerMs} about later. */
  mark(): LocalMark {
    return { localMs: this.now() };
  }

  /**
   * Takes one answer's `Date` header, sent between `sentAtMs` and `receivedAtMs` (local). An unreadable header
   * is ignored. A sample that contradicts the others (the server's clock was stepped) replaces them.
   */
  observe(dateHeader: string | null | undefined, sentAtMs: number, receivedAtMs: number): void {
    if (!dateHeader) return;
    const serverMs = Date.parse(dateHeader);
    if (Number.isNaN(serverMs)) return;
    const sample: OffsetBounds = { low: serverMs - receivedAtMs, high: serverMs + 1000 - sentAtMs };
    const current = this.bounds;
    if (current && Math.max(current.low, sample.low) <= Math.min(current.high, sample.high)) {
      this.bounds = { low: Math.max(current.low, sample.low), high: Math.min(current.high, sample.high) };
    } else {
      this.bounds = sample;
    }
  }

  /** True once an answer carried a readable `Date` header. */
  get known(): boolean {
    return this.bounds !== undefined;
  }

  /** The earliest the server's clock can have read at the local instant `mark`, in ms; undefined before any `Date` was seen. */
  earliestServerMs(mark: LocalMark): number | undefined {
    return this.bounds === undefined ? undefined : mark.localMs + this.bounds.low;
  }
}
