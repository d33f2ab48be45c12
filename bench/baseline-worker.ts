/**
 * Worker-thread entry of the baseline: runs every baseline loop (creates, reads, updates) with its own
 * emulator inside the worker, so the engine stand-in's work on the main thread (it rewrites the whole state
 * file after every step) neither delays the baseline's one-at-a-time requests nor its emulator's answers.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runBaselineHere, type BaselineRequest } from "./baseline";

runBaselineHere(workerData as BaselineRequest).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (error: unknown) => parentPort?.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
