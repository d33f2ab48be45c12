/**
 * Through the real Pulumi CLI (issue 19, item 4): one wrong token on a 3-audience `pulumi refresh` prints each
 * failure once per resource at most, without a JavaScript stack trace or a repeated error prefix. (Seen failing
 * with PINTEREST_DEBUG=1 passed to the commands, which keeps the plugin's log line: the behaviour before.)
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack } from "./pulumi";

const cli = cliOrSkip("one-failure-one-message");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const WRONG = "pina_WRONG0123456789abcdef";
const audience = (n: number) => ({
  adAccountId: ACCOUNT,
  name: `List ${n}`,
  audienceType: "CUSTOMER_LIST",
  rule: { customerListId: String(100 + n) },
});

describeWithCli("one failure, one message, through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
    await stack.config({ audiences: { a: audience(1), b: audience(2), c: audience(3) } });
    await stack.run(["up", "--yes", "--skip-preview"]);
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  test.each([
    ["refresh", ["refresh", "--yes", "--skip-preview"]],
    ["destroy", ["destroy", "--yes", "--skip-preview"]],
  ])(
    "a wrong token on %s: no stack trace, no repeated prefix, nothing under the stack, each resource's error once in the diagnostics",
    async (_label, args) => {
      const result = await stack.run(args, { allowFailure: true, env: { PINTEREST_ACCESS_TOKEN: WRONG } });
      const text = result.stdout + result.stderr;
      expect(result.code).not.toBe(0);
      expect(text).not.toMatch(/^\s*(pulumi:pulumi:Stack \S+ running\s+)?at \S+ \(/m); // a JavaScript stack frame
      expect(text).not.toMatch(/PinterestApiError/);
      expect(text).not.toMatch(/failed to deliver log message|Channel has been shut down/); // see README, Troubleshooting
      expect(text).not.toContain(WRONG);
      const diagnostics = text.slice(text.indexOf("Diagnostics:"));
      const underStack = diagnostics.slice(0, diagnostics.indexOf("pulumi-nodejs:dynamic/pinterest:Audience"));
      expect(underStack).not.toMatch(/HTTP 401/);
      for (const name of ["List 1", "List 2", "List 3"]) {
        expect(diagnostics.split(`audience "${name}"`).length - 1).toBe(1);
      }
      expect(emulator.audiences(ACCOUNT)).toHaveLength(3);
    },
  );
});
