/**
 * Through the real Pulumi CLI: what `pulumi preview --diff` shows for a rename and for a rule change, as it
 * appears in a pull-request comment. Kept as a snapshot (README, "Reviewing a change"); run with `-u` after
 * a deliberate change of the display.
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack } from "./pulumi";

const cli = cliOrSkip("diff-display");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const visitors = {
  adAccountId: ACCOUNT,
  name: "Checkout visitors",
  audienceType: "VISITOR",
  rule: { visitorSourceId: "2542620639259", event: "checkout", retentionDays: 30, eventSource: { "=": ["web"] } },
};

/**
 * The preview's text without what changes from run to run: durations, temporary folders, and the progress
 * lines the CLI rewrites while it works.
 */
export function stableDisplay(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*(@ previewing update|Duration:)/.test(line))
    .join("\n")
    .replace(/pinterest-audiences-declared-[A-Za-z0-9]+/g, "<tmp>")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd();
}

describeWithCli("pulumi preview --diff through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
    await stack.config({ audiences: { "checkout-visitors": visitors } });
    await stack.run(["up", "--yes", "--skip-preview"]);
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  test("a rename shows the old and the new name, as an update in place", async () => {
    await stack.config({ audiences: { "checkout-visitors": { ...visitors, name: "Checkout visitors (30 days)" } } });
    const preview = await stack.run(["preview", "--diff"]);
    expect(stableDisplay(preview.stdout)).toMatchSnapshot();
  });

  test("a rule change shows the changed rule fields, as an update in place", async () => {
    await stack.config({
      audiences: { "checkout-visitors": { ...visitors, rule: { ...visitors.rule, retentionDays: 14, eventSource: { "=": ["web", "mobile"] } } } },
    });
    const preview = await stack.run(["preview", "--diff"]);
    expect(stableDisplay(preview.stdout)).toMatchSnapshot();
  });
});
