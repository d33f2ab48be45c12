#!/usr/bin/env node
/**
 * Checks a packed tarball of this package (`npm pack`) before it is installed or published:
 * `node scripts/check-tarball.js pulumi-pinterest-audiences-0.1.0.tgz`.
 *
 * It extracts the tarball and fails (exit 1, one line per problem) when:
 * - a file that package.json points at is missing: `main`, `types`, every `exports` target, every `bin`;
 * - a file the provider loads at run time is missing: schema.json, the precompiled validator;
 * - a relative `require("./…")` in a shipped .js file names a file that is not in the tarball;
 * - something that must not ship is in it: sources (.ts other than .d.ts), tests, tarballs, state files.
 *
 * Plain JavaScript so that it runs on a fresh checkout (release workflow) without a build.
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** Files the provider reads at run time besides what package.json names. */
const RUNTIME_FILES = [
  "schema.json",
  "dist/provider/schema/schema-validator.js",
  "dist/provider/lifecycle.js",
  "dist/provider/audience/lifecycle.js",
  "dist/provider/sharing/lifecycle.js",
  "dist/cli/main.js",
  "dist/cli/emulator-main.js",
];

/** Paths (inside the package) that must not ship. */
const FORBIDDEN = [
  /^test\//,
  /^provider\/.*\.ts$/,
  /^emulator\/.*\.ts$/,
  /(^|\/)[^/]+\.tgz$/,
  /\.emulator-state/,
  /^node_modules\//,
  /^\.test-projects\//,
];

/** Every file below `dir`, relative to it, with forward slashes. */
function listFiles(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** The files package.json points at (main, types, exports targets without wildcards, bin). */
function manifestTargets(manifest) {
  const targets = [manifest.main, manifest.types];
  const walk = (value) => {
    if (typeof value === "string") targets.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  return targets.filter((t) => typeof t === "string" && !t.includes("*")).map((t) => path.posix.normalize(t));
}

/** Whether a relative require from `from` resolves among `files` as Node would (file, .js, .json, dir/index.js). */
function resolves(files, from, specifier) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [base, `${base}.js`, `${base}.json`, `${base}/index.js`].some((candidate) => files.has(candidate));
}

/**
 * Problems of the unpacked package in `dir` (the tarball's `package/` folder); empty when it is complete.
 * @param {string} dir
 * @returns {string[]}
 */
function checkPackageDir(dir) {
  const problems = [];
  const files = new Set(listFiles(dir));
  if (!files.has("package.json")) return ["package.json is missing"];
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const file of new Set([...manifestTargets(manifest), ...RUNTIME_FILES])) {
    if (!files.has(file)) problems.push(`${file} is missing (named by package.json or loaded at run time); was dist/ built before packing?`);
  }
  for (const file of files) {
    if (FORBIDDEN.some((re) => re.test(file))) problems.push(`${file} must not be shipped`);
    if (!file.endsWith(".js")) continue;
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    for (const match of source.matchAll(/require\(["'](\.{1,2}\/[^"']+)["']\)/g)) {
      if (!resolves(files, file, match[1])) problems.push(`${file} requires "${match[1]}", which is not in the tarball`);
    }
  }
  return problems;
}

/**
 * Extracts `tarball` into a temporary folder and checks it; returns the problems and the files it holds.
 * @param {string} tarball
 * @returns {{ problems: string[], files: string[] }}
 */
function checkTarball(tarball) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "check-tarball-"));
  try {
    execFileSync("tar", ["-xzf", path.resolve(tarball), "-C", tmp]);
    const dir = path.join(tmp, "package");
    if (!fs.existsSync(dir)) return { problems: ["the tarball has no package/ folder"], files: [] };
    return { problems: checkPackageDir(dir), files: listFiles(dir).sort() };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { checkTarball, checkPackageDir, RUNTIME_FILES };

if (require.main === module) {
  const tarball = process.argv[2];
  if (!tarball) {
    process.stderr.write("Usage: node scripts/check-tarball.js <package.tgz>\n");
    process.exit(2);
  }
  const { problems, files } = checkTarball(tarball);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${tarball}: ${problem}\n`);
    process.exit(1);
  }
  process.stdout.write(`${tarball}: ${files.length} files, everything the package needs at run time is in it\n`);
}
