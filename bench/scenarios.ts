/**
 * The scenarios, each through the real dynamic-provider plugin (harness engine stand-in) against the
 * emulator. Every scenario restarts the emulator first (same audiences, fresh rate windows and counters) and
 * opens a fresh plugin process, as each `pulumi` command starts its own: its client's throttle starts empty,
 * and so does the emulator's window.
 */
import * as fs from "node:fs";
import type { RegisteredResource, StateResource } from "../test/harness";
import type { EmulatorHost } from "./emulator-host";
import type { Harness } from "./harness";
import type { BenchSettings } from "./settings";
import { openSession, type Measured, type Session } from "./session";

/** What the scenarios share. */
export interface ScenarioContext {
  /** The engine harness. */
  harness: Harness;
  /** The run's settings. */
  settings: BenchSettings;
  /** The stack's emulator. */
  host: EmulatorHost;
  /** The user's project folder. */
  projectDir: string;
  /** The stack's state file. */
  statePath: string;
  /** Progress lines. */
  log: (line: string) => void;
}

/** A scenario's measurements plus the plugin's peak memory. */
export interface ScenarioRun<T> {
  /** The scenario's own figures. */
  value: T;
  /** Peak resident memory of its plugin process, bytes. */
  pluginPeakRssBytes: number | undefined;
}

/** Restarts the emulator, opens a plugin, runs `body`, stops the plugin. */
async function inFreshPlugin<T>(ctx: ScenarioContext, body: (session: Session) => Promise<T>): Promise<ScenarioRun<T>> {
  await ctx.host.restart();
  const session = await openSession(ctx.harness, {
    cwd: ctx.projectDir,
    config: ctx.host.stackConfig(),
    statePath: ctx.statePath,
    parallel: ctx.settings.parallel,
  });
  try {
    const value = await body(session);
    return { value, pluginPeakRssBytes: session.peakRssBytes() };
  } finally {
    await session.stop();
  }
}

function failIfErrors(what: string, measured: Measured): void {
  const { errors } = measured.result;
  if (errors.length > 0) throw new Error(`${what} failed: ${errors.length} step(s), first: ${errors[0].name}: ${errors[0].message}`);
}

/** Steps that are not "same" (a plan of no change has none). */
export function changedSteps(measured: Measured): number {
  return measured.result.steps.filter((s) => s.op !== "same").length;
}

/** `up` creating every audience, at the engine's parallelism. Does not throw on failed steps: they are a figure. */
export async function upCreate(ctx: ScenarioContext, resources: RegisteredResource[]): Promise<ScenarioRun<Measured>> {
  return inFreshPlugin(ctx, (session) => session.measure(ctx.host.emulator, (engine) => engine.up(resources, { parallel: ctx.settings.parallel })));
}

/** Preview with nothing changed, once one at a time and once at the engine's parallelism. */
export async function previewNoChange(
  ctx: ScenarioContext,
  resources: RegisteredResource[],
): Promise<ScenarioRun<{ serial: Measured; parallel: Measured }>> {
  return inFreshPlugin(ctx, async (session) => {
    const serial = await session.measure(ctx.host.emulator, (engine) => engine.preview(resources, { parallel: 1 }));
    failIfErrors("preview (parallel 1)", serial);
    const parallel = await session.measure(ctx.host.emulator, (engine) => engine.preview(resources, { parallel: ctx.settings.parallel }));
    failIfErrors(`preview (parallel ${ctx.settings.parallel})`, parallel);
    return { serial, parallel };
  });
}

/** Refresh of the whole stack with the engine sending reads `parallel` at a time. */
export async function refresh(ctx: ScenarioContext, parallel: number): Promise<ScenarioRun<Measured>> {
  return inFreshPlugin(ctx, async (session) => {
    const measured = await session.measure(ctx.host.emulator, (engine) => engine.refresh({ parallel }));
    failIfErrors(`refresh (parallel ${parallel})`, measured);
    return measured;
  });
}

/** What the refresh-then-change scenario found. */
export interface RefreshThenChange {
  /** The refresh, many reads at once, in a fresh plugin process (it takes the account's listing). */
  refresh: Measured;
  /** `up` with some audiences renamed, in the same process (as `pulumi up --refresh` runs). */
  up: Measured;
  /** A refresh right after the writes, in the same process. */
  again: Measured;
  /** Renamed audiences whose name in the state after `again` is not the one just written (stale reads). */
  stale: string[];
}

/**
 * In one fresh plugin process: refresh with the engine's parallelism; `up` renaming some audiences; refresh
 * again. The second refresh must record the new names: the audiences written are read with their own GET,
 * not from the listing the first refresh took before the writes.
 */
export async function refreshThenChange(
  ctx: ScenarioContext,
  renamed: RegisteredResource[],
  expectedNames: Map<string, string>,
): Promise<ScenarioRun<RefreshThenChange>> {
  return inFreshPlugin(ctx, async (session) => {
    const emulator = ctx.host.emulator;
    const parallel = ctx.settings.parallel;
    const refreshed = await session.measure(emulator, (engine) => engine.refresh({ parallel }));
    failIfErrors(`refresh (parallel ${parallel})`, refreshed);
    const up = await session.measure(emulator, (engine) => engine.up(renamed, { parallel }));
    failIfErrors("up (renames)", up);
    const again = await session.measure(emulator, (engine) => engine.refresh({ parallel }));
    failIfErrors("refresh after the writes", again);
    const state = new Map(session.engine.state().map((r: StateResource) => [r.name, r]));
    const stale = [...expectedNames].filter(([name, expected]) => state.get(name)?.outputs.name !== expected).map(([name]) => name);
    return { refresh: refreshed, up, again, stale };
  });
}

/** Size of the state file in bytes (0 when absent). */
export function stateFileBytes(statePath: string): number {
  return fs.existsSync(statePath) ? fs.statSync(statePath).size : 0;
}
