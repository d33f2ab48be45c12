/**
 * Through the real Pulumi CLI (issue 19, item 5): a drift plan reads well. In `pulumi preview --refresh --diff`
 * the refresh shows only declared fields changed by hand (not the status or update time Pinterest changes on its
 * own), and the update section marks each field `up` puts back, from the value found to the one declared; rule
 * fields at Pinterest's default are not shown as changes. After `up`, a refreshed preview has nothing to do.
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack } from "./pulumi";

const cli = cliOrSkip("drift-plan");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const audiences = {
  subscribers: {
    adAccountId: ACCOUNT,
    name: "Subscribers",
    description: "Newsletter",
    audienceType: "CUSTOMER_LIST",
    rule: { customerListId: "5497558859876" },
  },
  visitors: {
    adAccountId: ACCOUNT,
    name: "Checkout visitors",
    audienceType: "VISITOR",
    rule: { visitorSourceId: "2542620639259", event: "checkout", retentionDays: 30, eventSource: { "=": ["web"] } },
  },
};

/** The lines of one section of a `--diff` display: from the line naming `urn` and `step` to the next resource. */
function section(display: string, name: string, step: "refresh" | "update"): string {
  const lines = display.split("\n");
  const start = lines.findIndex((line, i) => line.includes(`(${step})`) && (lines[i + 2] ?? "").endsWith(`::${name}]`));
  if (start < 0) throw new Error(`no ${step} section for ${name} in:\n${display}`);
  const end = lines.findIndex((line, i) => i > start && /\((refresh|update|same|create|delete)\)/.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

describeWithCli("drift plans through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  test("refresh shows declared fields only; the update marks what up puts back; after up nothing is left", async () => {
    await stack.config({ audiences });
    await stack.run(["up", "--yes", "--skip-preview"]);
    // Pulumi creates the two at once: their ids say nothing of which is which.
    const byName = (name: string) => emulator.audiences(ACCOUNT).find((a) => a.name === name)!;
    const subscribers = byName("Subscribers");
    const visitors = byName("Checkout visitors");
    // By hand, and what Pinterest changes on its own: status, size, update time.
    emulator.editAudience(ACCOUNT, subscribers.id, { name: "Renamed by hand", status: "TOO_SMALL", size: 12, updated_timestamp: 1999999999 });
    emulator.editAudience(ACCOUNT, visitors.id, {
      description: "Edited",
      rule: { ...visitors.rule, retention_days: 90 },
      updated_timestamp: 1999999999,
    });

    const plan = (await stack.run(["preview", "--refresh", "--diff"])).stdout;
    const refreshed = section(plan, "subscribers", "refresh");
    expect(refreshed).toMatch(/~ name\s+: "Subscribers" => "Renamed by hand"/);
    expect(plan).not.toMatch(/status|updatedTimestamp|size\s+:/);
    expect(section(plan, "subscribers", "update")).toMatch(/~ name\s+: "Renamed by hand" => "Subscribers"/);
    const visitorsUpdate = section(plan, "visitors", "update");
    expect(visitorsUpdate).toMatch(/- description\s+: "Edited"/);
    expect(visitorsUpdate).toMatch(/~ retentionDays\s+: 90 => 30/);
    expect(visitorsUpdate).not.toMatch(/prefill/);

    // The same marks after a refresh of its own, in a plain preview.
    await stack.run(["refresh", "--yes", "--skip-preview"]);
    const after = (await stack.run(["preview", "--diff"])).stdout;
    expect(section(after, "subscribers", "update")).toMatch(/~ name\s+: "Renamed by hand" => "Subscribers"/);

    await stack.run(["up", "--yes", "--skip-preview"]);
    await stack.run(["preview", "--refresh", "--expect-no-changes"]);
    // What Pinterest changes on its own is no change at all.
    emulator.editAudience(ACCOUNT, subscribers.id, { status: "READY", size: 5000, updated_timestamp: 2000000000 });
    await stack.run(["preview", "--refresh", "--expect-no-changes"]);
  });
});
