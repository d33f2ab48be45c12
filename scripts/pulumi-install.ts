/**
 * `npm run pulumi:install`: builds the Pulumi CLI and its Node.js language host from the Go module proxy into a
 * gitignored cache folder, puts the dynamic-provider plugin launcher beside them, and prints that folder as its
 * last line. A folder that already holds a complete build of the right version is reused.
 *
 * - `pulumi` comes from github.com/pulumi/pulumi/pkg/v3 at the version of the @pulumi/pulumi npm package the
 *   project tests with, built from the wrapper module tools/pulumi-cli/cli (its go.mod names that version).
 * - `pulumi-language-nodejs` comes from tools/pulumi-cli/language-nodejs. Its own module is not served by the
 *   proxy, so it is built from sdk/v3 at the newest release that still carried its source (see that go.mod).
 * - `pulumi-resource-pulumi-nodejs` is copied from the installed @pulumi/pulumi npm package.
 *
 * Nothing is fetched but Go modules (through the machine's GOPROXY). Environment:
 *   PULUMI_CLI_CACHE   the cache root (default: .pulumi-cli/ in the repository)
 *   PULUMI_CLI_REBUILD=1  rebuild even when a build is cached
 * Exit status 1, with the reason, when Go is missing or a build fails.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./example-project";
import { cliBinDir, expectedCliVersion } from "./pulumi-cli";

const root = repoRoot();
const wrappers = path.join(root, "tools", "pulumi-cli");
const VERSION_VAR = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

/** The version a wrapper module's go.mod requires for `modulePath`, e.g. "v3.276.0". */
function requiredVersion(wrapper: string, modulePath: string): string {
  const goMod = fs.readFileSync(path.join(wrappers, wrapper, "go.mod"), "utf8");
  const match = goMod.match(new RegExp(`^\\s*(?:require\\s+)?${modulePath.replace(/[./]/g, "\\$&")}\\s+(v\\S+)`, "m"));
  if (!match) throw new Error(`tools/pulumi-cli/${wrapper}/go.mod requires no ${modulePath}.`);
  return match[1];
}

function fail(message: string): never {
  process.stderr.write(`pulumi:install: ${message}\n`);
  process.exit(1);
}

/** How often a build that is still running says so. */
const PROGRESS_INTERVAL_MS = 30_000;

/** Runs `go build` for one main package of a wrapper module into `output`, saying every 30 s that it still runs. */
async function goBuild(wrapper: string, mainPackage: string, version: string, output: string): Promise<void> {
  const started = Date.now();
  const name = path.basename(output);
  process.stderr.write(`pulumi:install: building ${name} ${version} (${mainPackage})…\n`);
  const progress = setInterval(() => {
    process.stderr.write(`pulumi:install: still building ${name} (${Math.round((Date.now() - started) / 1000)} s so far)\n`);
  }, PROGRESS_INTERVAL_MS);
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn("go", ["build", "-trimpath", "-ldflags", `-s -w -X ${VERSION_VAR}=${version}`, "-o", output, mainPackage], {
      cwd: path.join(wrappers, wrapper),
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
    });
    child.on("error", (error) => fail(`could not run go: ${error.message}`));
    child.on("exit", (code) => resolve(code));
  }).finally(() => clearInterval(progress));
  if (status !== 0) fail(`go build of ${mainPackage} failed (exit ${status}); its output is above.`);
  process.stderr.write(`pulumi:install: built ${name} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

async function main(): Promise<void> {
  const version = expectedCliVersion(root);
  const cliVersion = requiredVersion("cli", "github.com/pulumi/pulumi/pkg/v3");
  if (cliVersion !== version) {
    fail(
      `the installed @pulumi/pulumi is ${version} but tools/pulumi-cli/cli/go.mod builds ${cliVersion}. In that folder run ` +
        `\`go get github.com/pulumi/pulumi/pkg/v3@${version} github.com/pulumi/pulumi/sdk/v3@${version} && go mod tidy\`, then run this again.`,
    );
  }
  const hostVersion = requiredVersion("language-nodejs", "github.com/pulumi/pulumi/sdk/v3");
  const bin = cliBinDir(root, version);
  const pulumi = path.join(bin, "pulumi");
  const host = path.join(bin, "pulumi-language-nodejs");
  const launcher = path.join(bin, "pulumi-resource-pulumi-nodejs");
  const stamp = path.join(bin, "build.json");
  const wanted = JSON.stringify({ pulumi: version, languageHost: hostVersion });
  const cached = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === wanted && [pulumi, host, launcher].every((f) => fs.existsSync(f));

  if (cached && process.env.PULUMI_CLI_REBUILD !== "1") {
    process.stderr.write(`pulumi:install: reusing the build of pulumi ${version} (PULUMI_CLI_REBUILD=1 rebuilds it)\n`);
  } else {
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.error || go.status !== 0) fail("there is no `go` on PATH. Install Go 1.26 or later (https://go.dev/doc/install), then run this again.");
    process.stderr.write(`pulumi:install: ${go.stdout.trim()}\n`);
    fs.mkdirSync(bin, { recursive: true });
    fs.rmSync(stamp, { force: true });
    await goBuild("cli", "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", version, pulumi);
    await goBuild("language-nodejs", "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs", hostVersion, host);
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
    fs.copyFileSync(path.join(sdk, "pulumi-resource-pulumi-nodejs"), launcher);
    fs.chmodSync(launcher, 0o755);
    fs.writeFileSync(stamp, wanted);
  }

  const reported = spawnSync(pulumi, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  if (reported.status !== 0 || reported.stdout.trim() !== version) {
    fail(`${pulumi} reports version "${reported.stdout.trim()}" (exit ${reported.status}), not ${version}; run again with PULUMI_CLI_REBUILD=1.`);
  }
  process.stderr.write(`pulumi:install: pulumi ${version}, language host ${hostVersion}, launcher from @pulumi/pulumi ${version}\n`);
  process.stdout.write(`${bin}\n`);
}

void main();
