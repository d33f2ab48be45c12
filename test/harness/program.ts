/**
 * Runs a test project's Pulumi program under `pulumi.runtime.setMocks` (Pulumi's documented
 * unit-test mode) in a child node process, one program per process because the SDK's runtime
 * is global state. What each resource registered is captured from the RegisterResource /
 * ReadResource requests themselves: see program-runner.js.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { TestProject } from "./project";
import type { WireMap, WireValue } from "./wire";

/** Resource options as the SDK sent them to the engine. */
export interface RegisteredOptions {
  /** The `import` option: id of an existing resource to adopt. */
  import?: string;
  /** The `deleteBeforeReplace` option, when set. */
  deleteBeforeReplace?: boolean;
  /** The `ignoreChanges` option (top-level property names are what the harness honours). */
  ignoreChanges: string[];
  /** The `replaceOnChanges` option. */
  replaceOnChanges: string[];
  /** The `protect` option, when set. */
  protect?: boolean;
  /** The `retainOnDelete` option, when set. */
  retainOnDelete?: boolean;
  /** URNs of the resources this one depends on (dependsOn and inputs from other resources). */
  dependencies: string[];
  /** The parent's URN (the root Stack for top-level resources). */
  parent?: string;
  /** The `additionalSecretOutputs` option. */
  additionalSecretOutputs: string[];
}

/** One resource the program registered (`new X(...)`) or read (`X.get(...)`). */
export interface RegisteredResource {
  /** "register" for a constructor call, "read" for `Resource.get`. */
  kind: "register" | "read";
  /** Type token, e.g. `pulumi-nodejs:dynamic:Resource`. */
  type: string;
  /** Logical name. */
  name: string;
  /** The URN the engine gives it (root Stack not in the type chain, as the engine does). */
  urn: string;
  /** True for custom resources (what the engine sends to a provider). */
  custom: boolean;
  /**
   * The inputs in wire form, exactly as the SDK produced them: `__provider` is the serialised
   * provider string (a secret wrapper if the closure captured a secret), secrets are
   * `{[SIG_KEY]: SECRET_SIG, value}`, unknowns (dry runs only) the UNKNOWN sentinel.
   */
  inputs: WireMap;
  /** The id passed to `Resource.get` (kind "read"). */
  readId?: string;
  /** Resource options as sent to the engine. */
  options: RegisteredOptions;
  /**
   * Inputs that are outputs of other resources of the program, by input name. The SDK registers a resource only
   * once such inputs are known, so the engine receives their values; runProgram's mocks resolve them already.
   * Resources built by hand (without a program run) name them here instead, and the stand-in engine fills each
   * in from the state when the resource's step starts. The other resource must be among `options.dependencies`.
   */
  outputRefs?: Record<string, OutputRef>;
}

/** An input taken from another resource's outputs (see RegisteredResource.outputRefs). */
export interface OutputRef {
  /** The other resource's URN. */
  urn: string;
  /** `"id"` for its id, else the name of one of its outputs. */
  output: string;
}

/** What runProgram returns. */
export interface ProgramResult {
  /** Custom resources in registration order (the root Stack is left out). */
  resources: RegisteredResource[];
  /** Every registration, the root Stack and components included. */
  all: RegisteredResource[];
  /** The stack outputs (the program's exports), as mocks resolved them. */
  outputs: Record<string, WireValue>;
  /** What the program printed. */
  stdout: string;
  /** What the program wrote to stderr. */
  stderr: string;
}

/** Options of runProgram. */
export interface RunProgramOptions {
  /** Stack config, e.g. `{"pinterest:adAccountId": "123"}`, given to the SDK as PULUMI_CONFIG. */
  config?: Record<string, string>;
  /** Config keys to mark secret (PULUMI_CONFIG_SECRET_KEYS). */
  secretKeys?: string[];
  /** Stack name (default "stack"). */
  stack?: string;
  /** Project name (default: the project's). */
  project?: string;
  /** Run as a preview: outputs of other resources are unknown (default false). */
  dryRun?: boolean;
  /** Extra environment for the program. */
  env?: NodeJS.ProcessEnv;
}

const RUNNER = path.join(__dirname, "program-runner.js");

/** Runs the project's program under mocks in a child process; rejects when the program fails. */
export async function runProgram(project: TestProject, options: RunProgramOptions = {}): Promise<ProgramResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "harness-program-"));
  const resultFile = path.join(tmp, "result.json");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    PULUMI_CONFIG: JSON.stringify(options.config ?? {}),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys ?? []),
    HARNESS_PROJECT: options.project ?? project.projectName,
    HARNESS_STACK: options.stack ?? "stack",
    HARNESS_DRY_RUN: String(options.dryRun ?? false),
  };
  try {
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
      execFile(
        process.execPath,
        [RUNNER, project.dir, project.programFile, resultFile],
        { cwd: project.dir, env, maxBuffer: 64 << 20 },
        (err, so, se) => resolve({ stdout: so, stderr: se, code: err ? (typeof err.code === "number" ? err.code : 1) : 0 }),
      );
    });
    const result = fs.existsSync(resultFile)
      ? (JSON.parse(fs.readFileSync(resultFile, "utf8")) as {
          registrations: RegisteredResource[];
          outputs?: Record<string, WireValue>;
          error?: string;
        })
      : undefined;
    if (!result || result.error || code !== 0) {
      throw new Error(`the Pulumi program in ${project.dir} failed (exit ${code}): ${result?.error ?? ""}\n${stderr}`);
    }
    return {
      resources: result.registrations.filter((r) => r.custom),
      all: result.registrations,
      outputs: result.outputs ?? {},
      stdout,
      stderr,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
