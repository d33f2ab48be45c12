/**
 * `runBench`: runs every scenario in order and returns the figures. The entry point (run.ts) prints them;
 * the bench test runs it at a tiny size.
 *
 * Order: make the user's project; run the program (base, changed, changed again); up creating every
 * audience (with the baseline creates alongside, on their own emulator, unless serialBaselines); preview;
 * refresh one at a time and many at once; up changing K; read-after-write; the baseline reads and updates;
 * the in-process check timing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RegisteredResource } from "../test/harness";
import { baselineCreates, baselineReads, baselineUpdates, type BaselineRun } from "./baseline";
import { timeChecks, type CheckTiming } from "./check-timing";
import { EmulatorHost } from "./emulator-host";
import type { Harness } from "./harness";
import { audienceName, programConfig, type BenchProgramConfig } from "./program";
import { changedSteps, previewNoChange, readAfterWrite, refresh, stateFileBytes, upChange, upCreate, type ReadAfterWrite, type ScenarioContext, type ScenarioRun } from "./scenarios";
import type { Measured } from "./session";
import type { BenchSettings } from "./settings";
import { makeUserProject, type UserProject } from "./user-project";

/** Everything measured by one run (figures are derived from it in report.ts). */
export interface BenchResults {
  /** The settings of the run. */
  settings: BenchSettings;
  /** When it started (ISO). */
  startedAt: string;
  /** Wall time of the whole run, ms. */
  durationMs: number;
  /** The machine. */
  machine: { cores: number; cpu: string; node: string; platform: string };
  /** The user's project. */
  project: Pick<UserProject, "source" | "fallbackReason" | "setupMs" | "tarballBytes">;
  /** Wall time of each program run (under mocks), ms. */
  programMs: number[];
  /** Bytes of `__provider` in each resource's inputs, as the program serialised it (max over resources). */
  providerBytes: number;
  /** Whether every resource carries the same `__provider` text. */
  providerShared: boolean;
  /** The state file after `up` created every audience, bytes. */
  stateBytes: number;
  /** Audiences in the account after `up`. */
  audiencesAfterUp: number;
  upCreate: ScenarioRun<Measured>;
  preview: ScenarioRun<{ serial: Measured; parallel: Measured }>;
  refreshSerial: ScenarioRun<Measured>;
  refreshParallel: ScenarioRun<Measured>;
  upChange: ScenarioRun<Measured>;
  readAfterWrite: ScenarioRun<ReadAfterWrite>;
  check: CheckTiming;
  baseline: { creates: BaselineRun; reads: BaselineRun; updates: BaselineRun; createsAlongsideUp: boolean };
}

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** The engine harness. */
  harness: Harness;
  /** The repository root (for `npm pack`). */
  repoRoot: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

function providerText(resource: RegisteredResource): string {
  const value = resource.inputs.__provider;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Runs the bench and returns what it measured. Throws when a scenario cannot run at all. */
export async function runBench(settings: BenchSettings, options: RunBenchOptions): Promise<BenchResults> {
  const log = options.log ?? (() => undefined);
  const { harness } = options;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pinterest-bench-"));
  const host = new EmulatorHost({ dir: work, latencyMs: settings.latencyMs, rateLimits: settings.rateLimits });
  const baselineHost = new EmulatorHost({ dir: work, latencyMs: settings.latencyMs, rateLimits: settings.rateLimits, name: "baseline-emulator.json" });
  log(`making the user's project (${settings.project})`);
  const userProject = await makeUserProject(harness, options.repoRoot, settings.project);
  if (userProject.fallbackReason) log(`npm install failed, using the harness copy: ${userProject.fallbackReason}`);
  try {
    await host.restart();
    await baselineHost.restart();
    const ctx: ScenarioContext = { harness, settings, host, projectDir: userProject.project.dir, statePath: path.join(work, "stack-state.json"), log };

    const base: BenchProgramConfig = { adAccountId: settings.adAccountId, count: settings.count };
    const changed: BenchProgramConfig = { ...base, changed: settings.changes, variant: "(changed)" };
    const changedAgain: BenchProgramConfig = { ...base, changed: settings.changes, variant: "(changed again)" };
    const programMs: number[] = [];
    const program = async (config: BenchProgramConfig): Promise<RegisteredResource[]> => {
      const t0 = performance.now();
      const { resources } = await harness.runProgram(userProject.project, { config: { ...programConfig(config), ...host.stackConfig() }, secretKeys: ["pinterest:accessToken"] });
      programMs.push(performance.now() - t0);
      if (resources.length !== config.count) throw new Error(`The bench program registered ${resources.length} resources, not ${config.count}.`);
      return resources;
    };
    log(`running the program (${settings.count} audiences) three times: base, ${settings.changes} changed, changed again`);
    const baseResources = await program(base);
    const changedResources = await program(changed);
    const changedAgainResources = await program(changedAgain);
    const providerTexts = new Set(baseResources.map(providerText));

    log(`up creating ${settings.count} audiences at parallel ${settings.parallel}${settings.serialBaselines ? "" : ", baseline creates alongside on their own emulator"}`);
    const baselineCreatesRun = settings.serialBaselines ? undefined : baselineCreates(baselineHost, settings.baselineAdAccountId, settings.count);
    const upCreateRun = await upCreate(ctx, baseResources);
    const stateBytes = stateFileBytes(ctx.statePath);
    const audiencesAfterUp = host.emulator.audiences(settings.adAccountId).length;
    if (upCreateRun.value.result.errors.length > 0) {
      const first = upCreateRun.value.result.errors[0];
      throw new Error(`up failed on ${upCreateRun.value.result.errors.length} audience(s); first: ${first.name}: ${first.message}`);
    }
    log(`preview with nothing changed (parallel 1, then ${settings.parallel})`);
    const preview = await previewNoChange(ctx, baseResources);
    log("refresh, parallel 1");
    const refreshSerial = await refresh(ctx, 1);
    log(`refresh, parallel ${settings.parallel}`);
    const refreshParallel = await refresh(ctx, settings.parallel);
    log(`up changing ${settings.changes}`);
    const upChangeRun = await upChange(ctx, changedResources);
    log("read after write: refresh, up renaming again, refresh, in one plugin process");
    const expected = new Map(Array.from({ length: settings.changes }, (_, i) => [`audience-${i}`, audienceName(i, changedAgain)]));
    const readAfterWriteRun = await readAfterWrite(ctx, changedAgainResources, expected);

    log("baseline: creates, reads and updates, one request at a time");
    const creates = await (baselineCreatesRun ?? (await baselineHost.restart(), baselineCreates(baselineHost, settings.baselineAdAccountId, settings.count)));
    await baselineHost.restart();
    const baselineAudiences = baselineHost.emulator.audiences(settings.baselineAdAccountId);
    const reads = await baselineReads(baselineHost, settings.baselineAdAccountId, baselineAudiences);
    await baselineHost.restart();
    const updates = await baselineUpdates(baselineHost, settings.baselineAdAccountId, baselineAudiences.slice(0, settings.changes));

    log("check: validateDeclaration over every declaration, in process");
    const check = timeChecks(baseResources.map((r) => r.inputs));

    return {
      settings,
      startedAt,
      durationMs: performance.now() - started,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version, platform: `${os.platform()} ${os.release()}` },
      project: { source: userProject.source, fallbackReason: userProject.fallbackReason, setupMs: userProject.setupMs, tarballBytes: userProject.tarballBytes },
      programMs,
      providerBytes: Math.max(...[...providerTexts].map((t) => Buffer.byteLength(t, "utf8"))),
      providerShared: providerTexts.size === 1,
      stateBytes,
      audiencesAfterUp,
      upCreate: upCreateRun,
      preview,
      refreshSerial,
      refreshParallel,
      upChange: upChangeRun,
      readAfterWrite: readAfterWriteRun,
      check,
      baseline: { creates, reads, updates, createsAlongsideUp: !settings.serialBaselines },
    };
  } finally {
    await host.stop();
    await baselineHost.stop();
    await userProject.remove();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Re-exported for report.ts. */
export { changedSteps };
