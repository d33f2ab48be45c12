/**
 * The by-name provider (linked and workspace installs, provider/engine/state-provider.ts) has every method from the
 * start. Pulumi's plugin caches the provider object before it awaits `configure`, so a call arriving meanwhile, or
 * after `configure` failed, finds the object as it is: a method missing there would make the plugin report success
 * without calling Pinterest (a delete dropped from the state, an update recorded, a REVOKE skipped).
 *
 * - unit: `delete` called before `configure` resolved waits for the lifecycle and delegates to its `remove`; with a
 *   package that cannot be loaded, every method fails with the message that says where to install it;
 * - through the real plugin, in an `npm link` layout whose link is gone when the plugin runs: a parallel update and
 *   a parallel destroy of several audiences fail for every one, send nothing to Pinterest, and keep them all in the
 *   state.
 */
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { startEmulator, type Emulator } from "../emulator";
import { providerNamed } from "../provider/engine/state-provider";
import {
  createTestProject,
  ensureBuilt,
  PACKAGE_NAME,
  REPO_ROOT,
  removeTestProject,
  runProgram,
  startEngine,
  TEST_PROJECTS_DIR,
  type OperationResult,
} from "./harness";

jest.setTimeout(180_000);

const ACCOUNT = "549755885175";
const NOT_LOADABLE = /pulumi-pinterest-audiences cannot be loaded from .*Install it in the Pulumi project's folder/;

/** A stand-in lifecycle module, loaded by name, that records the calls it gets. */
const mockCalls: string[] = [];
let mockFinishConfigure: () => void = () => undefined;
jest.mock(
  "fake-lifecycle/dynamic",
  () => ({
    configure: () => new Promise<void>((resolve) => (mockFinishConfigure = () => (mockCalls.push("configure"), resolve()))),
    check: async (_olds: unknown, news: unknown) => (mockCalls.push("check"), { inputs: news, failures: [] }),
    diff: async () => (mockCalls.push("diff"), { changes: false }),
    create: async () => (mockCalls.push("create"), { id: "1", outs: {} }),
    read: async (id: string) => (mockCalls.push(`read ${id}`), { id, props: {} }),
    update: async (id: string) => (mockCalls.push(`update ${id}`), { outs: {} }),
    remove: async (id: string) => void mockCalls.push(`remove ${id}`),
  }),
  { virtual: true },
);

const CONFIGURE_REQUEST = { config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest;

describe("the by-name provider object", () => {
  beforeEach(() => {
    mockCalls.length = 0;
  });

  test("has every method before configure ran", () => {
    const provider = providerNamed("fake-lifecycle/dynamic");
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"] as const) expect(typeof provider[method]).toBe("function");
  });

  test("a delete called before configure resolved waits for the lifecycle, then removes", async () => {
    const provider = providerNamed("fake-lifecycle/dynamic");
    // As the plugin does: configure is started, and a second call finds the cached object before it resolved.
    const configured = provider.configure(CONFIGURE_REQUEST);
    const deleted = provider.delete("42", {});
    const updated = provider.update("43", {}, {});
    await Promise.resolve();
    expect(mockCalls).toEqual([]);
    mockFinishConfigure();
    await Promise.all([configured, deleted, updated]);
    expect(mockCalls).toEqual(["configure", "remove 42", "update 43"]);
  });

  test("when the package cannot be loaded, configure and every later call fail with where to install it", async () => {
    const provider = providerNamed("no-such-package-anywhere/dynamic");
    const configured = provider.configure(CONFIGURE_REQUEST);
    const during = provider.delete("1", {});
    await expect(configured).rejects.toThrow(NOT_LOADABLE);
    await expect(during).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.delete("2", {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.update("3", {}, {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.check({}, {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.diff("4", {}, {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.create({})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.read("5", {})).rejects.toThrow(NOT_LOADABLE);
  });
});

/** Four audiences, named from config so that a second run of the program renames them all. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience } from "${PACKAGE_NAME}";
const suffix = new pulumi.Config("linked").get("suffix") ?? "";
for (const n of [1, 2, 3, 4]) {
  new Audience("audience-" + n, { adAccountId: "${ACCOUNT}", name: "Subscribers " + n + suffix, audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } });
}
`;

describe("through the real plugin, a linked install whose package cannot be loaded where the plugin runs", () => {
  let emulator: Emulator | undefined;
  let projectDir: string | undefined;
  afterEach(async () => {
    await emulator?.stop();
    if (projectDir) await removeTestProject({ dir: projectDir, programFile: "index.ts", projectName: "linked" });
  });

  test("a parallel update and a parallel destroy fail for every audience, send nothing and keep them all in the state", async () => {
    emulator = await startEmulator({ port: 0 });
    ensureBuilt();
    const project = await createTestProject({ programSource: PROGRAM, ownPackage: false, projectName: "linked", dir: path.join(TEST_PROJECTS_DIR, `by-name-${process.pid}`) });
    projectDir = project.dir;
    const link = path.join(project.dir, "node_modules", PACKAGE_NAME);
    fs.symlinkSync(REPO_ROOT, link, "dir");
    const config = { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
    const statePath = path.join(project.dir, ".state", "stack.json");
    const engineOptions = { cwd: project.dir, config, secretConfigKeys: ["pinterest:accessToken"], statePath, project: project.projectName, parallel: 4 };
    const declared = (await runProgram(project, { config, secretKeys: ["pinterest:accessToken"] })).resources;
    const renamed = (await runProgram(project, { config: { ...config, "linked:suffix": " (renamed)" }, secretKeys: ["pinterest:accessToken"] })).resources;

    const first = await startEngine(engineOptions);
    try {
      const created = await first.up(declared);
      expect(created.errors).toEqual([]);
    } finally {
      await first.stop();
    }
    const live = emulator.audiences(ACCOUNT).map((a) => `${a.id} ${a.name}`);
    expect(live).toHaveLength(4);

    // The link is gone where the plugin runs (a moved checkout, a CI job without the workspace package).
    fs.unlinkSync(link);
    emulator.resetCounters();
    const engine = await startEngine(engineOptions);
    try {
      const failedFor = (result: OperationResult): string[] => result.errors.map((e) => e.name).sort();
      const update = await engine.up(renamed);
      expect(update.ok).toBe(false);
      expect(failedFor(update)).toEqual(["audience-1", "audience-2", "audience-3", "audience-4"]);
      for (const error of update.errors) expect(error.message).toMatch(NOT_LOADABLE);
      expect(engine.state().map((r) => r.outputs.name).sort()).toEqual(["Subscribers 1", "Subscribers 2", "Subscribers 3", "Subscribers 4"]);

      const destroy = await engine.destroy();
      expect(destroy.ok).toBe(false);
      expect(failedFor(destroy)).toEqual(["audience-1", "audience-2", "audience-3", "audience-4"]);
      for (const error of destroy.errors) expect(error.message).toMatch(NOT_LOADABLE);
      expect(engine.state()).toHaveLength(4);
    } finally {
      await engine.stop();
    }
    expect(emulator.counters().requests).toBe(0);
    expect(emulator.audiences(ACCOUNT).map((a) => `${a.id} ${a.name}`)).toEqual(live);
  });
});
