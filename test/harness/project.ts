/**
 * Test projects: user-like Pulumi project folders under `<repo>/.test-projects/`, each with
 * a REAL COPY of the built package in `node_modules/pulumi-pinterest-audiences/` (what
 * `npm pack` would ship: package.json plus its `files`). A copy, not a symlink: Node resolves
 * symlinks to real paths, and the closure serialiser must find the package under
 * node_modules to write `require("pulumi-pinterest-audiences/...")` instead of serialising our
 * code by value. The package's own dependencies (@pulumi/pulumi, node-fetch, ajv, yaml)
 * resolve from the repository's node_modules by walking up, since the folder is in the repo.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./plugin";

/** Where test projects are made (git-ignored). */
export const TEST_PROJECTS_DIR = path.join(REPO_ROOT, ".test-projects");

/** The package's name as installed in a project. */
export const PACKAGE_NAME = "pulumi-pinterest-audiences";

/** Options of createTestProject. */
export interface TestProjectOptions {
  /** TypeScript or JavaScript source of the Pulumi program (written to index.ts). */
  programSource: string;
  /** Folder to create instead of a fresh one under .test-projects/. */
  dir?: string;
  /** Copy the built package into node_modules (default true; builds first when dist is stale). */
  ownPackage?: boolean;
  /** Other packages to copy into node_modules: name -> source folder (e.g. test fixtures). */
  packages?: Record<string, string>;
  /** Extra files to write, path relative to the project -> content. */
  files?: Record<string, string>;
  /** The project name in Pulumi.yaml (default "project"). */
  projectName?: string;
}

/** A project folder made by createTestProject. */
export interface TestProject {
  /** Absolute path of the project folder. */
  readonly dir: string;
  /** The program file, relative to dir. */
  readonly programFile: string;
  /** The Pulumi project name. */
  readonly projectName: string;
}

let counter = 0;

function uniqueDir(prefix: string): string {
  return path.join(TEST_PROJECTS_DIR, `${prefix}-${process.pid}-${++counter}-${crypto.randomBytes(3).toString("hex")}`);
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, e) => Math.max(m, newestMtime(path.join(p, e))), st.mtimeMs);
}

/**
 * Runs `tsc -p tsconfig.build.json` when dist/ is missing or older than provider/, emulator/
 * or schema.json. When the compiler reports errors but dist/ still holds the package (tsc
 * emits despite type errors, e.g. while someone's half-written file is in the tree), it warns
 * and goes on; it throws, with the compiler's output, only when there is nothing to copy.
 */
export function ensureBuilt(): void {
  const dist = path.join(REPO_ROOT, "dist");
  const sources = ["provider", "emulator", "cli", "schema.json", "tsconfig.build.json"].map((p) => newestMtime(path.join(REPO_ROOT, p)));
  if (fs.existsSync(path.join(dist, "provider", "index.js")) && newestMtime(dist) >= Math.max(...sources)) return;
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, stdio: "pipe" });
  } catch (e) {
    const out = (e as { stdout?: Buffer }).stdout?.toString() ?? String(e);
    if (!fs.existsSync(path.join(dist, "provider", "index.js"))) {
      throw new Error(`npm run build failed, so no package can be copied into a test project:\n${out}`);
    }
    process.emitWarning(`npm run build reported errors; test projects get dist/ as emitted:\n${out}`);
  }
}

/** Copies the package as `npm pack` would ship it (package.json + its "files") into `dest`. */
export function copyPackage(dest: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { files?: string[] };
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(dest, "package.json"));
  for (const entry of pkg.files ?? []) {
    const from = path.join(REPO_ROOT, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, entry), { recursive: true, dereference: true });
  }
}

/** Makes a user-like project folder with the program, Pulumi.yaml, package.json and node_modules. */
export async function createTestProject(options: TestProjectOptions): Promise<TestProject> {
  const dir = path.resolve(options.dir ?? uniqueDir("project"));
  const projectName = options.projectName ?? "project";
  const ownPackage = options.ownPackage ?? true;
  const nodeModules = path.join(dir, "node_modules");
  fs.mkdirSync(nodeModules, { recursive: true });
  if (ownPackage) {
    ensureBuilt();
    copyPackage(path.join(nodeModules, PACKAGE_NAME));
  }
  for (const [name, source] of Object.entries(options.packages ?? {})) {
    fs.cpSync(source, path.join(nodeModules, name), { recursive: true, dereference: true });
  }
  const dependencies: Record<string, string> = { "@pulumi/pulumi": "*" };
  if (ownPackage) dependencies[PACKAGE_NAME] = "*";
  for (const name of Object.keys(options.packages ?? {})) dependencies[name] = "*";
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${projectName}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: projectName, private: true, main: "index.ts", dependencies }, null, 2));
  fs.writeFileSync(path.join(dir, "index.ts"), options.programSource);
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return { dir, programFile: "index.ts", projectName };
}

/** Copies a project (node_modules included) to another folder: a teammate's or CI's checkout. */
export async function copyTestProject(project: TestProject, dir?: string): Promise<TestProject> {
  const dest = path.resolve(dir ?? uniqueDir("copy"));
  fs.cpSync(project.dir, dest, { recursive: true, dereference: true });
  return { ...project, dir: dest };
}

/** Deletes a project folder. */
export async function removeTestProject(project: TestProject): Promise<void> {
  fs.rmSync(project.dir, { recursive: true, force: true });
}
