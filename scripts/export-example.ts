/**
 * `npm run example:export -- <example> <dest-dir> [--tarball <file.tgz>]`: makes a standalone project of
 * examples/<example> that a user copies, commits and runs anywhere, before the package is on npm.
 *
 * - copies the example (no node_modules/, no Pulumi.<stack>.yaml: stacks are the user's);
 * - packs this checkout (`npm pack`, which runs `prepare`, i.e. the build) into
 *   `<dest>/vendor/pulumi-pinterest-audiences-<version>.tgz`, or copies the tarball given with --tarball;
 * - points the example's dependency at it (`file:vendor/<tgz>`), a path inside the project, so it resolves
 *   wherever the folder is copied or cloned;
 * - runs `npm install` there, which writes package-lock.json: what `npm ci` (the GitOps workflows) needs.
 *
 * Then it prints what it did and the next steps. Fails before writing anything for an unknown example or a
 * destination that exists and is not empty.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PACKAGE_NAME, repoRoot } from "./example-project";

/** Where the package's tarball goes inside an exported project. */
export const VENDOR_DIR = "vendor";

export interface ExportOptions {
  /** The folder name under examples/ (basic, gitops, import). */
  example: string;
  /** The project folder to create; it must not exist, or be empty. */
  dest: string;
  /** A tarball of this package to vendor instead of packing the checkout (e.g. a release's, or a fresh clone's). */
  tarball?: string;
  /** Extra arguments for `npm install` in the project (e.g. `--prefer-offline`). */
  npmInstallArgs?: string[];
  /** The repository root; defaults to the one holding this script. */
  root?: string;
  /** Where progress lines go; defaults to stdout. */
  log?: (line: string) => void;
}

export interface ExportResult {
  /** Absolute path of the project folder. */
  dest: string;
  /** The tarball's path relative to `dest` (vendor/pulumi-pinterest-audiences-<version>.tgz). */
  tarball: string;
  /** The dependency written into package.json (`file:vendor/…`). */
  dependency: string;
  /** The package version in the tarball. */
  version: string;
}

/** A problem with the command line or its arguments: printed without a stack trace. */
export class ExportError extends Error {}

/** The examples there are: the folders under examples/ that hold a Pulumi project. */
export function exampleNames(root: string = repoRoot()): string[] {
  const dir = path.join(root, "examples");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "Pulumi.yaml")))
    .map((e) => e.name)
    .sort();
}

/** Copies, vendors, rewrites the dependency and installs; see the file comment. */
export function exportExample(options: ExportOptions): ExportResult {
  const root = options.root ?? repoRoot();
  const log = options.log ?? ((line: string) => console.log(line));
  const known = exampleNames(root);
  if (!known.includes(options.example)) {
    throw new ExportError(`Unknown example "${options.example}": choose one of ${known.join(", ")}.`);
  }
  const dest = path.resolve(options.dest);
  if (fs.existsSync(dest) && (!fs.statSync(dest).isDirectory() || fs.readdirSync(dest).length > 0)) {
    throw new ExportError(`${dest} exists and is not an empty folder: give a new (or empty) folder, so nothing of yours is overwritten.`);
  }
  if (isInside(dest, root)) {
    throw new ExportError(`${dest} is inside this repository: export to a folder outside it (e.g. ../my-audiences).`);
  }
  if (options.tarball && !fs.existsSync(options.tarball)) throw new ExportError(`No tarball at ${options.tarball}.`);

  const source = path.join(root, "examples", options.example);
  fs.mkdirSync(dest, { recursive: true });
  fs.cpSync(source, dest, { recursive: true, filter: (p) => keepFile(path.relative(source, p)) });
  log(`Copied examples/${options.example} to ${dest}`);

  const vendor = path.join(dest, VENDOR_DIR);
  fs.mkdirSync(vendor, { recursive: true });
  const version = options.tarball ? tarballVersion(options.tarball) : packageVersion(root);
  const fileName = `${PACKAGE_NAME}-${version}.tgz`;
  if (options.tarball) {
    fs.copyFileSync(options.tarball, path.join(vendor, fileName));
    log(`Vendored ${options.tarball} as ${VENDOR_DIR}/${fileName}`);
  } else {
    log(`Packing ${PACKAGE_NAME} ${version} from ${root} (npm pack builds it first)…`);
    const packed = npm(["pack", "--json", "--pack-destination", vendor, "--loglevel=error"], root);
    const [{ filename }] = JSON.parse(packed.slice(packed.indexOf("["))) as { filename: string }[];
    if (filename !== fileName) fs.renameSync(path.join(vendor, filename), path.join(vendor, fileName));
    log(`Packed ${VENDOR_DIR}/${fileName}`);
  }

  const dependency = `file:${VENDOR_DIR}/${fileName}`;
  const manifestPath = path.join(dest, "package.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { dependencies?: Record<string, string> };
  manifest.dependencies = { ...manifest.dependencies, [PACKAGE_NAME]: dependency };
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`package.json: "${PACKAGE_NAME}": "${dependency}"`);

  log("Installing (npm install writes package-lock.json)…");
  npm(["install", "--no-audit", "--no-fund", "--loglevel=error", ...(options.npmInstallArgs ?? [])], dest);
  log(`Wrote package-lock.json`);
  return { dest, tarball: `${VENDOR_DIR}/${fileName}`, dependency, version };
}

/** What to do next with the exported project, as lines to print. */
export function nextSteps(example: string, result: ExportResult): string[] {
  const stack = example === "gitops" ? "prod" : "dev";
  const lines = [
    "",
    "Next steps:",
    `  cd ${result.dest}`,
    "  pulumi login                                   # Pulumi Cloud, or e.g. pulumi login s3://<bucket>",
    `  pulumi stack init ${stack}`,
    "  pulumi config set --secret pinterest:accessToken   # prompts; or export PINTEREST_ACCESS_TOKEN",
  ];
  if (example === "basic") lines.push("  pulumi config set adAccountId <digits>   # and customerListId, conversionTagId: see README.md");
  if (example === "gitops") lines.push("  # edit audiences/*.yaml (adAccountId, rules); npm run validate checks them");
  lines.push(
    "  pulumi preview",
    "",
    `Commit the whole folder, ${VENDOR_DIR}/ and package-lock.json included (node_modules/ is ignored): the dependency`,
    `"${result.dependency}" installs from the tarball in the project, so \`npm ci\` works in a fresh clone and in CI.`,
  );
  if (example === "gitops") {
    lines.push(
      "The workflows in .github/workflows/ run from the root of that repository: add the secrets PINTEREST_ACCESS_TOKEN and",
      "PULUMI_ACCESS_TOKEN (see README.md).",
    );
  }
  lines.push(
    `Once ${PACKAGE_NAME} is published, replace the file: dependency with a version range:`,
    `  npm install ${PACKAGE_NAME}@^${result.version} && git rm -r ${VENDOR_DIR}`,
  );
  return lines;
}

/** Skips dependencies and build output, and stack settings (Pulumi.<stack>.yaml), which belong to the user. */
function keepFile(relative: string): boolean {
  const parts = relative.split(path.sep);
  if (parts.includes("node_modules") || parts[0] === "bin" || parts[0] === VENDOR_DIR) return false;
  const base = parts[parts.length - 1];
  return !/^Pulumi\.[^.]+\.yaml$/.test(base) && base !== "package-lock.json";
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(realpathOfExisting(parent), realpathOfExisting(child));
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** The real path of `p`, or of its nearest existing parent joined with the rest (dest may not exist yet). */
function realpathOfExisting(p: string): string {
  const missing: string[] = [];
  let dir = path.resolve(p);
  while (!fs.existsSync(dir)) {
    missing.unshift(path.basename(dir));
    dir = path.dirname(dir);
  }
  return path.join(fs.realpathSync(dir), ...missing);
}

function packageVersion(root: string): string {
  return (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
}

/** The version in a tarball's package/package.json; also checks that it is this package's tarball. */
function tarballVersion(tarball: string): string {
  let manifest: { name?: string; version?: string };
  try {
    manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  } catch (error) {
    throw new ExportError(`${tarball} is not an npm package tarball (no package/package.json in it): ${(error as Error).message}`);
  }
  if (manifest.name !== PACKAGE_NAME || !manifest.version)
    throw new ExportError(`${tarball} holds ${manifest.name ?? "no package"}, not ${PACKAGE_NAME}.`);
  return manifest.version;
}

function npm(args: string[], cwd: string): string {
  const env = { ...process.env, npm_config_update_notifier: "false" };
  try {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

const USAGE = `Usage: npm run example:export -- <example> <dest-dir> [--tarball <file.tgz>]

Makes a standalone copy of examples/<example> in <dest-dir> (a new or empty folder), with this package packed
into <dest-dir>/${VENDOR_DIR}/ and installed from there, and a package-lock.json.
  --tarball <file.tgz>   vendor this tarball of ${PACKAGE_NAME} instead of packing the checkout`;

/** The command line: returns the exit code. */
export function main(argv: string[]): number {
  const positional: string[] = [];
  let tarball: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      return 0;
    } else if (arg === "--tarball") {
      tarball = argv[++i];
    } else if (arg.startsWith("--tarball=")) {
      tarball = arg.slice("--tarball=".length);
    } else if (arg.startsWith("-")) {
      console.error(`Unknown option ${arg}.\n\n${USAGE}`);
      return 2;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2 || (argv.includes("--tarball") && !tarball)) {
    console.error(`${USAGE}\n\nExamples: ${exampleNames().join(", ")}.`);
    return 2;
  }
  // `npm run` starts scripts in the package root; paths on the command line are relative to where it was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const [example, dest] = positional;
  try {
    const result = exportExample({ example, dest: path.resolve(cwd, dest), tarball: tarball && path.resolve(cwd, tarball) });
    for (const line of nextSteps(example, result)) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof ExportError) {
      console.error(`example:export: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
