/**
 * `npm run example:export` (scripts/export-example.ts) makes examples a user can copy out and commit: exported
 * with a fresh clone's tarball, then copied again elsewhere without node_modules/ (as a clone of the user's
 * repository would be), each installs with `npm ci` (what the GitOps workflows run), its TypeScript compiles
 * against the tarball's types, and the GitOps declarations validate with the installed CLI. The preview
 * workflow's `paths:` filter is checked against the exported folder as a repository root.
 *
 * Tests the committed HEAD (a clone), not uncommitted edits. Needs git, npm and tar; packages come from the npm
 * cache when it holds them (`--prefer-offline`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { ExportError, exportExample, nextSteps, type ExportResult } from "../../scripts/export-example";
import { packFreshClone, REPO_ROOT, run, type FreshPack } from "../helpers/fresh-pack";

const PACKAGE = "pulumi-pinterest-audiences";
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const QUIET = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

jest.setTimeout(600_000);

let pack: FreshPack;
let scratch: string;
const exported: Record<string, { result: ExportResult; log: string[]; copy: string }> = {};

/** Every file below `dir`, relative to it with forward slashes, node_modules/ left out. */
function filesOf(dir: string, prefix = ""): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.name === "node_modules") return [];
    return e.isDirectory() ? filesOf(dir, rel) : [rel];
  });
}

/** A GitHub Actions `paths:` pattern as a regular expression over repository-root paths (`*`, `**`, `?`). */
function pathFilter(pattern: string): RegExp {
  const body = pattern.replace(/\*\*|\*|\?|[.+^${}()|[\]\\]/g, (m) => (m === "**" ? ".*" : m === "*" ? "[^/]*" : m === "?" ? "[^/]" : `\\${m}`));
  return new RegExp(`^${body}$`);
}

beforeAll(() => {
  pack = packFreshClone();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pinterest-audiences-export-"));
  for (const example of ["gitops", "basic", "import"]) {
    const log: string[] = [];
    const result = exportExample({
      example,
      dest: path.join(scratch, example),
      tarball: pack.tarball,
      npmInstallArgs: ["--prefer-offline"],
      log: (l) => log.push(l),
    });
    // What a clone of the committed folder holds: everything but node_modules/ (ignored by its .gitignore).
    const copy = path.join(scratch, "elsewhere", example);
    fs.cpSync(result.dest, copy, { recursive: true, filter: (p) => !p.split(path.sep).includes("node_modules") });
    run("npm", ["ci", ...QUIET], copy);
    exported[example] = { result, log, copy };
  }
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  pack?.remove();
});

describe.each(["gitops", "basic", "import"])("examples/%s exported", (example) => {
  test("holds the example with the package vendored and a lock file, and no dependencies or stacks", () => {
    const { result, copy } = exported[example];
    const files = filesOf(result.dest);
    expect(files).toEqual(
      expect.arrayContaining([
        "Pulumi.yaml",
        "index.ts",
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        ".gitignore",
        `vendor/${PACKAGE}-${VERSION}.tgz`,
      ]),
    );
    expect(files.filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))).toEqual([]);
    expect(result.tarball).toBe(`vendor/${PACKAGE}-${VERSION}.tgz`);
    expect(fs.readFileSync(path.join(result.dest, result.tarball))).toEqual(fs.readFileSync(pack.tarball));

    const manifest = JSON.parse(fs.readFileSync(path.join(copy, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies[PACKAGE]).toBe(`file:vendor/${PACKAGE}-${VERSION}.tgz`);
    const lock = JSON.parse(fs.readFileSync(path.join(copy, "package-lock.json"), "utf8")) as {
      packages: Record<string, { resolved?: string; integrity?: string }>;
    };
    expect(lock.packages[`node_modules/${PACKAGE}`]).toMatchObject({
      resolved: `file:vendor/${PACKAGE}-${VERSION}.tgz`,
      integrity: expect.stringMatching(/^sha512-/),
    });
    expect(JSON.stringify(lock)).not.toContain(scratch);
  });

  test("installs with npm ci from a copy elsewhere, a real copy of the package, and compiles against the tarball's types", () => {
    const { copy } = exported[example];
    const installed = path.join(copy, "node_modules", PACKAGE);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect((JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string }).version).toBe(VERSION);
    expect(() => run(process.execPath, [path.join(copy, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."], copy)).not.toThrow();
  });

  test("says what it did and what to do next: stack, secret, commit vendor/ and the lock file, a version range once published", () => {
    const { result, log } = exported[example];
    expect(log.join("\n")).toContain(`"${PACKAGE}": "file:vendor/${PACKAGE}-${VERSION}.tgz"`);
    const steps = nextSteps(example, result).join("\n");
    expect(steps).toMatch(/pulumi login/);
    expect(steps).toMatch(/pulumi stack init/);
    expect(steps).toMatch(/config set --secret pinterest:accessToken/);
    expect(steps).toMatch(/vendor\/ and package-lock\.json/);
    expect(steps).toContain(`npm install ${PACKAGE}@^${VERSION}`);
  });
});

test("the exported GitOps declarations pass `npm run validate` with the installed CLI", () => {
  const { copy } = exported.gitops;
  const out = run("npm", ["run", "--silent", "validate"], copy);
  expect(out).toMatch(/4 declaration file\(s\) checked: all valid/);
});

test("the preview workflow's paths: filter, from the exported folder as the repository root, covers each file that can change the plan", () => {
  const { result } = exported.gitops;
  const wf = parseYaml(fs.readFileSync(path.join(result.dest, ".github", "workflows", "preview.yml"), "utf8")) as {
    on: { pull_request: { paths: string[] } };
  };
  const filters = wf.on.pull_request.paths.map(pathFilter);
  const files = filesOf(result.dest);
  // Every pattern names something that is there (a typo or a path from the example's place in this repository would not).
  for (const [i, filter] of filters.entries())
    expect([wf.on.pull_request.paths[i], files.some((f) => filter.test(f))]).toEqual([wf.on.pull_request.paths[i], true]);
  // Every file the plan depends on triggers it; the README does not.
  const planInputs = files.filter((f) => !/(^|\/)(README\.md|\.gitignore)$/.test(f) && !/^\.github\/workflows\/(up|drift)\.yml$/.test(f));
  expect(planInputs.filter((f) => !filters.some((r) => r.test(f)))).toEqual([]);
  expect(filters.some((r) => r.test("README.md"))).toBe(false);
  expect(filters.some((r) => r.test("Pulumi.prod.yaml"))).toBe(true);
});

test("committing the exported folder takes vendor/ and the lock file, and leaves node_modules/ out", () => {
  const { result } = exported.basic;
  run("git", ["init", "--quiet"], result.dest);
  const tracked = run("git", ["add", "--dry-run", "."], result.dest);
  expect(tracked).toContain(`add 'vendor/${PACKAGE}-${VERSION}.tgz'`);
  expect(tracked).toContain("add 'package-lock.json'");
  expect(tracked).not.toContain("node_modules");
});

describe("refuses, before writing anything", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pinterest-audiences-export-refuse-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("an unknown example, naming the ones there are", () => {
    const dest = path.join(dir, "out");
    expect(() => exportExample({ example: "nope", dest, log: () => undefined })).toThrow(ExportError);
    expect(() => exportExample({ example: "nope", dest, log: () => undefined })).toThrow(
      /Unknown example "nope": choose one of basic, gitops, import/,
    );
    expect(fs.existsSync(dest)).toBe(false);
  });

  test("a destination that is not empty", () => {
    fs.writeFileSync(path.join(dir, "keep.txt"), "mine");
    expect(() => exportExample({ example: "basic", dest: dir, log: () => undefined })).toThrow(/exists and is not an empty folder/);
    expect(fs.readdirSync(dir)).toEqual(["keep.txt"]);
  });

  test("a destination inside this repository", () => {
    expect(() => exportExample({ example: "basic", dest: path.join(REPO_ROOT, "examples", "exported"), log: () => undefined })).toThrow(
      /inside this repository/,
    );
    expect(fs.existsSync(path.join(REPO_ROOT, "examples", "exported"))).toBe(false);
  });
});
