/**
 * Import, then `pulumi up`: the declarations `pinterest-audiences import` writes (the TypeScript program, and the
 * YAML files loaded by a GitOps program) run through the engine stand-in and the real dynamic-provider plugin
 * against the emulator. `up` adopts every audience with no create or update request, and the next preview plans
 * no change.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { createTestProject, removeTestProject, runProgram, startEngine, type Engine, type TestProject } from "../harness";
import { emulatorEnv, runCli, seedMixedAccount } from "./fixtures";

const ACCOUNT = "549755885175";
const COUNT = 40;

let emulator: Emulator;
let tmp: string;
const projects: TestProject[] = [];
const engines: Engine[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  seedMixedAccount(emulator, ACCOUNT, COUNT);
});
afterAll(async () => {
  for (const engine of engines) await engine.stop();
  for (const project of projects) await removeTestProject(project);
  await emulator.stop();
});
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cli-import-up-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Stack config pointing the provider at the emulator. */
function stackConfig(): Record<string, string> {
  return { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
}

/** Runs the project's program, then `up` and a second preview, and checks that nothing was written at Pinterest. */
async function upAdoptsWithoutWrites(project: TestProject): Promise<void> {
  const config = stackConfig();
  const before = emulator.audiences(ACCOUNT);
  const { resources } = await runProgram(project, { config, secretKeys: ["pinterest:accessToken"] });
  expect(resources).toHaveLength(COUNT);

  const engine = await startEngine({
    cwd: project.dir,
    config,
    secretConfigKeys: ["pinterest:accessToken"],
    statePath: path.join(tmp, "state.json"),
  });
  engines.push(engine);
  emulator.resetCounters();
  const up = await engine.up(resources);
  expect(up.errors).toEqual([]);
  expect(up.ok).toBe(true);
  expect(up.steps.map((s) => s.op)).toEqual(Array(COUNT).fill("create"));
  const counters = emulator.counters();
  expect(counters.byOperation.create).toBe(0);
  expect(counters.byOperation.update).toBe(0);
  expect(counters.byOperation.remove).toBe(0);
  expect(counters.byCategory.ads_write).toBe(0);
  // The state records Pinterest's ids: every audience adopted, none duplicated.
  expect(
    engine
      .state()
      .map((r) => r.id)
      .filter((id) => id !== undefined)
      .sort(),
  ).toEqual(before.map((a) => a.id).sort());
  expect(emulator.audiences(ACCOUNT)).toEqual(before);

  const again = await runProgram(project, { config, secretKeys: ["pinterest:accessToken"] });
  const preview = await engine.preview(again.resources);
  expect(preview.errors).toEqual([]);
  expect(preview.steps.filter((s) => s.op !== "same").map((s) => `${s.name} ${s.op} ${s.diffs.join(",")}`)).toEqual([]);
  expect(preview.steps).toHaveLength(COUNT);
  expect(emulator.counters().byCategory.ads_write).toBe(0);
}

test("the imported TypeScript program: up adopts every audience with zero create/update requests, then preview plans no change", async () => {
  const run = await runCli(["import", "--ad-account", ACCOUNT, "--format", "ts", "--out", tmp], { env: emulatorEnv(emulator) });
  expect(run.code).toBe(0);
  const project = await createTestProject({ programSource: fs.readFileSync(path.join(tmp, "index.ts"), "utf8") });
  projects.push(project);
  await upAdoptsWithoutWrites(project);
});

test("the imported YAML files, loaded by a GitOps program: up adopts every audience with zero writes, then preview plans no change", async () => {
  const out = path.join(tmp, "audiences");
  const run = await runCli(["import", "--ad-account", ACCOUNT, "--format", "yaml", "--out", out], { env: emulatorEnv(emulator) });
  expect(run.code).toBe(0);
  const files = Object.fromEntries(fs.readdirSync(out).map((f) => [`audiences/${f}`, fs.readFileSync(path.join(out, f), "utf8")]));
  const programSource = [
    'import * as path from "path";',
    'import { Audience } from "pulumi-pinterest-audiences";',
    'import { loadDeclarationsOrThrow } from "pulumi-pinterest-audiences";',
    'for (const { resourceName, declaration } of loadDeclarationsOrThrow(path.join(__dirname, "audiences"))) {',
    "  new Audience(resourceName, declaration);",
    "}",
  ].join("\n");
  const project = await createTestProject({ programSource, files });
  projects.push(project);
  await upAdoptsWithoutWrites(project);
});
