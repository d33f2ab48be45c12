/**
 * The per-audience baseline: a direct PinterestClient loop in the bench process, one request at a time
 * (parallel 1), with the same client (same throttle, limits and retries) against its own emulator with the
 * same latency and limits. It does what a provider without batching does: one GET per audience wherever the
 * engine reads (refresh) or diffs against the live audience (preview and up of a provider that reads in
 * diff, the pattern of pulumi/pulumi#6716), one POST per create, one PATCH per change.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { PinterestClient } from "../provider/api/client";
import type { ApiAudience } from "../provider/api/types";
import type { EmulatorCounters } from "../emulator";
import { EmulatorHost } from "./emulator-host";

/** A baseline loop's figures. */
export interface BaselineRun {
  /** Wall time of the loop in ms. */
  wallMs: number;
  /** The emulator's counters for the loop. */
  counters: EmulatorCounters;
  /** Calls that failed (each counted once, after the client's retries). */
  failures: number;
}

/** A client for the baseline emulator, as the provider builds its own (Standard limits). */
function clientFor(host: EmulatorHost): PinterestClient {
  return new PinterestClient({ accessToken: host.emulator.accessToken, baseUrl: host.emulator.url });
}

async function loop<T>(host: EmulatorHost, items: readonly T[], call: (client: PinterestClient, item: T) => Promise<unknown>): Promise<BaselineRun> {
  const client = clientFor(host);
  host.emulator.resetCounters();
  let failures = 0;
  const started = performance.now();
  try {
    for (const item of items) {
      try {
        await call(client, item);
      } catch {
        failures += 1;
      }
    }
  } finally {
    client.close();
  }
  return { wallMs: performance.now() - started, counters: host.emulator.counters(), failures };
}

/** Creates `count` audiences one at a time (the creates of `up`). */
export function baselineCreates(host: EmulatorHost, adAccountId: string, count: number): Promise<BaselineRun> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return loop(host, indexes, (client, i) =>
    client.audiences.create(adAccountId, {
      name: `Baseline audience ${i}`,
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: String(900000 + i) },
    }),
  );
}

/** Reads each audience with its own GET, one at a time (a refresh, or a diff that reads the live audience). */
export function baselineReads(host: EmulatorHost, adAccountId: string, audiences: readonly ApiAudience[]): Promise<BaselineRun> {
  return loop(host, audiences, (client, audience) => client.audiences.get(adAccountId, audience.id));
}

/** Renames each audience with one PATCH, one at a time (the writes of "up changing K"). */
export function baselineUpdates(host: EmulatorHost, adAccountId: string, audiences: readonly ApiAudience[]): Promise<BaselineRun> {
  return loop(host, audiences, (client, audience) => client.audiences.update(adAccountId, audience.id, { name: `${audience.name} (changed)` }));
}

/** What the baseline needs to know. */
export interface BaselineRequest {
  /** Folder for the baseline emulator's state file. */
  dir: string;
  /** Audiences to create and then read. */
  count: number;
  /** Audiences to rename. */
  changes: number;
  /** The baseline's ad account. */
  adAccountId: string;
  /** Emulator latency, ms. */
  latencyMs: number;
  /** Emulator rate limits. */
  rateLimits: { ads_read: number; ads_write: number };
}

/** The baseline's figures. */
export interface BaselineResults {
  /** `count` creates, one at a time. */
  creates: BaselineRun;
  /** `count` GETs, one at a time. */
  reads: BaselineRun;
  /** `changes` PATCHes, one at a time. */
  updates: BaselineRun;
  /** Ran in a worker thread (true) or on the calling thread. */
  isolated: boolean;
}

/** Runs the three loops on this thread, each after an emulator restart (fresh rate windows). */
export async function runBaselineHere(request: BaselineRequest): Promise<BaselineResults> {
  const host = new EmulatorHost({ dir: request.dir, latencyMs: request.latencyMs, rateLimits: request.rateLimits, name: "baseline-emulator.json" });
  try {
    await host.restart();
    const creates = await baselineCreates(host, request.adAccountId, request.count);
    await host.restart();
    const audiences = host.emulator.audiences(request.adAccountId);
    const reads = await baselineReads(host, request.adAccountId, audiences);
    await host.restart();
    const updates = await baselineUpdates(host, request.adAccountId, audiences.slice(0, request.changes));
    return { creates, reads, updates, isolated: false };
  } finally {
    await host.stop();
  }
}

/**
 * Runs the baseline in a worker thread when the compiled worker is next to this file (the bench as built by
 * `npm run tools`), else on this thread (e.g. under ts-jest, at test sizes).
 */
export function runBaseline(request: BaselineRequest): Promise<BaselineResults> {
  const script = path.join(__dirname, "baseline-worker.js");
  if (!fs.existsSync(script)) return runBaselineHere(request);
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    worker.once("message", (message: { ok: true; result: BaselineResults } | { ok: false; error: string }) => {
      if (message.ok) resolve({ ...message.result, isolated: true });
      else reject(new Error(`The baseline failed: ${message.error}`));
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}
