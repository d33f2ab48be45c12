/**
 * `runBench`: runs every scenario in order and returns the figures. The entry point (run.ts) prints them;
 * the bench test runs it at a tiny size.
 *
 * Order: start the baseline (a worker thread with its own emulator) alongside, unless serialBaselines; make
 * the user's project; run the program (base, K changed); up creating every audience; preview; refresh one at
 * a time; refresh many at once, up changing K and refresh again in one process; with `--engine pulumi`, up,
 * preview, refresh and up changing K through the real CLI; the in-process check timing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RegisteredResource } from "../test/harness";
import { runBaseline, type BaselineResults } from "./baseline";
import { timeChecks, type CheckTiming } from "./check-timing";
import { EmulatorHost } from "./emulator-host";
import type { Harness } from "./harness";
import { audienceName, programConfig, type BenchProgramConfig } from "./program";
import type { PulumiCli } from "../scripts/pulumi-cli";
import { runCliScenarios, type CliResults } from "./cli-scenarios";
import {
  changedSteps,
  previewNoChange,
  refresh,
  refreshThenChange,
  stateFileBytes,
  upCreate,
  type RefreshThenChange,
  type ScenarioContext,
  type ScenarioRun,
} from "./scenarios";
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
  refreshThenChange: ScenarioRun<RefreshThenChange>;
  check: CheckTiming;
  baseline: BaselineResults & { alongside: boolean };
  /** The same scenarios through the real Pulumi CLI (`--engine pulumi` only). */
  cli?: CliResults;
}

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** The engine harness. */
  harness: Harness;
  /** The repository root (for `npm pack`). */
  repoRoot: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** The Pulumi CLI, required with `--engine pulumi`. */
  cli?: PulumiCli;
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
  const baselineRequest = {
    dir: work,
    count: settings.count,
    changes: settings.changes,
    adAccountId: settings.baselineAdAccountId,
    latencyMs: settings.latencyMs,
    rateLimits: settings.rateLimits,
  };
  let baselineRun: Promise<BaselineResults> | undefined;
  if (!settings.serialBaselines) {
    log("baseline: creates, reads and updates one request at a time, alongside (own emulator, worker thread)");
    baselineRun = runBaseline(baselineRequest);
    baselineRun.catch(() => undefined); // awaited below; do not report it as unhandled meanwhile
  }
  log(`making the user's project (${settings.project})`);
  const userProject = await makeUserProject(harness, options.repoRoot, settings.project);
  if (userProject.fallbackReason) log(`npm install failed, using the harness copy: ${userProject.fallbackReason}`);
  try {
    await host.restart();
    const ctx: ScenarioContext = {
      harness,
      settings,
      host,
      projectDir: userProject.project.dir,
      statePath: path.join(work, "stack-state.json"),
      log,
    };

    const base: BenchProgramConfig = { adAccountId: settings.adAccountId, count: settings.count };
    const changed: BenchProgramConfig = { ...base, changed: settings.changes, variant: "(changed)" };
    const programMs: number[] = [];
    const program = async (config: BenchProgramConfig): Promise<RegisteredResource[]> => {
      const t0 = performance.now();
      const { resources } = await harness.runProgram(userProject.project, {
        config: { ...programConfig(config), ...host.stackConfig() },
        secretKeys: ["pinterest:accessToken"],
      });
      programMs.push(performance.now() - t0);
      if (resources.length !== config.count) throw new Error(`The bench program registered ${resources.length} resources, not ${config.count}.`);
      return resources;
    };
    log(`running the program (${settings.count} audiences) twice: as deployed, and with ${settings.changes} renamed`);
    const baseResources = await program(base);
    const changedResources = await program(changed);
    const providerTexts = new Set(baseResources.map(providerText));

    log(`up creating ${settings.count} audiences at parallel ${settings.parallel}`);
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
    log(`refresh at parallel ${settings.parallel}, up changing ${settings.changes}, refresh again: one plugin process`);
    const expected = new Map(Array.from({ length: settings.changes }, (_, i) => [`audience-${i}`, audienceName(i, changed)]));
    const refreshThenChangeRun = await refreshThenChange(ctx, changedResources, expected);

    let cli: CliResults | undefined;
    if (settings.engine === "pulumi") {
      if (!options.cli)
        throw new Error("--engine pulumi needs the Pulumi CLI: run `npm run pulumi:install` (builds it with Go) or put `pulumi` on PATH.");
      cli = await runCliScenarios(settings, { cli: options.cli, projectDir: userProject.project.dir, work, log });
    }

    log("check: validateDeclaration over every declaration, in process");
    const check = timeChecks(baseResources.map((r) => r.inputs));
    if (!baselineRun) log("baseline: creates, reads and updates, one request at a time");
    const baseline = await (baselineRun ?? runBaseline(baselineRequest));

    return {
      settings,
      startedAt,
      durationMs: performance.now() - started,
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? "unknown",
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      project: {
        source: userProject.source,
        fallbackReason: userProject.fallbackReason,
        setupMs: userProject.setupMs,
        tarballBytes: userProject.tarballBytes,
      },
      programMs,
      providerBytes: Math.max(...[...providerTexts].map((t) => Buffer.byteLength(t, "utf8"))),
      providerShared: providerTexts.size === 1,
      stateBytes,
      audiencesAfterUp,
      upCreate: upCreateRun,
      preview,
      refreshSerial,
      refreshThenChange: refreshThenChangeRun,
      check,
      baseline: { ...baseline, alongside: !settings.serialBaselines },
      cli,
    };
  } finally {
    await host.stop();
    await baselineRun?.catch(() => undefined);
    await userProject.remove();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Re-exported for report.ts. */
export { changedSteps };
