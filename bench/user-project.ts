/**
 * The user's Pulumi project the bench deploys from.
 *
 * - `npm`: the package as a user gets it — `npm pack` of the repository, then `npm install <tarball>` into a
 *   fresh folder under the system's temporary directory (outside the repository, so nothing resolves from
 *   the repository's node_modules). Dependencies come from the npm cache or the registry.
 * - `copy`: the harness's copy of the built package under `<repo>/.test-projects/`, whose dependencies
 *   resolve from the repository's node_modules.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "../test/harness";
import type { Harness } from "./harness";
import { BENCH_PROGRAM_SOURCE } from "./program";

/** A project ready to run, and how it was made. */
export interface UserProject {
  /** The project. */
  project: TestProject;
  /** How the package got into it. */
  source: "npm" | "copy";
  /** Why `npm` fell back to `copy`, if it did. */
  fallbackReason?: string;
  /** Milliseconds spent making it. */
  setupMs: number;
  /** Size of the packed tarball in bytes (npm only). */
  tarballBytes?: number;
  /** Removes the project folder. */
  remove(): Promise<void>;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 16 << 20, env: { ...process.env, npm_config_update_notifier: "false" } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${stderr}`.trim()));
        else resolve(stdout);
      },
    );
  });
}

async function npmProject(repoRoot: string): Promise<Omit<UserProject, "setupMs">> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pinterest-bench-project-"));
  try {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const packed = JSON.parse(await run(npm, ["pack", "--json", "--pack-destination", dir], repoRoot, 120_000)) as {
      filename: string;
      size: number;
    }[];
    const tarball = path.join(dir, path.basename(packed[0].filename));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-stack", private: true, main: "index.ts" }, null, 2));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-stack\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.ts"), BENCH_PROGRAM_SOURCE);
    await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball], dir, 300_000);
    return {
      project: { dir, programFile: "index.ts", projectName: "bench-stack" },
      source: "npm",
      tarballBytes: packed[0].size,
      remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Makes the project the bench deploys from; `npm` falls back to `copy` (and says why) when packing or installing fails. */
export async function makeUserProject(harness: Harness, repoRoot: string, mode: "npm" | "copy"): Promise<UserProject> {
  const started = performance.now();
  let fallbackReason: string | undefined;
  if (mode === "npm") {
    try {
      return { ...(await npmProject(repoRoot)), setupMs: performance.now() - started };
    } catch (error) {
      fallbackReason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    }
  }
  const project = await harness.createTestProject({ programSource: BENCH_PROGRAM_SOURCE, projectName: "bench-stack" });
  return { project, source: "copy", fallbackReason, setupMs: performance.now() - started, remove: () => harness.removeTestProject(project) };
}
