/**
 * The by-name provider (linked and workspace installs, provider/plugin/state-provider.ts) has every method from the
 * start. Pulumi's plugin caches the provider object before it awaits `configure`, so a call arriving meanwhile, or
 * after `configure` failed, finds the object as it is: a method missing there would make the plugin report success
 * without calling Pinterest (a delete dropped from the state, an update recorded, a REVOKE skipped).
 *
 * Here, through the real plugin, in an `npm link` layout whose link is gone when the plugin runs: a parallel update
 * and a parallel destroy of several audiences fail for every one, send nothing to Pinterest, and keep them all in
 * the state. The object itself is tested in-process in test/plugin/by-name-provider-object.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
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
} from "../harness";

jest.setTimeout(180_000);

const ACCOUNT = "549755885175";
const NOT_LOADABLE = /pulumi-pinterest-audiences cannot be loaded from .*Install it in the Pulumi project's folder/;

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
    const project = await createTestProject({
      programSource: PROGRAM,
      ownPackage: false,
      projectName: "linked",
      dir: path.join(TEST_PROJECTS_DIR, `by-name-${process.pid}`),
    });
    projectDir = project.dir;
    const link = path.join(project.dir, "node_modules", PACKAGE_NAME);
    fs.symlinkSync(REPO_ROOT, link, "dir");
    const config = { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
    const statePath = path.join(project.dir, ".state", "stack.json");
    const engineOptions = {
      cwd: project.dir,
      config,
      secretConfigKeys: ["pinterest:accessToken"],
      statePath,
      project: project.projectName,
      parallel: 4,
    };
    const declared = (await runProgram(project, { config, secretKeys: ["pinterest:accessToken"] })).resources;
    const renamed = (await runProgram(project, { config: { ...config, "linked:suffix": " (renamed)" }, secretKeys: ["pinterest:accessToken"] }))
      .resources;

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
      expect(
        engine
          .state()
          .map((r) => r.outputs.name)
          .sort(),
      ).toEqual(["Subscribers 1", "Subscribers 2", "Subscribers 3", "Subscribers 4"]);

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
