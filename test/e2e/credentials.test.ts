/**
 * Through the real Pulumi CLI: credentials from the environment alone (no stack config, as CI runs it), and
 * from `pulumi config set --secret`. Either way the token is in neither `pulumi stack export`, the state file,
 * nor Pulumi's output.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { CliStack, DECLARED_PROJECT, cliOrSkip, type CommandResult } from "./pulumi";

const cli = cliOrSkip("credentials");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const audiences = {
  subscribers: { adAccountId: ACCOUNT, name: "Subscribers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } },
};

describeWithCli("credentials through the real CLI", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  /** up, refresh, preview with no change, destroy; returns every command's output. */
  async function journey(stack: CliStack): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    await stack.config({ audiences });
    results.push(await stack.run(["up", "--yes", "--skip-preview"]));
    expect(emulator.audiences(ACCOUNT)).toHaveLength(1);
    results.push(await stack.run(["refresh", "--yes", "--skip-preview"]));
    results.push(await stack.run(["preview", "--expect-no-changes"]));
    return results;
  }

  async function expectNoToken(stack: CliStack, outputs: CommandResult[]): Promise<void> {
    const exported = await stack.run(["stack", "export"]);
    expect(exported.stdout).not.toContain(emulator.accessToken);
    expect(stack.stateFileText()).not.toContain(emulator.accessToken);
    for (const r of outputs) expect(r.stdout + r.stderr).not.toContain(emulator.accessToken);
  }

  test("from the environment only, with no pinterest:* stack config", async () => {
    const stack = await CliStack.create(cli!, DECLARED_PROJECT, { PINTEREST_API_URI: emulator.url, PINTEREST_ACCESS_TOKEN: emulator.accessToken });
    try {
      const outputs = await journey(stack);
      const config = await stack.run(["config", "--json"]);
      expect(Object.keys(JSON.parse(config.stdout) as object).filter((k) => k.startsWith("pinterest:"))).toEqual([]);
      await expectNoToken(stack, outputs);
      outputs.push(await stack.run(["destroy", "--yes", "--skip-preview"]));
      expect(emulator.audiences(ACCOUNT)).toEqual([]);
    } finally {
      await stack.dispose();
    }
  });

  test("from `pulumi config set --secret pinterest:accessToken`, with no PINTEREST_* environment", async () => {
    const stack = await CliStack.create(cli!, DECLARED_PROJECT);
    try {
      await stack.config({ "pinterest:apiUrl": emulator.url });
      await stack.secret("pinterest:accessToken", emulator.accessToken);
      const outputs = await journey(stack);
      await expectNoToken(stack, outputs);
      // The engine records the stack config as the default dynamic provider's inputs: the token only encrypted.
      const state = await stack.exportState();
      const provider = state.deployment.resources?.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
      expect(provider?.inputs?.["pinterest:accessToken"]).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
      outputs.push(await stack.run(["destroy", "--yes", "--skip-preview"]));
      expect(emulator.audiences(ACCOUNT)).toEqual([]);
    } finally {
      await stack.dispose();
    }
  });

  test("with no credentials at all, the up fails with a message saying where to put them, and sends nothing", async () => {
    const stack = await CliStack.create(cli!, DECLARED_PROJECT, { PINTEREST_API_URI: emulator.url });
    try {
      await stack.config({ audiences });
      emulator.resetCounters();
      const result = await stack.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/pinterest:accessToken/);
      expect(result.stdout + result.stderr).toMatch(/PINTEREST_ACCESS_TOKEN/);
      expect(emulator.counters().requests).toBe(0);
    } finally {
      await stack.dispose();
    }
  });
});
