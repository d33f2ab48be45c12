/**
 * The scenarios through the real Pulumi CLI (`--engine pulumi`): the same user project and program as the
 * stand-in's scenarios, a stack on a `file://` backend, and an emulator of its own (its own state file and
 * port), restarted before each command as the stand-in's is. Each command is timed whole (wall): program run,
 * engine, plugin, checkpoints and Pinterest together, as a user waits for it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorCounters } from "../emulator";
import { cliEnv, runPulumi, stackStateFile, type PulumiCli, type PulumiRun } from "../scripts/pulumi-cli";
import { EmulatorHost } from "./emulator-host";
import { programConfig, type BenchProgramConfig } from "./program";
import type { BenchSettings } from "./settings";

/** One CLI command, measured. */
export interface CliMeasured {
  /** The command line, e.g. "pulumi up --yes --skip-preview --parallel 16". */
  command: string;
  /** Wall time of the command, ms. */
  wallMs: number;
  /** The emulator's counters for this command alone. */
  counters: EmulatorCounters;
  /** Resources the command reported as created, updated, deleted or replaced (from its summary). */
  changes: number;
}

/** What the real-CLI scenarios measured. */
export interface CliResults {
  /** `pulumi version`. */
  version: string;
  /** `pulumi up` creating every audience. */
  upCreate: CliMeasured;
  /** `pulumi preview` with nothing changed. */
  preview: CliMeasured;
  /** `pulumi refresh`. */
  refresh: CliMeasured;
  /** `pulumi up` with `changes` audiences renamed. */
  upChange: CliMeasured;
  /** Audiences in the account after the first up. */
  audiencesAfterUp: number;
  /** The stack's state file after the first up, bytes. */
  stateBytes: number;
}

/** Options of {@link runCliScenarios}. */
export interface CliScenarioOptions {
  /** The CLI to run. */
  cli: PulumiCli;
  /** The user's project folder (the same the stand-in runs). */
  projectDir: string;
  /** A scratch folder (state backend and emulator state). */
  work: string;
  /** Progress lines. */
  log: (line: string) => void;
}

const PASSPHRASE = "bench-passphrase-not-a-secret";

/** Resources changed, from the "Resources:" summary of a CLI command ("+ 1000 created", "~ 10 updated", …). */
export function summaryChanges(stdout: string): number {
  let total = 0;
  for (const match of stdout.matchAll(/^\s*[+~\-±]+\s+(\d+)\s+(created|updated|deleted|replaced|to create|to update|to delete|to replace)\b/gm))
    total += Number(match[1]);
  return total;
}

/** Runs up creating N, preview, refresh and up changing K through the real CLI. Throws when a command fails. */
export async function runCliScenarios(settings: BenchSettings, options: CliScenarioOptions): Promise<CliResults> {
  const { cli, projectDir, work, log } = options;
  const stateDir = path.join(work, "cli-state");
  fs.mkdirSync(stateDir, { recursive: true });
  const host = new EmulatorHost({ dir: work, name: "emulator-cli.json", latencyMs: settings.latencyMs, rateLimits: settings.rateLimits });
  await host.restart();
  const env = { ...cliEnv(cli), PULUMI_BACKEND_URL: `file://${stateDir}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, NO_COLOR: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("PINTEREST_")) delete (env as Record<string, string>)[key];

  const pulumi = async (args: string[], input?: string): Promise<PulumiRun> => {
    const run = await runPulumi(cli, args, { cwd: projectDir, env, input });
    if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${run.code}:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
    return run;
  };
  const configure = async (config: BenchProgramConfig): Promise<void> => {
    for (const [key, value] of Object.entries(programConfig(config))) await pulumi(["config", "set", key, value]);
  };
  const measure = async (args: string[]): Promise<CliMeasured> => {
    await host.restart();
    host.emulator.resetCounters();
    const run = await pulumi(args);
    return { command: `pulumi ${args.join(" ")}`, wallMs: run.wallMs, counters: host.emulator.counters(), changes: summaryChanges(run.stdout) };
  };

  const version = (await pulumi(["version"])).stdout.trim();
  await pulumi(["stack", "init", "bench"]);
  try {
    await pulumi(["config", "set", "pinterest:apiUrl", host.emulator.url]);
    await pulumi(["config", "set", "--secret", "pinterest:accessToken"], host.emulator.accessToken);
    await configure({ adAccountId: settings.adAccountId, count: settings.count });
    const p = String(settings.parallel);

    log(`real CLI ${version}: up creating ${settings.count} audiences at --parallel ${p}`);
    const upCreate = await measure(["up", "--yes", "--skip-preview", "--parallel", p]);
    const audiencesAfterUp = host.emulator.audiences(settings.adAccountId).length;
    const stateBytes = fs.statSync(stackStateFile(stateDir, "bench")).size;
    log("real CLI: preview with nothing changed (--expect-no-changes)");
    const preview = await measure(["preview", "--expect-no-changes", "--parallel", p]);
    log("real CLI: refresh");
    const refresh = await measure(["refresh", "--yes", "--skip-preview", "--parallel", p]);
    log(`real CLI: up changing ${settings.changes}`);
    await configure({ adAccountId: settings.adAccountId, count: settings.count, changed: settings.changes, variant: "(changed)" });
    const upChange = await measure(["up", "--yes", "--skip-preview", "--parallel", p]);
    return { version, upCreate, preview, refresh, upChange, audiencesAfterUp, stateBytes };
  } finally {
    await runPulumi(cli, ["stack", "rm", "--yes", "--force", "bench"], { cwd: projectDir, env }).catch(() => undefined);
    await host.stop();
  }
}
