/**
 * The package as users get it today: a fresh clone of HEAD, packed (`prepare` builds dist/), checked, and
 * installed from the tarball into a copy of examples/basic made outside the repository. The copy's TypeScript
 * compiles against the tarball's types, its program runs, Pulumi's dynamic-provider plugin creates its audiences
 * in the emulator from the installed package, and the installed CLI writes `$schema` references that resolve.
 *
 * Tests the committed HEAD (a clone), not uncommitted edits. Needs git and npm; packages come from the npm cache
 * when it holds them (`--prefer-offline`).
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { startEmulator, type Emulator } from "../../emulator";
import { startEngine } from "../harness/engine";
import { runProgram } from "../harness/program";
import { packFreshClone, REPO_ROOT, run, runAsync, type FreshPack } from "../helpers/fresh-pack";

const { checkTarball } = require("../../scripts/check-tarball.js") as { checkTarball: (tarball: string) => { problems: string[]; files: string[] } };

const ACCOUNT = "549755885175";
const PACKAGE = "pulumi-pinterest-audiences";
/** The SDK the repository's tests run with; the copy installs the same one (the matrix varies it). */
const SDK_VERSION = (JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;

jest.setTimeout(240_000);

let pack: FreshPack;
let project: string;
let installLog: string;
let emulator: Emulator;

beforeAll(async () => {
  pack = packFreshClone();
  project = path.join(pack.base, "basic");
  fs.cpSync(path.join(REPO_ROOT, "examples", "basic"), project, { recursive: true, filter: (p) => !p.split(path.sep).includes("node_modules") });
  installLog = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", pack.tarball, `@pulumi/pulumi@${SDK_VERSION}`], project);
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator?.stop();
  pack?.remove();
});

test("the tarball of a fresh clone holds every file package.json names and the provider loads, and no sources or tests", () => {
  const { problems, files } = checkTarball(pack.tarball);
  expect(problems).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(["dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/lifecycle.js", "schema.json"]));
});

test("installs into a project outside the repository, with the package's bin and without an engine warning on a supported Node", () => {
  const installed = path.join(project, "node_modules", PACKAGE);
  expect(fs.realpathSync(installed).startsWith(fs.realpathSync(project))).toBe(true);
  const manifest = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  expect(manifest.dependencies[PACKAGE]).toMatch(/^file:.*\.tgz$/);
  if (Number(process.versions.node.split(".")[0]) >= 22) expect(installLog).not.toContain("EBADENGINE");
  const version = run(process.execPath, [path.join(installed, "dist", "cli", "main.js"), "--version"], project).trim();
  expect(version).toBe((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version);
});

test("the copied example's TypeScript compiles against the tarball's types", () => {
  expect(() => run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."], project)).not.toThrow();
});

test("the copied example runs, and Pulumi's plugin creates its audiences from the installed package", async () => {
  const projectName = "pinterest-audiences-basic";
  const config = {
    [`${projectName}:adAccountId`]: ACCOUNT,
    [`${projectName}:customerListId`]: "5497558859876",
    [`${projectName}:conversionTagId`]: "2542620639259",
  };
  const { resources } = await runProgram({ dir: project, programFile: "index.ts", projectName }, { config });
  expect(resources).toHaveLength(4);
  for (const resource of resources) expect(String(resource.inputs.__provider)).toMatch(/require\("pulumi-pinterest-audiences\//);
  const engine = await startEngine({
    cwd: project,
    config: { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url },
    secretConfigKeys: ["pinterest:accessToken"],
    statePath: path.join(pack.base, "state.json"),
  });
  try {
    // Under mocks the lookalike's seed is the mock id "newsletter-subscribers-id", which no audience has.
    const up = await engine.up(resources.filter((r) => r.name !== "subscribers-lookalike-us"));
    expect(up.errors).toEqual([]);
    expect(
      emulator
        .audiences(ACCOUNT)
        .map((a) => a.audience_type)
        .sort(),
    ).toEqual(["CUSTOMER_LIST", "ENGAGEMENT", "VISITOR"]);
  } finally {
    await engine.stop();
  }
});

test("the installed CLI's import writes a $schema reference that resolves to the installed schema.json", async () => {
  const cli = path.join(project, "node_modules", ".bin", "pinterest-audiences");
  const env = { PINTEREST_API_URI: emulator.url, PINTEREST_ACCESS_TOKEN: emulator.accessToken };
  // Asynchronously: the emulator answering it runs in this process.
  await runAsync(cli, ["import", "--ad-account", ACCOUNT, "--format", "yaml", "--out", "imported"], project, env);
  const dir = path.join(project, "imported");
  const files = fs.readdirSync(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1] ?? "";
    expect(ref).not.toMatch(/^https?:/);
    expect(fs.existsSync(path.resolve(dir, ref))).toBe(true);
    expect(path.resolve(dir, ref)).toBe(path.join(project, "node_modules", PACKAGE, "schema.json"));
    expect(parseYaml(text)).toMatchObject({ adAccountId: ACCOUNT });
  }
});
