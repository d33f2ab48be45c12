/**
 * Helpers shared by the demo (`npm run demo`) and the real-CLI suite (`npm run test:e2e`): make a user-like
 * copy of an example project in a temporary folder with this package installed in it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** This package's name, as a project installs it. */
export const PACKAGE_NAME = "pulumi-pinterest-audiences";

/**
 * The repository root: the nearest folder above `start` whose package.json is this package's. Works from the
 * sources (scripts/, test/e2e/) and from the compiled tools (dist-tools/scripts/).
 */
export function repoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No ${PACKAGE_NAME} package.json found in ${start} or above; run this from the repository.`);
    dir = parent;
  }
}

/** A copy of an example project in a temporary folder, with the package and its dependencies installed. */
export interface ExampleProject {
  /** The project folder (holds Pulumi.yaml, index.ts and node_modules/). */
  dir: string;
  /** A folder beside it for the local state backend (`file://<stateDir>`). */
  stateDir: string;
  /** Deletes both folders. */
  remove(): void;
}

/**
 * Copies `examples/<example>` into a fresh temporary folder and installs the package as `npm pack` would ship it
 * (package.json plus its `files`, a real copy: Pulumi's closure serialiser must see it under node_modules). The
 * package's dependencies (@pulumi/pulumi, node-fetch, ajv, yaml, typescript, …) are linked from the repository's
 * node_modules, so no registry is needed. Needs a built package (`npm run build`).
 */
export function prepareExampleProject(example: string, root: string = repoRoot()): ExampleProject {
  return prepareProject(path.join(root, "examples", example), root);
}

/** As prepareExampleProject, for the Pulumi project in any folder `source` (e.g. a test fixture). */
export function prepareProject(source: string, root: string = repoRoot()): ExampleProject {
  const name = path.basename(source);
  if (!fs.existsSync(path.join(source, "Pulumi.yaml"))) throw new Error(`${source} is not a Pulumi project (no Pulumi.yaml in it).`);
  if (!fs.existsSync(path.join(root, "dist", "provider", "index.js"))) throw new Error("The package is not built: run `npm run build` first.");

  const base = fs.mkdtempSync(path.join(os.tmpdir(), `pinterest-audiences-${name}-`));
  const dir = path.join(base, name);
  const stateDir = path.join(base, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.cpSync(source, dir, {
    recursive: true,
    filter: (p) => !p.split(path.sep).includes("node_modules") && !/Pulumi\.[^.]+\.yaml$/.test(path.basename(p)),
  });

  const nodeModules = path.join(dir, "node_modules");
  fs.mkdirSync(nodeModules, { recursive: true });
  copyPackage(root, path.join(nodeModules, PACKAGE_NAME));
  const repoModules = path.join(root, "node_modules");
  for (const entry of fs.readdirSync(repoModules)) {
    if (entry === PACKAGE_NAME || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(repoModules, entry), path.join(nodeModules, entry), "dir");
  }
  return { dir, stateDir, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/** Copies the package as `npm pack` ships it: package.json and the entries of its `files`. */
function copyPackage(root: string, dest: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { files?: string[] };
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(root, "package.json"), path.join(dest, "package.json"));
  for (const entry of manifest.files ?? []) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, entry), { recursive: true, dereference: true });
  }
}
