/**
 * One `pulumi` command as the bench runs it: a fresh plugin process (as every `pulumi` command starts one),
 * configured for the emulator, driven by the harness's engine stand-in, measured, then stopped.
 */
import type { Engine, OperationResult } from "../test/harness";
import type { Emulator, EmulatorCounters } from "../emulator";
import type { Harness } from "./harness";
import { findPluginPid, processCpuMs, processMemory } from "./process-stats";

/** What the bench records of one engine operation. */
export interface Measured {
  /** The harness's result (steps, errors, gRPC call counts, wall time). */
  result: OperationResult;
  /** The emulator's counters for this operation alone. */
  counters: EmulatorCounters;
  /** CPU time the plugin process used during the operation, ms (undefined where /proc cannot tell). */
  pluginCpuMs: number | undefined;
  /** From the start of the first Create RPC to the end of the last one, ms (0 without creates). */
  createSpanMs: number;
  /** Milliseconds spent in gRPC round trips per method during the operation (summed over calls). */
  rpcMillis: Record<"check" | "diff" | "create" | "read" | "update" | "delete", number>;
}

/** A plugin process the bench drives, with what it learnt about the process. */
export interface Session {
  /** The engine stand-in. */
  engine: Engine;
  /** Runs one operation with the emulator's counters reset first, and measures it. */
  measure(emulator: Emulator, operation: (engine: Engine) => Promise<OperationResult>): Promise<Measured>;
  /** Peak resident memory of the plugin so far, in bytes (undefined where /proc cannot tell). */
  peakRssBytes(): number | undefined;
  /** Stops the plugin. */
  stop(): Promise<void>;
}

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** The Pulumi project folder the plugin runs in. */
  cwd: string;
  /** Stack configuration (provider credentials and API URL). */
  config: Record<string, string>;
  /** The state file. */
  statePath: string;
  /** Default parallelism of the engine's steps. */
  parallel: number;
}

/** Starts a plugin and engine stand-in. */
export async function openSession(harness: Harness, options: SessionOptions): Promise<Session> {
  const engine = await harness.startEngine({
    cwd: options.cwd,
    config: options.config,
    secretConfigKeys: ["pinterest:accessToken"],
    statePath: options.statePath,
    parallel: options.parallel,
  });
  const pid = findPluginPid(engine.plugin.port);
  // Times the Create RPCs: the harness counts calls and sums their durations, but keeps no start and end.
  const plugin = engine.plugin;
  const call = plugin.call.bind(plugin);
  const createSpan = { first: Infinity, last: -Infinity };
  plugin.call = <Req, Res>(method: Parameters<typeof call>[0], request: Req): Promise<Res> => {
    if (method !== "create") return call<Req, Res>(method, request);
    const start = performance.now();
    createSpan.first = Math.min(createSpan.first, start);
    return call<Req, Res>(method, request).finally(() => {
      createSpan.last = Math.max(createSpan.last, performance.now());
    });
  };
  let peak: number | undefined;
  const sample = (): void => {
    const memory = pid === undefined ? undefined : processMemory(pid);
    if (memory) peak = Math.max(peak ?? 0, memory.peakRssBytes);
  };
  return {
    engine,
    async measure(emulator, operation) {
      emulator.resetCounters();
      createSpan.first = Infinity;
      createSpan.last = -Infinity;
      const before = { ...engine.plugin.millis };
      const cpuBefore = pid === undefined ? undefined : processCpuMs(pid);
      const result = await operation(engine);
      const cpuAfter = pid === undefined ? undefined : processCpuMs(pid);
      const counters = emulator.counters();
      const millis = engine.plugin.millis;
      sample();
      return {
        result,
        counters,
        createSpanMs: createSpan.last > createSpan.first ? createSpan.last - createSpan.first : 0,
        pluginCpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
        rpcMillis: {
          check: millis.check - before.check,
          diff: millis.diff - before.diff,
          create: millis.create - before.create,
          read: millis.read - before.read,
          update: millis.update - before.update,
          delete: millis.delete - before.delete,
        },
      };
    },
    peakRssBytes() {
      sample();
      return peak;
    },
    async stop() {
      sample();
      await engine.stop();
    },
  };
}

/** Write requests (create, update, remove) the emulator received. */
export function writeRequests(counters: EmulatorCounters): number {
  return counters.byOperation.create + counters.byOperation.update + counters.byOperation.remove;
}

/** 429 answers the emulator gave (its own rate limiter and injected ones). */
export function tooManyRequests(counters: EmulatorCounters): number {
  return counters.byStatus["429"] ?? 0;
}
