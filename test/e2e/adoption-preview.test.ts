/**
 * Through the real Pulumi CLI (issue 19, item 3): adoption is visible in the pull request. `pulumi preview` of an
 * `importId` declaration says the step adopts an existing audience; with credentials present, a declaration that
 * does not match the audience fails the preview with every differing field and both values (one GET, no write).
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack } from "./pulumi";

const cli = cliOrSkip("adoption-preview");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";

describeWithCli("adoption in the preview, through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  test("a matching declaration: the preview says it adopts; a differing one fails the preview naming each field and both values", async () => {
    const made = emulator.seedAudience(ACCOUNT, {
      name: "Made by hand",
      audience_type: "VISITOR",
      rule: { visitor_source_id: "2542620639259", retention_days: 30, event: "checkout" },
    });
    const declared = {
      adAccountId: ACCOUNT,
      name: "Made by hand",
      audienceType: "VISITOR",
      importId: made.id,
      rule: { visitorSourceId: "2542620639259", retentionDays: 30, event: "checkout" },
    };
    await stack.config({ audiences: { adopted: declared } });
    emulator.resetCounters();
    const preview = await stack.run(["preview"]);
    expect(preview.stdout + preview.stderr).toContain(`adopts the existing audience ${made.id}`);
    expect(emulator.counters().byOperation).toMatchObject({ create: 0, update: 0, remove: 0 });

    await stack.config({ audiences: { adopted: { ...declared, name: "Made by hand (EU)", rule: { ...declared.rule, retentionDays: 14 } } } });
    emulator.resetCounters();
    const failed = await stack.run(["preview"], { allowFailure: true });
    const text = failed.stdout + failed.stderr;
    expect(failed.code).not.toBe(0);
    expect(text).toContain(`name is declared "Made by hand (EU)", but audience ${made.id} has "Made by hand"`);
    expect(text).toContain(`rule.retentionDays is declared 14, but audience ${made.id} has 30`);
    expect(emulator.counters().byOperation).toMatchObject({ create: 0, update: 0, remove: 0 });
    expect(emulator.counters().requests).toBeLessThanOrEqual(1);
  });
});
