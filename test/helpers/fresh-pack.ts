/**
 * A tarball of this package made as a user (or the release workflow) makes it: `git clone` of the committed
 * HEAD into a temporary folder, `npm ci`, `npm pack` (whose `prepare` script builds dist/). Nothing of the
 * working tree's build or node_modules is used, so a missing `prepare`, a file left out of `files` or a
 * dependency only the repository has shows up here.
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A packed fresh clone. */
export interface FreshPack {
  /** The temporary folder holding the clone, the tarball and anything a test makes beside them. */
  base: string;
  /** Absolute path of the tarball. */
  tarball: string;
  /** Deletes `base`. */
  remove(): void;
}

/** Runs a command quietly in `cwd` (with `env` added to the environment); on failure throws with its output. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): string {
  try {
    const fullEnv = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...env };
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, env: fullEnv });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/**
 * As {@link run}, without blocking the event loop: for commands that talk to a server running in this process
 * (the emulator), which a synchronous run would starve.
 */
export function runAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}: ${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/**
 * Clones HEAD, installs its dependencies (`npm ci --prefer-offline --ignore-scripts`: from the npm cache when it
 * has them) and packs it; `npm pack` runs the `prepare` script, which builds dist/.
 */
export function packFreshClone(): FreshPack {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "pinterest-audiences-pack-"));
  const clone = path.join(base, "clone");
  try {
    // FRESH_PACK_REPO: the git repository to clone when this copy is not one (scripts/test-matrix.sh runs in an export).
    run("git", ["clone", "--quiet", "--depth", "1", `file://${process.env.FRESH_PACK_REPO ?? REPO_ROOT}`, clone], base);
    run("npm", ["ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], clone);
    const out = run("npm", ["pack", "--json", "--pack-destination", base, "--loglevel=error"], clone);
    const [{ filename }] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
    fs.rmSync(clone, { recursive: true, force: true });
    return { base, tarball: path.join(base, filename), remove: () => fs.rmSync(base, { recursive: true, force: true }) };
  } catch (error) {
    fs.rmSync(base, { recursive: true, force: true });
    throw error;
  }
}
