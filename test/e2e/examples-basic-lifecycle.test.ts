/**
 * examples/basic through the real Pulumi CLI (Automation API: LocalWorkspace, `file://` backend, passphrase
 * secrets) against the local emulator: preview, up, a second preview with no changes, a hand edit seen by
 * refresh and reverted by up, an audience deleted by hand seen by refresh and made again by up, and destroy.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type Emulator } from "../../emulator";
import { AUDIENCE_TYPE, DEMO_AD_ACCOUNT, StepRecorder, openBasicStack } from "../../scripts/basic-stack";
import { prepareExampleProject, type ExampleProject } from "../../scripts/example-project";
import { cliOrSkip, stateFileText, type StateResource } from "./pulumi";

const cli = cliOrSkip("examples/basic");
const describeWithCli = cli ? describe : describe.skip;

const NAMES = ["checkout-visitors", "newsletter-subscribers", "pin-engagers", "subscribers-lookalike-us"];

describeWithCli("examples/basic with the Pulumi CLI against the emulator", () => {
  let emulator: Emulator;
  let project: ExampleProject;
  let stack: Stack;
  const output: string[] = [];
  const onOutput = (out: string): void => {
    output.push(out);
  };
  let ids: Record<string, string> = {};

  async function stateResources(): Promise<StateResource[]> {
    const deployment = await stack.exportStack();
    return ((deployment.deployment as { resources?: StateResource[] }).resources ?? []).filter((r) => r.type === AUDIENCE_TYPE);
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    project = prepareExampleProject("basic");
    stack = await openBasicStack(project, emulator, cli!);
  });

  afterAll(async () => {
    try {
      if (stack) await stack.workspace.removeStack(stack.name, { force: true });
    } finally {
      project?.remove();
      await emulator?.stop();
    }
  });

  test("preview plans one create per audience and sends no request to Pinterest", async () => {
    const recorder = new StepRecorder();
    emulator.resetCounters();
    await stack.preview({ onOutput, onEvent: recorder.onEvent, color: "never" });
    expect(recorder.with("create")).toEqual(NAMES);
    expect(emulator.audiences(DEMO_AD_ACCOUNT)).toEqual([]);
    expect(emulator.counters().requests).toBe(0);
  });

  test("up creates one audience of each type, the lookalike seeded from the customer list audience", async () => {
    const up = await stack.up({ onOutput, color: "never" });
    expect(up.summary.result).toBe("succeeded");
    ids = up.outputs.audienceIds.value as Record<string, string>;
    const live = emulator.audiences(DEMO_AD_ACCOUNT);
    expect(live.map((a) => a.id).sort()).toEqual(Object.values(ids).sort());
    const byId = Object.fromEntries(live.map((a) => [a.id, a]));
    expect(byId[ids.customerList].audience_type).toBe("CUSTOMER_LIST");
    expect(byId[ids.visitor].audience_type).toBe("VISITOR");
    expect(byId[ids.engagement].audience_type).toBe("ENGAGEMENT");
    expect(byId[ids.actalike].audience_type).toBe("ACTALIKE");
    expect(byId[ids.actalike].rule?.seed_id).toEqual([ids.customerList]);
  });

  test("a second preview shows no change", async () => {
    const recorder = new StepRecorder();
    emulator.resetCounters();
    await stack.preview({ expectNoChanges: true, onOutput, onEvent: recorder.onEvent, color: "never" });
    expect(recorder.with("same")).toEqual(NAMES);
    const c = emulator.counters().byOperation;
    expect(c.create + c.update + c.remove).toBe(0);
  });

  test("a hand edit is recorded by refresh and reverted by the next up", async () => {
    emulator.editAudience(DEMO_AD_ACCOUNT, ids.visitor, { name: "Edited in Ads Manager" });
    await stack.refresh({ onOutput, color: "never" });
    const visitor = (await stateResources()).find((r) => r.id === ids.visitor);
    expect(visitor?.outputs?.name).toBe("Edited in Ads Manager");

    const recorder = new StepRecorder();
    await stack.up({ onOutput, onEvent: recorder.onEvent, color: "never" });
    expect(recorder.with("update")).toEqual(["checkout-visitors"]);
    expect(emulator.audiences(DEMO_AD_ACCOUNT).find((a) => a.id === ids.visitor)?.name).toBe("Checkout visitors (30 days)");
    await stack.preview({ expectNoChanges: true, onOutput, color: "never" });
  });

  test("an audience deleted by hand is recorded as gone by refresh and made again by the next up", async () => {
    expect(emulator.deleteAudience(DEMO_AD_ACCOUNT, ids.engagement)).toBe(true);
    const refresh = await stack.refresh({ onOutput, color: "never" });
    expect(refresh.summary.resourceChanges?.delete).toBe(1);
    expect((await stateResources()).map((r) => r.id)).not.toContain(ids.engagement);

    const recorder = new StepRecorder();
    const up = await stack.up({ onOutput, onEvent: recorder.onEvent, color: "never" });
    expect(recorder.with("create")).toEqual(["pin-engagers"]);
    ids = up.outputs.audienceIds.value as Record<string, string>;
    expect(
      emulator
        .audiences(DEMO_AD_ACCOUNT)
        .map((a) => a.id)
        .sort(),
    ).toEqual(Object.values(ids).sort());
    await stack.preview({ expectNoChanges: true, onOutput, color: "never" });
  });

  test("the access token is in neither the state file nor Pulumi's output; the stack config holds it encrypted", async () => {
    const state = stateFileText(project.stateDir);
    expect(state).not.toContain(emulator.accessToken);
    // The engine hands the stack config to the default dynamic provider as its inputs, so the token is recorded
    // with the provider resource, as a secret: only its ciphertext is in the file.
    const resources = (JSON.parse(state) as { checkpoint: { latest: { resources: StateResource[] } } }).checkpoint.latest.resources;
    const provider = resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
    expect(provider?.inputs?.["pinterest:accessToken"]).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
    expect(output.join("")).not.toContain(emulator.accessToken);
    for (const r of await stateResources()) expect(String(r.inputs?.__provider)).toContain('require("pulumi-pinterest-audiences');
  });

  test("destroy removes every audience", async () => {
    await stack.destroy({ onOutput, color: "never" });
    expect(emulator.audiences(DEMO_AD_ACCOUNT)).toEqual([]);
    expect(await stateResources()).toEqual([]);
  });
});
