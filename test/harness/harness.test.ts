/**
 * Proves the engine harness against the real dynamic-provider plugin with a fixture provider
 * (test/fixtures/harness/harness-kv: one JSON file per key, plus an ops.log of every mutation).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  copyTestProject,
  createTestProject,
  Engine,
  isSecret,
  PACKAGE_NAME,
  removeTestProject,
  REPO_ROOT,
  runProgram,
  startEngine,
  TestProject,
} from ".";

const FIXTURE = path.join(__dirname, "..", "fixtures", "harness", "harness-kv");

/** One program for every scenario: the entries come from the stack config. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { KvEntry } from "harness-kv";

interface Entry { name: string; key: string; value?: string; secret?: boolean; deleteBeforeReplace?: boolean; opts?: pulumi.CustomResourceOptions }
const cfg = new pulumi.Config("harness");
const entries: Entry[] = JSON.parse(cfg.get("entries") ?? "[]");
const made: Record<string, KvEntry> = {};
for (const e of entries) {
    const value = e.secret ? pulumi.secret(e.value ?? "") : e.value;
    made[e.name] = new KvEntry(e.name, { key: e.key, value, deleteBeforeReplace: e.deleteBeforeReplace }, e.opts);
}
export const names = Object.keys(made);
`;

interface Entry {
  name: string;
  key: string;
  value?: string;
  secret?: boolean;
  deleteBeforeReplace?: boolean;
  opts?: Record<string, unknown>;
}

interface Setup {
  project: TestProject;
  storeDir: string;
  statePath: string;
  engine: Engine;
  config: Record<string, string>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-test-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function setup(env?: NodeJS.ProcessEnv, pluginPerCommand = false): Promise<Setup> {
  const project = await createTestProject({ programSource: PROGRAM, ownPackage: false, packages: { "harness-kv": FIXTURE } });
  cleanups.push(() => removeTestProject(project));
  const tmp = tmpDir();
  const storeDir = path.join(tmp, "store");
  const statePath = path.join(tmp, "state.json");
  const config = { "harness:storeDir": storeDir };
  const engine = await startEngine({ cwd: project.dir, config, statePath, env, pluginPerCommand });
  cleanups.push(() => engine.stop());
  return { project, storeDir, statePath, engine, config };
}

async function declare(s: Pick<Setup, "project" | "config">, entries: Entry[]) {
  const { resources } = await runProgram(s.project, { config: { ...s.config, "harness:entries": JSON.stringify(entries) } });
  return resources;
}

function opsLog(s: Setup): string[] {
  const p = path.join(s.storeDir, "ops.log");
  return fs.existsSync(p) ? fs.readFileSync(p, "utf8").trim().split("\n") : [];
}

function stored(s: Setup, key: string): { value: string; revision: number } {
  return JSON.parse(fs.readFileSync(path.join(s.storeDir, `${key}.json`), "utf8"));
}

test("runProgram captures the SDK's serialised __provider, which requires the installed package by name", async () => {
  const s = await setup();
  const [a] = await declare(s, [
    { name: "a", key: "alpha", value: "1", deleteBeforeReplace: true, opts: { protect: true, ignoreChanges: ["value"] } },
  ]);
  expect(a.type).toBe("pulumi-nodejs:dynamic/harness:KvEntry");
  expect(a.urn).toBe("urn:pulumi:stack::project::pulumi-nodejs:dynamic/harness:KvEntry::a");
  const provider = a.inputs.__provider;
  expect(typeof provider).toBe("string");
  expect(provider).toContain('require("harness-kv/store")');
  expect(provider).not.toContain("appendFileSync"); // the implementation is not copied by value
  expect(a.inputs).toMatchObject({ key: "alpha", value: "1", deleteBeforeReplace: true });
  expect(a.options).toMatchObject({ protect: true, ignoreChanges: ["value"] });
  expect(a.options.deleteBeforeReplace).toBeUndefined(); // an input, not the resource option
});

test("the import option reaches the harness although MockResourceArgs cannot carry it", async () => {
  const s = await setup();
  const [a] = await declare(s, [{ name: "a", key: "alpha", opts: { import: "alpha", deleteBeforeReplace: true } }]);
  expect(a.options.import).toBe("alpha");
  expect(a.options.deleteBeforeReplace).toBe(true);
});

test("preview checks and plans creates without writing state or calling Create", async () => {
  const s = await setup();
  const plan = await s.engine.preview(
    await declare(s, [
      { name: "a", key: "alpha", value: "1" },
      { name: "b", key: "beta" },
    ]),
  );
  expect(plan.ok).toBe(true);
  // Steps follow the order the SDK sent the registrations, which need not be declaration order.
  expect(plan.steps.map((x) => [x.name, x.op]).sort()).toEqual([
    ["a", "create"],
    ["b", "create"],
  ]);
  expect(plan.calls).toMatchObject({ configure: 0, check: 2, diff: 0, create: 0 });
  expect(fs.existsSync(s.statePath)).toBe(false);
  expect(opsLog(s)).toEqual([]);
});

test("up creates, a repeated up changes nothing, a changed value updates in place", async () => {
  const s = await setup();
  const first = await s.engine.up(
    await declare(s, [
      { name: "a", key: "alpha", value: "1" },
      { name: "b", key: "beta", value: "2" },
    ]),
  );
  expect(first.errors).toEqual([]);
  expect(first.calls).toMatchObject({ check: 2, create: 2, diff: 0 });
  const state = s.engine.state();
  expect(state.map((r) => [r.name, r.id])).toEqual([
    ["a", "alpha"],
    ["b", "beta"],
  ]);
  expect(state[0].outputs).toMatchObject({ key: "alpha", value: "1", revision: 1 });
  expect(typeof state[0].outputs.__provider).toBe("string");

  const again = await s.engine.up(
    await declare(s, [
      { name: "a", key: "alpha", value: "1" },
      { name: "b", key: "beta", value: "2" },
    ]),
  );
  expect(again.steps.map((x) => x.op)).toEqual(["same", "same"]);
  expect(again.calls).toMatchObject({ check: 2, diff: 2, create: 0, update: 0, delete: 0 });

  const changed = await s.engine.up(
    await declare(s, [
      { name: "a", key: "alpha", value: "one" },
      { name: "b", key: "beta", value: "2" },
    ]),
  );
  expect(changed.steps.map((x) => [x.op, x.diffs])).toEqual([
    ["update", ["value"]],
    ["same", []],
  ]);
  expect(stored(s, "alpha")).toMatchObject({ value: "one", revision: 2 });
  expect(s.engine.state()[0].outputs.revision).toBe(2);
});

test("pluginPerCommand: each operation after the first runs in a new, configured plugin; the old one is stopped", async () => {
  const s = await setup(undefined, true);
  const first = s.engine.plugin;
  expect((await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "1" }]))).errors).toEqual([]);
  expect(s.engine.plugin).toBe(first);
  const again = await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "2" }]));
  expect(again.errors).toEqual([]);
  expect(s.engine.plugin).not.toBe(first);
  expect(s.engine.plugin.port).not.toBe(first.port);
  expect(first.exitCode()).not.toBeUndefined();
  expect(s.engine.plugin.counts).toMatchObject({ configure: 1, check: 1, diff: 1, update: 1 });
  expect(stored(s, "alpha")).toMatchObject({ value: "2", revision: 2 });
});

test("a replacing change creates the new resource before deleting the old; deleteBeforeReplace deletes first", async () => {
  const s = await setup();
  await s.engine.up(
    await declare(s, [
      { name: "a", key: "alpha" },
      { name: "b", key: "beta" },
    ]),
  );
  const result = await s.engine.up(
    await declare(s, [
      { name: "a", key: "alpha2" },
      { name: "b", key: "beta2", deleteBeforeReplace: true },
    ]),
  );
  expect(result.errors).toEqual([]);
  expect(result.steps.filter((x) => x.op === "replace").map((x) => [x.name, x.replaces, x.deleteBeforeReplace])).toEqual([
    ["a", ["key"], false],
    ["b", ["key"], true],
  ]);
  const log = opsLog(s)
    .slice(2)
    .map((l) => l.replace(/ in-flight=\d+/, ""));
  expect(log).toEqual(["create alpha2", "delete beta", "create beta2", "delete alpha"]);
  expect(s.engine.state().map((r) => r.id)).toEqual(["alpha2", "beta2"]);
});

test("check failures stop the step and surface with property and reason", async () => {
  const s = await setup();
  const result = await s.engine.up(await declare(s, [{ name: "bad", key: "Not Valid" }]));
  expect(result.ok).toBe(false);
  expect(result.errors).toEqual([expect.objectContaining({ name: "bad", message: "one or more inputs failed to validate" })]);
  expect(result.steps[0].failures).toEqual([{ property: "key", reason: "key must be lower-case letters, digits and dashes" }]);
  expect(result.calls.create).toBe(0);
});

test("refresh records drift in the outputs, keeps the declared inputs, and drops what is gone", async () => {
  const s = await setup();
  const declared = await declare(s, [
    { name: "a", key: "alpha", value: "1" },
    { name: "b", key: "beta", value: "2" },
  ]);
  await s.engine.up(declared);
  fs.writeFileSync(path.join(s.storeDir, "alpha.json"), JSON.stringify({ key: "alpha", value: "changed outside", revision: 7 }));
  fs.rmSync(path.join(s.storeDir, "beta.json"));

  const refreshed = await s.engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(refreshed.steps.map((x) => [x.name, x.op])).toEqual([
    ["a", "update"],
    ["b", "delete"],
  ]);
  const [a, ...rest] = s.engine.state();
  expect(rest).toEqual([]);
  expect(a.outputs).toMatchObject({ value: "changed outside", revision: 7 });
  expect(a.inputs.value).toBe("1");

  const plan = await s.engine.preview(declared);
  expect(plan.steps.map((x) => [x.name, x.op])).toEqual([
    ["a", "update"],
    ["b", "create"],
  ]);
});

test("removing a declaration deletes it with the provider and outputs held in the state", async () => {
  const s = await setup();
  await s.engine.up(
    await declare(s, [
      { name: "a", key: "alpha" },
      { name: "b", key: "beta" },
    ]),
  );
  const result = await s.engine.up(await declare(s, [{ name: "a", key: "alpha" }]));
  expect(result.steps.map((x) => [x.name, x.op])).toEqual([
    ["a", "same"],
    ["b", "delete"],
  ]);
  expect(result.calls.delete).toBe(1);
  expect(s.engine.state().map((r) => r.name)).toEqual(["a"]);
  expect(fs.existsSync(path.join(s.storeDir, "beta.json"))).toBe(false);
});

test("state written from one project folder is destroyed from a copy after the original is gone", async () => {
  const s = await setup();
  await s.engine.up(
    await declare(s, [
      { name: "a", key: "alpha" },
      { name: "b", key: "beta" },
    ]),
  );
  await s.engine.stop();
  const copy = await copyTestProject(s.project);
  cleanups.push(() => removeTestProject(copy));
  await removeTestProject(s.project);

  const engine = await startEngine({ cwd: copy.dir, config: s.config, statePath: s.statePath });
  cleanups.push(() => engine.stop());
  const result = await engine.destroy();
  expect(result.errors).toEqual([]);
  expect(result.steps.map((x) => [x.name, x.op])).toEqual([
    ["b", "delete"],
    ["a", "delete"],
  ]);
  expect(engine.state()).toEqual([]);
  expect(opsLog(s).slice(-2)).toEqual(["delete beta", "delete alpha"]);
});

test("a Create error carrying an id is recorded with its init errors, and the next up updates it", async () => {
  const s = await setup();
  const failed = await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "partial-failure" }]));
  expect(failed.ok).toBe(false);
  expect(failed.errors).toEqual([expect.objectContaining({ name: "a", op: "create", message: "1 error occurred:\n\t* initialisation failed" })]);
  const [a] = s.engine.state();
  expect(a).toMatchObject({ id: "alpha", initErrors: ["initialisation failed"] });

  const retried = await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "partial-failure" }]));
  expect(retried.steps.map((x) => x.op)).toEqual(["update"]);
  expect(s.engine.state()[0].initErrors).toBeUndefined();
  expect((await s.engine.destroy()).errors).toEqual([]);
});

test("a replacement whose Create fails partially is recorded with its init errors and the old one pending delete, as the engine does", async () => {
  const s = await setup();
  await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "one" }]));
  const failed = await s.engine.up(await declare(s, [{ name: "a", key: "alpha2", value: "partial-failure" }]));
  expect(failed.ok).toBe(false);
  // CreateStep.Apply marks the old resource for deletion before it returns the partial failure (pkg/resource/deploy/step.go).
  expect(s.engine.state().map((r) => [r.id, r.pendingDelete === true, r.initErrors ?? []])).toEqual([
    ["alpha", true, []],
    ["alpha2", false, ["initialisation failed"]],
  ]);
  const retried = await s.engine.up(await declare(s, [{ name: "a", key: "alpha2", value: "two" }]));
  expect(retried.errors).toEqual([]);
  expect(retried.steps.map((x) => [x.name, x.op])).toEqual([
    ["a", "update"],
    ["a", "delete"],
  ]);
  expect(s.engine.state().map((r) => r.id)).toEqual(["alpha2"]);
  expect(
    opsLog(s)
      .slice(-2)
      .map((l) => l.replace(/ in-flight=\d+/, "")),
  ).toEqual(["update alpha2", "delete alpha"]);
});

test("a partial failure whose properties lack __provider leaves a resource the plugin cannot delete", async () => {
  const s = await setup();
  await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "partial-failure-bare" }]));
  expect(s.engine.state()[0].outputs.__provider).toBeUndefined();
  const destroyed = await s.engine.destroy();
  expect(destroyed.errors).toEqual([expect.objectContaining({ name: "a", op: "delete", message: expect.stringContaining("code must be a string") })]);
});

test("the import option fails in the plugin: the engine's Read carries no __provider (pulumi/pulumi#3550)", async () => {
  const s = await setup();
  await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "1" }]));
  const other = await startEngine({ cwd: s.project.dir, config: s.config, statePath: path.join(tmpDir(), "other.json") });
  cleanups.push(() => other.stop());
  const result = await other.up(await declare(s, [{ name: "adopted", key: "alpha", value: "1", opts: { import: "alpha" } }]));
  expect(result.steps.map((x) => x.op)).toEqual(["import"]);
  expect(result.errors).toEqual([
    expect.objectContaining({ name: "adopted", op: "import", message: expect.stringContaining("code must be a string") }),
  ]);
  expect(result.calls).toMatchObject({ read: 1, check: 0 });
});

test("secrets reach the plugin as plain values and are encrypted in the state file", async () => {
  const s = await setup();
  const result = await s.engine.up(await declare(s, [{ name: "a", key: "alpha", value: "hush-hush-value", secret: true }]));
  expect(result.errors).toEqual([]);
  expect(stored(s, "alpha").value).toBe("hush-hush-value");
  expect(fs.readFileSync(s.statePath, "utf8")).not.toContain("hush-hush-value");
  const [a] = s.engine.state();
  expect(isSecret(a.inputs.value)).toBe(true);
  expect(isSecret(a.outputs.value)).toBe(true);
  expect(isSecret(a.outputs.key)).toBe(false);
});

test("with parallel: 3 three Creates are in flight at once; with parallel: 1 never more than one", async () => {
  const s = await setup({ HARNESS_KV_BARRIER: "3" });
  const entries = [
    { name: "a", key: "alpha" },
    { name: "b", key: "beta" },
    { name: "c", key: "gamma" },
  ];
  const together = await s.engine.up(await declare(s, entries), { parallel: 3 });
  expect(together.errors).toEqual([]);
  expect(
    opsLog(s)
      .map((l) => l.split(" ")[2])
      .sort(),
  ).toEqual(["in-flight=1", "in-flight=2", "in-flight=3"]);

  const t = await setup();
  const serial = await t.engine.up(await declare(t, entries), { parallel: 1 });
  expect(serial.errors).toEqual([]);
  expect(opsLog(t).map((l) => l.split(" ")[2])).toEqual(["in-flight=1", "in-flight=1", "in-flight=1"]);
});

test("createTestProject installs a real copy of the built package, whose Audience serialises as a require of it", async () => {
  const project = await createTestProject({
    programSource: `
import { Audience } from "pulumi-pinterest-audiences";
new Audience("a", { adAccountId: "123", name: "n", audienceType: "VISITOR", rule: { visitorSourceId: "x" } } as never);
`,
  });
  cleanups.push(() => removeTestProject(project));
  const installed = path.join(project.dir, "node_modules", PACKAGE_NAME);
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.lstatSync(path.join(installed, "dist", "provider", "index.js")).isFile()).toBe(true);

  const { resources } = await runProgram(project);
  const provider = resources[0].inputs.__provider as string;
  expect(provider).toContain(`require("${PACKAGE_NAME}/`);
  expect(provider).not.toContain(REPO_ROOT); // no absolute path that would break on the next machine
});
