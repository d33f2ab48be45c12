/**
 * The real-CLI suite's access to `pulumi`: finds the CLI (the `npm run pulumi:install` build, else PATH), decides
 * whether a suite runs or is skipped, and runs CLI commands in a user-like copy of a project with a local file
 * backend and passphrase secrets. Commands run asynchronously: the emulator serves from this same process.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { prepareProject, repoRoot, type ExampleProject } from "../../scripts/example-project";
import { PULUMI_INSTALL_URL, cliEnv, findPulumiCli, runPulumi, stackStateFile, type PulumiCli } from "../../scripts/pulumi-cli";

/** The passphrase of every test stack's secrets provider (not a secret: the stacks are thrown away). */
export const PASSPHRASE = "e2e-passphrase-not-a-secret";

/**
 * The CLI for this run, or undefined when the suite is to be skipped. Without a CLI, a person gets one line
 * saying why; under CI=true it throws, so that the run fails instead of skipping what a user runs.
 */
export function cliOrSkip(suite: string): PulumiCli | undefined {
  const cli = findPulumiCli(repoRoot());
  if (cli) return cli;
  const why = `no Pulumi CLI: run \`npm run pulumi:install\` (needs Go) or install it from ${PULUMI_INSTALL_URL}`;
  if (process.env.CI === "true") throw new Error(`test:e2e (${suite}) cannot run under CI=true: ${why}.`);
  process.stderr.write(`test:e2e ${suite} skipped: ${why}\n`);
  return undefined;
}

/** What one CLI command did. */
export interface CommandResult {
  /** Exit status. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Options of one command. */
export interface RunOptions {
  /** Variables added to (or, when undefined, removed from) the command's environment. */
  env?: Record<string, string | undefined>;
  /** Don't throw when the command exits non-zero. */
  allowFailure?: boolean;
  /** Text written to the command's standard input. */
  input?: string;
}

/** A stack `dev` of a project copied into a temporary folder, driven with the real CLI. */
export class CliStack {
  /** The project copy (with node_modules) and its state folder. */
  readonly project: ExampleProject;
  /** Commands and their exit status, in order, for failure messages. */
  readonly log: string[] = [];

  private constructor(
    readonly cli: PulumiCli,
    project: ExampleProject,
    private readonly baseEnv: Record<string, string>,
  ) {
    this.project = project;
  }

  /** Copies the Pulumi project in `source` and creates its stack `dev` on a `file://` backend. */
  static async create(cli: PulumiCli, source: string, env: Record<string, string | undefined> = {}): Promise<CliStack> {
    const project = prepareProject(source);
    const base = cliEnv(cli);
    for (const key of Object.keys(base)) if (key.startsWith("PINTEREST_") || key.startsWith("PULUMI_CONFIG")) delete base[key];
    Object.assign(base, { PULUMI_BACKEND_URL: `file://${project.stateDir}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, NO_COLOR: "1" });
    for (const [k, v] of Object.entries(env))
      if (v === undefined) delete base[k];
      else base[k] = v;
    const stack = new CliStack(cli, project, base);
    await stack.run(["stack", "init", "dev"]);
    return stack;
  }

  /** Runs `pulumi <args>` in the project folder; throws with its output when it fails (unless allowed). */
  async run(args: string[], options: RunOptions = {}): Promise<CommandResult> {
    const env = { ...this.baseEnv };
    for (const [k, v] of Object.entries(options.env ?? {}))
      if (v === undefined) delete env[k];
      else env[k] = v;
    const result = await runPulumi(this.cli, args, { cwd: this.project.dir, env, input: options.input });
    this.log.push(`pulumi ${args.join(" ")} -> ${result.code}`);
    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    }
    return result;
  }

  /** Sets plain config values (`pulumi config set key value`); objects are stored as JSON. */
  async config(values: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      await this.run(["config", "set", key, typeof value === "string" ? value : JSON.stringify(value)]);
    }
  }

  /** Sets a secret config value, read from standard input so it is not in the process list. */
  async secret(key: string, value: string): Promise<void> {
    await this.run(["config", "set", "--secret", key], { input: value });
  }

  /** `pulumi stack export` parsed. */
  async exportState(): Promise<StackExport> {
    return JSON.parse((await this.run(["stack", "export"])).stdout) as StackExport;
  }

  /** The raw text of the state file the `file://` backend holds for this stack. */
  stateFileText(): string {
    return stateFileText(this.project.stateDir);
  }

  /** Destroys the stack's resources (ignoring failures) and deletes the project copy. */
  async dispose(): Promise<void> {
    try {
      await this.run(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
      await this.run(["stack", "rm", "--yes", "--force"], { allowFailure: true });
    } finally {
      this.project.remove();
    }
  }
}

/** The raw text of the state file of stack `dev` that a `file://` backend in `stateDir` holds. */
export function stateFileText(stateDir: string): string {
  return fs.readFileSync(stackStateFile(stateDir, "dev"), "utf8");
}

/** The part of `pulumi stack export` the tests read. */
export interface StackExport {
  /** The deployment. */
  deployment: { resources?: StateResource[] };
}

/** One resource in an exported state. */
export interface StateResource {
  /** Its URN. */
  urn: string;
  /** Its type token. */
  type: string;
  /** Its id. */
  id?: string;
  /** Its inputs. */
  inputs?: Record<string, unknown>;
  /** Its outputs. */
  outputs?: Record<string, unknown>;
}

/** A step of `pulumi preview --json`. */
export interface PreviewStep {
  /** same, create, update, replace, create-replacement, delete-replaced, delete, read, import, … */
  op: string;
  /** The resource's URN. */
  urn: string;
}

/** Resource name -> step op, from the output of `pulumi preview --json` (audiences only). */
export function stepsByName(previewJson: string): Record<string, string[]> {
  const parsed = JSON.parse(previewJson) as { steps?: PreviewStep[] };
  const out: Record<string, string[]> = {};
  for (const step of parsed.steps ?? []) {
    if (!step.urn.includes("pinterest:Audience")) continue;
    const name = step.urn.split("::").pop() as string;
    (out[name] ??= []).push(step.op);
  }
  return out;
}

/** The fixture program whose declarations come from stack config (see fixtures/declared/index.ts). */
export const DECLARED_PROJECT = path.join(__dirname, "fixtures", "declared");

/** An emulator, and a stack of the declared fixture program pointed at it through the environment (as CI does). */
export async function openDeclaredStack(cli: PulumiCli, options: EmulatorOptions = {}): Promise<{ emulator: Emulator; stack: CliStack }> {
  const emulator = await startEmulator({ port: 0, ...options });
  const stack = await CliStack.create(cli, DECLARED_PROJECT, { PINTEREST_API_URI: emulator.url, PINTEREST_ACCESS_TOKEN: emulator.accessToken });
  return { emulator, stack };
}

/** The ids of the audiences the emulator holds for `account`, sorted. */
export function liveAudienceIds(emulator: Emulator, account: string): string[] {
  return emulator
    .audiences(account)
    .map((a) => a.id)
    .sort();
}

/** The declared stack's `audienceIds` output: each declaration's key and its audience id. */
export async function stackAudienceIds(stack: CliStack): Promise<Record<string, string>> {
  return JSON.parse((await stack.run(["stack", "output", "audienceIds", "--json"])).stdout) as Record<string, string>;
}

/** Destroys and removes what openDeclaredStack made (either may be undefined when opening failed). */
export async function closeDeclaredStack(stack: CliStack | undefined, emulator: Emulator | undefined): Promise<void> {
  try {
    await stack?.dispose();
  } finally {
    await emulator?.stop();
  }
}
