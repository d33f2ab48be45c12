/**
 * Request and fault counters of the emulator, resettable, handed out as copies.
 */
import type { RateLimitCategory } from "../provider/api/types";
import { OPERATIONS, type Operation } from "./operations";

/** Kinds of injected faults. */
export type FaultKind = "latency" | "latencySpike" | "serverError" | "throttle" | "drop" | "commitThenDrop";

/** Every fault kind, in a stable order. */
export const FAULT_KINDS: readonly FaultKind[] = ["latency", "latencySpike", "serverError", "throttle", "drop", "commitThenDrop"];

/** What the emulator has seen since start or the last reset. Out-of-band calls are not counted. */
export interface EmulatorCounters {
  /** All HTTP requests received, routed or not. */
  requests: number;
  /** Requests by operation (counted when routed, before faults, auth and limits). */
  byOperation: Record<Operation, number>;
  /** Answered requests by HTTP status, e.g. `{"200": 3, "429": 1}`; dropped connections have no status. */
  byStatus: Record<string, number>;
  /** Requests by rate-limit category (`token` has none). */
  byCategory: Record<RateLimitCategory, number>;
  /** Requests refused by the rate limiter (not counting injected 429 bursts). */
  rateLimited: number;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
}

/** Creates zeroed counters. */
export function emptyCounters(): EmulatorCounters {
  return {
    requests: 0,
    byOperation: Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<Operation, number>,
    byStatus: {},
    byCategory: { ads_read: 0, ads_write: 0 },
    rateLimited: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
  };
}

/** A deep copy of counters. */
export function copyCounters(c: EmulatorCounters): EmulatorCounters {
  return JSON.parse(JSON.stringify(c)) as EmulatorCounters;
}
