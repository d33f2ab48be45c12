/**
 * Through the real Pulumi CLI (issue 19, item 1): a token rotated in the stack configuration. A refresh that does
 * not run the program configures the provider with the configuration recorded at the last update, so after a
 * wrong token was recorded, setting the right one is not seen by `pulumi refresh`. The 401 says where the token
 * came from and the way out; `pulumi refresh --run-program` (the documented way) works, and so does every refresh
 * after it. With the token in the environment instead, the 401 names the environment.
 */
import type { Emulator } from "../../emulator";
import { startEmulator } from "../../emulator";
import { CliStack, DECLARED_PROJECT, cliOrSkip } from "./pulumi";

const cli = cliOrSkip("token-rotation");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const WRONG = "pina_WRONG0123456789abcdef";
const subscribers = { adAccountId: ACCOUNT, name: "Subscribers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } };

describeWithCli("a rotated token through the real CLI", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  test("from stack configuration: the 401 names it and `refresh --run-program`, which then works", async () => {
    const stack = await CliStack.create(cli!, DECLARED_PROJECT);
    try {
      await stack.config({ "pinterest:apiUrl": emulator.url, audiences: { subscribers } });
      await stack.secret("pinterest:accessToken", emulator.accessToken);
      await stack.run(["up", "--yes", "--skip-preview"]);

      // A wrong token is recorded by a failed up.
      await stack.secret("pinterest:accessToken", WRONG);
      await stack.config({ audiences: { subscribers: { ...subscribers, name: "Subscribers (renamed)" } } });
      const failed = await stack.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toMatch(/HTTP 401/);

      // The right token again: a refresh without the program still uses the recorded one, and says so.
      await stack.secret("pinterest:accessToken", emulator.accessToken);
      const stuck = await stack.run(["refresh", "--yes", "--skip-preview"], { allowFailure: true });
      const said = stuck.stdout + stuck.stderr;
      expect(stuck.code).not.toBe(0);
      expect(said).toMatch(/came from the stack configuration/);
      expect(said).toMatch(/pulumi refresh --run-program/);
      expect(said).not.toContain(WRONG);

      // The way out the message names.
      await stack.run(["refresh", "--run-program", "--yes", "--skip-preview"]);
      await stack.run(["refresh", "--yes", "--skip-preview"]);
      await stack.run(["up", "--yes", "--skip-preview"]);
      expect(emulator.audiences(ACCOUNT).map((a) => a.name)).toEqual(["Subscribers (renamed)"]);
      await stack.run(["preview", "--refresh", "--expect-no-changes"]);
      await stack.run(["destroy", "--yes", "--skip-preview"]);
    } finally {
      await stack.dispose();
    }
  });

  test("from the environment: the 401 names the environment", async () => {
    const stack = await CliStack.create(cli!, DECLARED_PROJECT, { PINTEREST_API_URI: emulator.url, PINTEREST_ACCESS_TOKEN: WRONG });
    try {
      await stack.config({ audiences: { subscribers } });
      const failed = await stack.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toMatch(/came from the environment \(PINTEREST_ACCESS_TOKEN/);
      expect(failed.stdout + failed.stderr).not.toContain(WRONG);
    } finally {
      await stack.dispose();
    }
  });
});
