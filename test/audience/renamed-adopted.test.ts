/**
 * Renaming an `Audience` resource that adopts an existing audience (`importId`) without an alias makes Pulumi
 * create the new resource (adopting the same audience) and then delete the old one at the end of the same command.
 * The old one's delete must not remove the audience the new one now records. The next command (a new plugin)
 * deletes it as usual. Through Pulumi's real dynamic-provider plugin (the engine stand-in) against the emulator.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import {
  createTestProject,
  pluginStdoutMatching,
  removeTestProject,
  runProgram,
  startEngine,
  type Engine,
  type RegisteredResource,
  type TestProject,
} from "../harness";

jest.setTimeout(120_000);

const ACCOUNT = "549755885175";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience } from "pulumi-pinterest-audiences";
const config = new pulumi.Config("test");
new Audience(config.require("resourceName"), {
  adAccountId: "${ACCOUNT}",
  name: "Newsletter subscribers",
  audienceType: "CUSTOMER_LIST",
  rule: { customerListId: "77" },
  importId: config.require("importId"),
});
`;

let project: TestProject;
let emulator: Emulator;
let engine: Engine;

beforeAll(async () => {
  project = await createTestProject({ programSource: PROGRAM, projectName: "audience-renamed-adopted" });
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
});
afterAll(async () => {
  await engine?.stop();
  await emulator?.stop();
  if (project) await removeTestProject(project);
});

async function declare(resourceName: string, importId: string): Promise<RegisteredResource[]> {
  return (await runProgram(project, { config: { "test:resourceName": resourceName, "test:importId": importId } })).resources;
}

test("the old resource's delete leaves the audience the new one adopted; the next command's destroy removes it", async () => {
  const adopted = emulator.seedAudience(ACCOUNT, {
    name: "Newsletter subscribers",
    audience_type: "CUSTOMER_LIST",
    rule: { customer_list_id: "77" },
  }).id;
  engine = await startEngine({
    cwd: project.dir,
    config: { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url },
    secretConfigKeys: ["pinterest:accessToken"],
    statePath: path.join(project.dir, ".state", "renamed-adopted.json"),
    pluginPerCommand: true,
  });
  expect((await engine.up(await declare("subscribers", adopted))).errors).toEqual([]);

  const renamed = await engine.up(await declare("subscribers-renamed", adopted));
  expect(renamed.errors).toEqual([]);
  expect(renamed.steps.map((s) => `${s.name}:${s.op}`)).toEqual(["subscribers-renamed:create", "subscribers:delete"]);
  expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([adopted]);
  const notice = new RegExp(
    `Deleting audience "Newsletter subscribers" \\(${adopted}\\) leaves it in place: another Audience of this program adopts it with importId`,
  );
  expect(await pluginStdoutMatching(engine.plugin, notice)).toMatch(notice);
  expect(engine.state().map((r) => `${r.name}:${r.id}`)).toEqual([`subscribers-renamed:${adopted}`]);

  expect((await engine.destroy()).errors).toEqual([]);
  expect(emulator.audiences(ACCOUNT)).toEqual([]);
});
