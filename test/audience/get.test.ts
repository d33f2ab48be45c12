/**
 * `Audience.get` through Pulumi's real dynamic-provider plugin: a program reads an audience it does not
 * manage; the engine's Read (with the program's inputs, as for a `get`) records Pinterest's view of it,
 * makes no write; the next up reads it again instead of creating anything, and destroy leaves it in place.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { createTestProject, removeTestProject, runProgram, startEngine, type TestProject } from "../harness";

jest.setTimeout(120_000);

const ACCOUNT = "549755885175";
let emulator: Emulator;
let project: TestProject;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
  project = await createTestProject({
    programSource: `
import * as pulumi from "@pulumi/pulumi";
import { Audience } from "pulumi-pinterest-audiences";
const id = new pulumi.Config("test").require("id");
const existing = Audience.get("made-by-hand", id, { adAccountId: "${ACCOUNT}" });
export const existingName = existing.name;
/** The declared properties the resource object exposes: the real engine fills them from the Read. */
export const exposed = ["name", "description", "audienceType", "rule", "createdTimestamp"].filter((k) => pulumi.Output.isInstance((existing as unknown as Record<string, unknown>)[k]));
`,
  });
});

afterAll(async () => {
  await removeTestProject(project);
  await emulator.stop();
});

test("Audience.get reads an existing audience into the state without writing to Pinterest", async () => {
  const seeded = emulator.seedAudience(ACCOUNT, { name: "Made in Ads Manager", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } });
  const { resources, outputs } = await runProgram(project, { config: { "test:id": seeded.id } });
  expect(resources.map((r) => r.kind)).toEqual(["read"]);
  // Pulumi exposes on the object only the properties the program named; found through the real CLI, where
  // `existing.name` was undefined.
  expect(outputs.exposed).toEqual(["name", "description", "audienceType", "rule", "createdTimestamp"]);

  const engine = await startEngine({
    cwd: project.dir,
    config: { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url },
    secretConfigKeys: ["pinterest:accessToken"],
    statePath: path.join(project.dir, ".state", "get.json"),
  });
  try {
    emulator.resetCounters();
    const up = await engine.up(resources);
    expect(up.errors).toEqual([]);
    expect(up.steps.map((s) => s.op)).toEqual(["read"]);
    const [recorded] = engine.state();
    expect(recorded.id).toBe(seeded.id);
    expect(recorded.outputs).toMatchObject({ name: "Made in Ads Manager", audienceType: "CUSTOMER_LIST", rule: { customerListId: "77" } });

    const again = await engine.up(resources);
    expect(again.errors).toEqual([]);
    const counters = emulator.counters();
    expect(counters.byOperation.create + counters.byOperation.update + counters.byOperation.remove).toBe(0);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([seeded.id]);

    // Destroy forgets a read resource; it never deletes what the stack does not manage.
    const destroyed = await engine.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([seeded.id]);
    expect(emulator.counters().byOperation.remove).toBe(0);
  } finally {
    await engine.stop();
  }
});
