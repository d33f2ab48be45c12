/**
 * Deterministic fault injection: counts ("the next N requests") and rates drawn from a seeded PRNG,
 * optionally limited to some operations.
 */
import type { FaultKind } from "./counters";
import { isWrite, type Operation } from "./operations";
import { seededRandom } from "./prng";

/** Faults to inject. Counts are consumed only by requests the faults apply to. */
export interface FaultSettings {
  /** Fixed delay before each request is processed, in ms. */
  latencyMs: number;
  /** The next N requests are delayed by an extra `latencySpikeMs`. */
  latencySpikeNext: number;
  /** Extra delay of a latency spike, in ms. */
  latencySpikeMs: number;
  /** The next N requests answer `serverErrorStatus` without being processed. */
  serverErrorNext: number;
  /** Fraction (0..1) of requests answered `serverErrorStatus`, drawn from the seeded PRNG. */
  serverErrorRate: number;
  /** Status of injected server errors. */
  serverErrorStatus: 500 | 503;
  /** The next N requests answer 429 with `Retry-After: throttleRetryAfterSeconds`. */
  throttleNext: number;
  /** `Retry-After` of an injected 429, in whole seconds; null sends the 429 without a `Retry-After` header. */
  throttleRetryAfterSeconds: number | null;
  /** The next N requests have their connection destroyed before processing, without an answer. */
  dropNext: number;
  /** Fraction (0..1) of requests dropped before processing. */
  dropRate: number;
  /** The next N writes (create, update, remove, and the two sharing PATCHes) take effect, then their connection is destroyed without an answer. */
  commitThenDropNext: number;
  /** Fraction (0..1) of writes that take effect and then lose their answer. */
  commitThenDropRate: number;
  /**
   * The next N writes have their connection destroyed as soon as they arrive, and take effect `commitAfterDropMs`
   * later anyway: a commit after the client saw the connection drop (counted as `commitThenDrop`).
   */
  commitAfterDropNext: number;
  /** Delay between dropping such a write's connection and committing it, in ms. */
  commitAfterDropMs: number;
  /**
   * The next N requests the faults apply to get none of them (fixed latency included); the faults start with the
   * request after: e.g. a SHARE that succeeds and the REVOKE after it that fails.
   */
  passNext: number;
  /** Limit every fault to these operations; undefined or empty: all operations. */
  operations?: Operation[];
  /** Reseeds the PRNG that drives the rates. */
  seed?: number;
}

/** Settings with no faults, except the emulator's configured base latency. */
export function noFaults(latencyMs = 0): FaultSettings {
  return {
    latencyMs,
    latencySpikeNext: 0,
    latencySpikeMs: 0,
    serverErrorNext: 0,
    serverErrorRate: 0,
    serverErrorStatus: 503,
    throttleNext: 0,
    throttleRetryAfterSeconds: 1,
    dropNext: 0,
    dropRate: 0,
    commitThenDropNext: 0,
    commitThenDropRate: 0,
    commitAfterDropNext: 0,
    commitAfterDropMs: 0,
    passNext: 0,
  };
}

/** Decides, request by request, which faults to inject, and reports each one to `record`. */
export class FaultInjector {
  private settings: FaultSettings;
  private random: () => number;

  /** Creates an injector with no faults but `baseLatencyMs`. */
  constructor(
    private readonly seed: number,
    private readonly baseLatencyMs: number,
    private readonly record: (kind: FaultKind) => void,
  ) {
    this.settings = noFaults(baseLatencyMs);
    this.random = seededRandom(seed);
  }

  /** Merges new settings into the current ones. */
  set(faults: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...faults };
    if (faults.seed !== undefined) this.random = seededRandom(faults.seed);
  }

  /** Back to no faults, the base latency and the initial seed. */
  clear(): void {
    this.settings = noFaults(this.baseLatencyMs);
    this.random = seededRandom(this.seed);
  }

  /** Whether this request gets no fault at all (`passNext`); asked once per request, before any other. */
  passes(op: Operation | undefined): boolean {
    if (!this.applies(op) || this.settings.passNext <= 0) return false;
    this.settings.passNext--;
    return true;
  }

  /** Milliseconds to delay this request (fixed latency plus any spike). */
  delayMs(op: Operation | undefined): number {
    if (!this.applies(op)) return 0;
    let ms = 0;
    if (this.settings.latencyMs > 0) {
      ms += this.settings.latencyMs;
      this.record("latency");
    }
    if (this.settings.latencySpikeNext > 0) {
      this.settings.latencySpikeNext--;
      ms += this.settings.latencySpikeMs;
      this.record("latencySpike");
    }
    return ms;
  }

  /** Whether to destroy the connection before processing. */
  drop(op: Operation | undefined): boolean {
    return this.fire(op, "drop", "dropNext", "dropRate");
  }

  /** `Retry-After` seconds of an injected 429 (null: none sent), or undefined when no 429 is injected. */
  throttle(op: Operation | undefined): number | null | undefined {
    if (!this.applies(op) || this.settings.throttleNext <= 0) return undefined;
    this.settings.throttleNext--;
    this.record("throttle");
    return this.settings.throttleRetryAfterSeconds;
  }

  /** Status of an injected server error, or undefined. */
  serverError(op: Operation | undefined): number | undefined {
    return this.fire(op, "serverError", "serverErrorNext", "serverErrorRate") ? this.settings.serverErrorStatus : undefined;
  }

  /** Whether a successful write should lose its answer. */
  commitThenDrop(op: Operation): boolean {
    return isWrite(op) && this.fire(op, "commitThenDrop", "commitThenDropNext", "commitThenDropRate");
  }

  /** Ms after which a write whose connection is dropped on arrival takes effect, or undefined for a normal request. */
  commitAfterDrop(op: Operation): number | undefined {
    if (!isWrite(op) || !this.applies(op) || this.settings.commitAfterDropNext <= 0) return undefined;
    this.settings.commitAfterDropNext--;
    this.record("commitThenDrop");
    return this.settings.commitAfterDropMs;
  }

  private fire(
    op: Operation | undefined,
    kind: FaultKind,
    countKey: "dropNext" | "serverErrorNext" | "commitThenDropNext",
    rateKey: "dropRate" | "serverErrorRate" | "commitThenDropRate",
  ): boolean {
    if (!this.applies(op)) return false;
    let hit = false;
    if (this.settings[countKey] > 0) {
      this.settings[countKey]--;
      hit = true;
    } else if (this.settings[rateKey] > 0) {
      hit = this.random() < this.settings[rateKey];
    }
    if (hit) this.record(kind);
    return hit;
  }

  private applies(op: Operation | undefined): boolean {
    const only = this.settings.operations;
    if (!only || only.length === 0) return true;
    return op !== undefined && only.includes(op);
  }
}
