/**
 * Through the real Pulumi CLI (issue 19, item 9): a token set in the stack configuration with `--plaintext` gets a
 * warning naming the risk and the command that stores it encrypted, once, without the token itself; set with
 * `--secret` it gets none.
 */
import type { Emulator } from "../../emulator";
import { startEmulator } from "../../emulator";
import { CliStack, DECLARED_PROJECT, cliOrSkip } from "./pulumi";

const cli = cliOrSkip("plaintext-credentials");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const WARNING = /pinterest:accessToken is stored in plain text in this stack's configuration/g;

describeWithCli("credentials in plain text through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    stack = await CliStack.create(cli!, DECLARED_PROJECT);
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  test("--plaintext warns once, naming the way out and not the token; --secret does not warn", async () => {
    const audiences = {
      a: { adAccountId: ACCOUNT, name: "A", audienceType: "CUSTOMER_LIST", rule: { customerListId: "77" } },
      b: { adAccountId: ACCOUNT, name: "B", audienceType: "CUSTOMER_LIST", rule: { customerListId: "78" } },
    };
    await stack.config({ "pinterest:apiUrl": emulator.url, audiences });
    await stack.run(["config", "set", "--plaintext", "pinterest:accessToken", emulator.accessToken]);
    const plain = await stack.run(["preview"]);
    const said = plain.stdout + plain.stderr;
    // Once per program run (two audiences): the CLI shows it as it happens and again under Diagnostics.
    expect(said.slice(said.indexOf("Diagnostics:")).match(WARNING)).toHaveLength(1);
    expect(said).toMatch(/pulumi config set --secret pinterest:accessToken <value>/);
    expect(said).not.toContain(emulator.accessToken);

    await stack.secret("pinterest:accessToken", emulator.accessToken);
    const secret = await stack.run(["preview"]);
    expect(secret.stdout + secret.stderr).not.toMatch(WARNING);
  });
});
