/**
 * Through the real Pulumi CLI (issue 19, item 2): adopting must not mean "destroy deletes what was already there".
 * `pinterest-audiences import` writes `protect: true` on what it adopts; the declaration files' `protect` and
 * `retainOnDelete` reach Pulumi as resource options: a protected adopted audience survives `pulumi destroy` (which
 * fails and says so), and a retained one is dropped from the stack but left in Pinterest.
 */
import * as fs from "fs";
import * as path from "path";
import type { Emulator } from "../../emulator";
import { emulatorEnv, runCli } from "../cli/fixtures";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, liveAudienceIds, type CliStack } from "./pulumi";

const cli = cliOrSkip("adoption-safety");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";

describeWithCli("safety rails for adopted audiences through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeEach(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterEach(() => closeDeclaredStack(stack, emulator));

  const liveIds = (): string[] => liveAudienceIds(emulator, ACCOUNT);

  test("import writes protect: true; up adopts without a write; destroy is refused and the audience stays", async () => {
    const made = emulator.seedAudience(ACCOUNT, {
      name: "Made by hand",
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "5497558859876" },
    });
    const dir = path.join(stack.project.dir, "audiences");
    const run = await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--format", "yaml", "--out", dir], { env: emulatorEnv(emulator) });
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "made-by-hand.yaml"), "utf8")).toMatch(/^protect: true$/m);
    await stack.config({ declarationsDir: dir });
    emulator.resetCounters();
    await stack.run(["up", "--yes", "--skip-preview"]);
    const writes = emulator.counters().byOperation;
    expect(writes.create + writes.update + writes.remove).toBe(0);

    const destroy = await stack.run(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
    expect(destroy.code).not.toBe(0);
    expect(destroy.stdout + destroy.stderr).toMatch(/protected/);
    expect(liveIds()).toEqual([made.id]);

    // The way out: protect: false, applied, then destroy removes it.
    const file = path.join(dir, "made-by-hand.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^protect: true$/m, "protect: false"));
    await stack.run(["up", "--yes", "--skip-preview"]);
    await stack.run(["destroy", "--yes", "--skip-preview"]);
    expect(liveIds()).toEqual([]);
  });

  test("retainOnDelete: true in a file: destroy drops the audience from the stack and leaves it in Pinterest", async () => {
    const made = emulator.seedAudience(ACCOUNT, { name: "Kept", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } });
    const dir = path.join(stack.project.dir, "audiences");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "kept.yaml"),
      [
        `adAccountId: "${ACCOUNT}"`,
        "name: Kept",
        "audienceType: CUSTOMER_LIST",
        `importId: "${made.id}"`,
        "retainOnDelete: true",
        "rule:",
        '  customerListId: "77"',
        "",
      ].join("\n"),
    );
    await stack.config({ declarationsDir: dir });
    await stack.run(["up", "--yes", "--skip-preview"]);
    emulator.resetCounters();
    await stack.run(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.counters().byOperation.remove).toBe(0);
    expect(liveIds()).toEqual([made.id]);
  });
});
