/**
 * Through the real Pulumi CLI: an invalid declaration, in a program or in a YAML file, stops `pulumi preview`
 * with the property and the reason, without a JavaScript stack trace and before any request to Pinterest.
 */
import * as fs from "fs";
import * as path from "path";
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack } from "./pulumi";

const cli = cliOrSkip("invalid-declarations");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
/**
 * What @pulumi/pulumi's log module prints in the program when the engine closed its channel before a log message
 * got through (issue 19, item 4: seen in a trial after a declaration error; see README, Troubleshooting).
 */
const UNDELIVERED_LOG = /failed to deliver log message|Channel has been shut down|14 UNAVAILABLE/;
/** A line of a Node.js stack trace, e.g. "    at Object.<anonymous> (/x/index.ts:3:5)". */
const STACK_FRAME = /^\s*(\|\s*)?at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

describeWithCli("invalid declarations through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  test("in a program: preview fails with the property path and the reason, no stack trace, no request", async () => {
    await stack.config({
      audiences: {
        visitors: {
          adAccountId: ACCOUNT,
          name: "Visitors",
          audienceType: "VISITOR",
          rule: { visitorSourceId: "2542620639259", retentionDays: 9999 },
        },
      },
    });
    emulator.resetCounters();
    const result = await stack.run(["preview"], { allowFailure: true });
    const text = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(text).toMatch(/rule\.retentionDays/);
    expect(text).toMatch(/540/);
    expect(text).not.toMatch(STACK_FRAME);
    expect(text).not.toMatch(UNDELIVERED_LOG);
    expect(emulator.counters().requests).toBe(0);
    await stack.config({ audiences: {} });
  });

  test("in a YAML file: preview fails with file, line, property and reason, no stack trace, no request", async () => {
    const dir = path.join(stack.project.dir, "audiences");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "engagers.yaml"),
      [`adAccountId: "${ACCOUNT}"`, "name: Engagers", "audienceType: ENGAGEMENT", "rule:", "  engagerType: 7", ""].join("\n"),
    );
    await stack.config({ declarationsDir: dir });
    emulator.resetCounters();
    const result = await stack.run(["preview"], { allowFailure: true });
    const text = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(text).toMatch(/engagers\.yaml:5: rule\.engagerType must be /);
    expect(text).not.toMatch(STACK_FRAME);
    expect(text).not.toMatch(UNDELIVERED_LOG);
    expect(emulator.counters().requests).toBe(0);
  });
});
