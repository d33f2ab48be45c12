/**
 * Where the Pulumi CLI lives for the demo, the real-CLI suite and the benchmarks: the folder that
 * `npm run pulumi:install` builds (`.pulumi-cli/<version>/bin`, or under PULUMI_CLI_CACHE), else `pulumi` on PATH.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Where to get the Pulumi CLI, for messages when it is missing. */
export const PULUMI_INSTALL_URL = "https://www.pulumi.com/docs/install/";

/** The Pulumi CLI found for this repository. */
export interface PulumiCli {
  /** Its version, e.g. "v3.276.0". */
  version: string;
  /** The folder that holds `pulumi` (and, for a cached build, the language host and plugin launcher). */
  binDir: string;
  /** Where it was found: the `npm run pulumi:install` cache, or PATH. */
  source: "cache" | "path";
}

/** The release of the CLI that matches the installed @pulumi/pulumi npm package, e.g. "v3.276.0". */
export function expectedCliVersion(root: string): string {
  const manifest = require.resolve("@pulumi/pulumi/package.json", { paths: [root] });
  return `v${(JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version}`;
}

/** The folder `npm run pulumi:install` builds the CLI of `version` into. */
export function cliBinDir(root: string, version: string): string {
  const cache = process.env.PULUMI_CLI_CACHE ? path.resolve(process.env.PULUMI_CLI_CACHE) : path.join(root, ".pulumi-cli");
  return path.join(cache, version, "bin");
}

/** `pulumi version` of the binary in `binDir` (or on PATH when undefined); undefined when it does not run. */
function versionOf(binDir: string | undefined): string | undefined {
  const command = binDir ? path.join(binDir, "pulumi") : "pulumi";
  if (binDir && !fs.existsSync(command)) return undefined;
  const result = spawnSync(command, ["version"], { encoding: "utf8", timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim();
}

/** The cached build for this repository's SDK version, else the CLI on PATH, else undefined. */
export function findPulumiCli(root: string): PulumiCli | undefined {
  const cached = cliBinDir(root, expectedCliVersion(root));
  const cachedVersion = versionOf(cached);
  if (cachedVersion) return { version: cachedVersion, binDir: cached, source: "cache" };
  const onPath = versionOf(undefined);
  if (!onPath) return undefined;
  const which = spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" });
  return { version: onPath, binDir: path.dirname(which.stdout.trim()), source: "path" };
}

/**
 * The environment for running Pulumi with `cli`: its folder first on PATH, so the engine finds the language host
 * and the dynamic-provider launcher beside it.
 */
export function cliEnv(cli: PulumiCli, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  env.PATH = `${cli.binDir}${path.delimiter}${base.PATH ?? ""}`;
  env.PULUMI_SKIP_UPDATE_CHECK = "true";
  return env;
}

/** What one `pulumi` command did. */
export interface PulumiRun {
  /** Exit status (-1 when killed by a signal). */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
  /** Wall time, ms. */
  wallMs: number;
}

/**
 * Runs `pulumi <args>` with `cli` in `cwd`, asynchronously (an emulator may be serving from this same process),
 * with exactly the environment `env`; `input` is written to its standard input.
 */
export function runPulumi(cli: PulumiCli, args: string[], options: { cwd: string; env: Record<string, string>; input?: string }): Promise<PulumiRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(cli.binDir, "pulumi"), args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr, wallMs: performance.now() - started }));
    child.stdin.end(options.input ?? "");
  });
}

/** The state file of `stack` that a `file://` backend in `stateDir` holds (`.pulumi/stacks/<project>/<stack>.json`). */
export function stackStateFile(stateDir: string, stack: string): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === `${stack}.json` && p.split(path.sep).includes("stacks")) files.push(p);
    }
  };
  walk(stateDir);
  if (files.length !== 1) throw new Error(`Expected one state file of stack ${stack} under ${stateDir}, found ${files.length}.`);
  return files[0];
}
