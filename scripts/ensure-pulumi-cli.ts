/**
 * A Pulumi CLI for the commands that drive one (`npm run demo`, `npm run test:e2e`): the one found (the
 * `npm run pulumi:install` build, else `pulumi` on PATH), or, when there is none and Go is here, one built now as
 * `npm run pulumi:install` does, saying first that this happens once and how long it takes. Run directly, it builds
 * when needed and always exits 0: the caller says what a missing CLI means for it.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { repoRoot } from "./example-project";
import { findPulumiCli, type PulumiCli } from "./pulumi-cli";

/** The CLI found, or built now when Go is on PATH; undefined when there is neither (the reason is printed). */
export function ensurePulumiCli(root: string = repoRoot()): PulumiCli | undefined {
  const found = findPulumiCli(root);
  if (found) return found;
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    process.stderr.write("No Pulumi CLI (no `npm run pulumi:install` build, no `pulumi` on PATH), and no Go to build one with.\n");
    return undefined;
  }
  process.stderr.write(
    "No Pulumi CLI yet: building it once from the Go module proxy, as `npm run pulumi:install` does. The first build " +
      "takes 5 to 10 minutes (Go downloads and compiles Pulumi); later runs reuse it. Progress follows.\n",
  );
  const built = spawnSync(process.execPath, [path.join(__dirname, "pulumi-install.js")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0) {
    process.stderr.write(`Building the Pulumi CLI failed (exit ${built.status}); its output is above.\n`);
    return undefined;
  }
  return findPulumiCli(root);
}

if (require.main === module) ensurePulumiCli();
