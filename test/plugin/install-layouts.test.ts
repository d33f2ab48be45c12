/**
 * The provider works however the package is installed, and its serialised form stays small and carries no secret.
 *
 * Pulumi serialises a module found under `node_modules` as a `require`, and any other module by value. Linked
 * installs resolve the package to its real folder, outside `node_modules`: `npm link` (or a `file:` dependency)
 * of this checkout, which is also how a program inside this repository uses it, and a workspace whose root
 * `node_modules` symlinks the package from the workspace's own folder. Each layout is taken through the lifecycle
 * (up, preview, a hand edit, refresh, up, destroy) by the real dynamic-provider plugin (test/harness), with a
 * program that ran the provider's `configure` with the token in its own process first, as a program using the
 * package's API might: the state's `__provider` must stay under 3.5 KB and the state file's bytes hold no token.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import {
  copyPackage,
  createTestProject,
  ensureBuilt,
  isSecret,
  PACKAGE_NAME,
  REPO_ROOT,
  removeTestProject,
  runProgram,
  startEngine,
  TEST_PROJECTS_DIR,
  type Engine,
  type OperationResult,
  type TestProject,
} from "../harness";

jest.setTimeout(180_000);

const ACCOUNT = "549755885175";
/** The largest `__provider` accepted: the by-name provider (linked installs, about 3 KB) with room to spare. */
const MAX_PROVIDER_BYTES = 3584;

/** One audience; before declaring it, the program configures the provider in its own process with the token. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience, AudienceSharing } from "${PACKAGE_NAME}";
import { configure } from "${PACKAGE_NAME}/dynamic";

const pinterest = new pulumi.Config("pinterest");
void configure({ get: (key: string) => ({ "pinterest:accessToken": pinterest.require("accessToken"), "pinterest:apiUrl": pinterest.require("apiUrl") })[key] });

const sharedAudienceId = new pulumi.Config("layout").get("sharedAudienceId");
if (sharedAudienceId) new AudienceSharing("sharing", { adAccountId: "${ACCOUNT}", audienceId: sharedAudienceId, recipientAdAccountIds: ["111"] });

export const id = new Audience("subscribers", {
  adAccountId: "${ACCOUNT}",
  name: new pulumi.Config("layout").require("name"),
  audienceType: "CUSTOMER_LIST",
  rule: { customerListId: "5497558859876" },
}).id;
`;

/** A project folder and what to remove after the test. */
interface Layout {
  project: TestProject;
  cleanup: string[];
}

let sequence = 0;
function freshDir(prefix: string): string {
  return path.join(TEST_PROJECTS_DIR, `${prefix}-${process.pid}-${++sequence}`);
}

/** `npm link` of this checkout (or `npm install ../..`): node_modules/<package> is a symlink to the repository. */
async function linkedCheckout(): Promise<Layout> {
  ensureBuilt();
  const project = await createTestProject({ programSource: PROGRAM, ownPackage: false, dir: freshDir("linked") });
  fs.symlinkSync(REPO_ROOT, path.join(project.dir, "node_modules", PACKAGE_NAME), "dir");
  return { project, cleanup: [project.dir] };
}

/** An npm/yarn/pnpm workspace: packages/<package> symlinked from the root's node_modules; the program in infra/. */
async function workspace(): Promise<Layout> {
  ensureBuilt();
  const root = freshDir("workspace");
  const packageDir = path.join(root, "packages", "pinterest-audiences");
  copyPackage(packageDir);
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "monorepo", private: true, workspaces: ["packages/*", "infra"] }));
  fs.mkdirSync(path.join(root, "node_modules"), { recursive: true });
  fs.symlinkSync(path.join("..", "packages", "pinterest-audiences"), path.join(root, "node_modules", PACKAGE_NAME), "dir");
  const project = await createTestProject({ programSource: PROGRAM, ownPackage: false, dir: path.join(root, "infra") });
  return { project, cleanup: [root] };
}

/** The plain install every other suite uses, for comparison: a copy under node_modules. */
async function copiedInstall(): Promise<Layout> {
  const project = await createTestProject({ programSource: PROGRAM, dir: freshDir("copied") });
  return { project, cleanup: [project.dir] };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)();
});

function ok(result: OperationResult): OperationResult {
  if (!result.ok) throw new Error(`operation failed: ${JSON.stringify(result.errors)} ${JSON.stringify(result.steps.flatMap((s) => s.failures))}`);
  return result;
}

function ops(result: OperationResult): string[] {
  return result.steps.map((s) => s.op);
}

describe.each([
  ["npm link / a program inside this repository", linkedCheckout],
  ["a workspace symlink", workspace],
  ["a copy under node_modules", copiedInstall],
])("installed as %s", (_layout, make) => {
  test("the lifecycle works through the real plugin; __provider is under 3.5 KB and the state holds no token", async () => {
    const emulator: Emulator = await startEmulator({ port: 0 });
    cleanups.push(() => emulator.stop());
    const { project, cleanup } = await make();
    cleanups.push(async () => {
      for (const dir of cleanup) await removeTestProject({ ...project, dir });
    });
    const statePath = path.join(project.dir, ".state", "stack.json");
    const config = { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
    const engine: Engine = await startEngine({
      cwd: project.dir,
      config,
      secretConfigKeys: ["pinterest:accessToken"],
      statePath,
      project: project.projectName,
    });
    cleanups.push(() => engine.stop());
    const declare = async (name: string) =>
      (await runProgram(project, { config: { ...config, "layout:name": name }, secretKeys: ["pinterest:accessToken"] })).resources;

    const resources = await declare("Newsletter subscribers");
    const provider = resources[0]?.inputs.__provider;
    expect(isSecret(provider)).toBe(false);
    expect(typeof provider).toBe("string");
    expect(String(provider)).not.toContain(emulator.accessToken);
    expect(Buffer.byteLength(String(provider))).toBeLessThan(MAX_PROVIDER_BYTES);

    expect(ops(ok(await engine.up(resources)))).toEqual(["create"]);
    expect(ops(ok(await engine.preview(resources)))).toEqual(["same"]);
    const [audience] = emulator.audiences(ACCOUNT);
    emulator.editAudience(ACCOUNT, audience.id, { name: "Edited in Ads Manager" });
    expect(ops(ok(await engine.refresh()))).toEqual(["update"]);
    expect(ops(ok(await engine.up(resources)))).toEqual(["update"]);
    expect(emulator.audiences(ACCOUNT).map((a) => a.name)).toEqual(["Newsletter subscribers"]);
    expect(ops(ok(await engine.up(await declare("Subscribers"))))).toEqual(["update"]);
    expect(ops(ok(await engine.preview(await declare("Subscribers"))))).toEqual(["same"]);

    const stateBytes = fs.readFileSync(statePath, "utf8");
    expect(stateBytes).not.toContain(emulator.accessToken);
    for (const r of engine.state()) expect(Buffer.byteLength(JSON.stringify(r.inputs.__provider))).toBeLessThan(MAX_PROVIDER_BYTES);

    ok(await engine.destroy());
    expect(emulator.audiences(ACCOUNT)).toEqual([]);
  });

  test("AudienceSharing, serialised the same way, shares and revokes through the real plugin; no token in the state", async () => {
    const emulator: Emulator = await startEmulator({ port: 0 });
    cleanups.push(() => emulator.stop());
    const seeded = emulator.seedAudience(ACCOUNT, { name: "Made by hand", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } });
    const { project, cleanup } = await make();
    cleanups.push(async () => {
      for (const dir of cleanup) await removeTestProject({ ...project, dir });
    });
    const statePath = path.join(project.dir, ".state", "sharing.json");
    const config = { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
    // A plugin per command, as the CLI starts: the sharing provider remembers what one command declared.
    const engine: Engine = await startEngine({
      cwd: project.dir,
      config,
      secretConfigKeys: ["pinterest:accessToken"],
      statePath,
      project: project.projectName,
      pluginPerCommand: true,
    });
    cleanups.push(() => engine.stop());
    const programConfig = { ...config, "layout:name": "Subscribers", "layout:sharedAudienceId": seeded.id };
    const resources = (await runProgram(project, { config: programConfig, secretKeys: ["pinterest:accessToken"] })).resources;
    const sharing = resources.find((r) => r.name === "sharing");
    expect(Buffer.byteLength(String(sharing?.inputs.__provider))).toBeLessThan(MAX_PROVIDER_BYTES);
    expect(String(sharing?.inputs.__provider)).not.toContain(emulator.accessToken);

    expect(ops(ok(await engine.up(resources)))).toEqual(["create", "create"]);
    expect(emulator.recipients(ACCOUNT, seeded.id).adAccountIds).toEqual(["111"]);
    expect(ops(ok(await engine.preview(resources)))).toEqual(["same", "same"]);
    expect(fs.readFileSync(statePath, "utf8")).not.toContain(emulator.accessToken);
    ok(await engine.destroy());
    expect(emulator.recipients(ACCOUNT, seeded.id).adAccountIds).toEqual([]);
  });
});
