/**
 * Through the real Pulumi CLI: `pulumi up --parallel 16` creating 200 audiences against Pinterest's Standard
 * write limit (400 a minute, enforced by the emulator) succeeds, with no 429 reaching the user, because the
 * client spaces writes under the limit. Then destroy removes all of them the same way.
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack } from "./pulumi";

const cli = cliOrSkip("parallel-up");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const COUNT = 200;

describeWithCli("pulumi up --parallel 16 through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!, { rateLimits: { ads_read: 1000, ads_write: 400 } }));
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  test(`creates ${COUNT} audiences under the write limit: every step succeeds and Pinterest answers no 429`, async () => {
    const audiences: Record<string, unknown> = {};
    for (let i = 0; i < COUNT; i++) {
      audiences[`list-${i}`] = {
        adAccountId: ACCOUNT,
        name: `Customer list ${i}`,
        audienceType: "CUSTOMER_LIST",
        rule: { customerListId: String(1000 + i) },
      };
    }
    await stack.config({ audiences });
    emulator.resetCounters();
    const up = await stack.run(["up", "--yes", "--skip-preview", "--parallel", "16"]);
    expect(up.stdout).toMatch(new RegExp(`\\+ ${COUNT + 1} created`)); // and the stack itself
    expect(up.stdout + up.stderr).not.toMatch(/\b429\b|rate limit/i);
    expect(emulator.audiences(ACCOUNT)).toHaveLength(COUNT);
    const counters = emulator.counters();
    expect(counters.byOperation.create).toBe(COUNT);
    expect(counters.byStatus["429"] ?? 0).toBe(0);
    expect(counters.rateLimited).toBe(0);

    await stack.run(["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
    expect(emulator.audiences(ACCOUNT)).toEqual([]);
    expect(emulator.counters().byStatus["429"] ?? 0).toBe(0);
  });
});
