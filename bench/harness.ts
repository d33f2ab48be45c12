/**
 * Loads the engine harness (test/harness) from its TypeScript sources in the repository, wherever the
 * bench itself was compiled to.
 *
 * Why not import the compiled copy in dist-tools/test/harness: that copy computes the repository root as
 * two folders above itself (dist-tools/, not the repository), so it looks for the plugin under
 * dist-tools/node_modules, and tsc does not copy test/harness/program-runner.js (plain JS) next to it.
 * Loading the sources in place keeps every path the harness derives from `__dirname` correct.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as HarnessModule from "../test/harness";

/** The harness's public surface (test/harness/index.ts). */
export type Harness = typeof HarnessModule;

/** The repository root: the nearest folder above `from` whose package.json is this package's. */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, "test", "harness", "index.ts"))) {
      const { name } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string };
      if (name === "pulumi-pinterest-audiences") return dir;
    }
    if (path.dirname(dir) === dir)
      throw new Error(`Cannot find the pulumi-pinterest-audiences repository above ${from}: run the bench from a checkout.`);
  }
}

/** Compiles `.ts` files on require with TypeScript's transpileModule (once registered). */
function registerTypeScript(repoRoot: string): void {
  const extensions = require.extensions as NodeJS.RequireExtensions & Record<string, unknown>;
  if (extensions[".ts"]) return;
  const ts = require(require.resolve("typescript", { paths: [repoRoot] })) as typeof import("typescript");
  extensions[".ts"] = (module: NodeJS.Module, filename: string) => {
    const source = fs.readFileSync(filename, "utf8");
    const output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    });
    (module as NodeJS.Module & { _compile(code: string, file: string): void })._compile(output.outputText, filename);
  };
}

/** The harness, loaded from `<repo>/test/harness/index.ts`. */
export function loadHarness(repoRoot: string = findRepoRoot()): Harness {
  registerTypeScript(repoRoot);
  return require(path.join(repoRoot, "test", "harness", "index.ts")) as Harness;
}
