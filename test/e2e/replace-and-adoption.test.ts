/**
 * Through the real Pulumi CLI: a change of `audienceType` replaces the audience; `importId` adopts an audience
 * made by hand without a write; `Audience.get` reads one without managing it; and what the engine does with
 * Pulumi's own `import` resource option, which cannot reach a dynamic provider (pulumi/pulumi#16175).
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, liveAudienceIds, stackAudienceIds, type CliStack, stepsByName } from "./pulumi";

const cli = cliOrSkip("replace-and-adoption");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const visitor = {
  adAccountId: ACCOUNT,
  name: "Checkout visitors",
  audienceType: "VISITOR",
  rule: { visitorSourceId: "2542620639259", event: "checkout", retentionDays: 30 },
};
const engagement = {
  adAccountId: ACCOUNT,
  name: "Checkout visitors",
  audienceType: "ENGAGEMENT",
  rule: { engagementDomain: ["www.example.com"], engagerType: 1 },
};

describeWithCli("replace, adoption and lookup through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  const liveIds = (): string[] => liveAudienceIds(emulator, ACCOUNT);
  const outputIds = (): Promise<Record<string, string>> => stackAudienceIds(stack);

  test("changing audienceType plans a replace and up swaps the audience for a new one", async () => {
    await stack.config({ audiences: { visitors: visitor } });
    await stack.run(["up", "--yes", "--skip-preview"]);
    const before = (await outputIds()).visitors;
    expect(liveIds()).toEqual([before]);

    await stack.config({ audiences: { visitors: engagement } });
    const preview = await stack.run(["preview", "--json"]);
    expect(stepsByName(preview.stdout).visitors).toEqual(["replace"]);

    await stack.run(["up", "--yes", "--skip-preview"]);
    const after = (await outputIds()).visitors;
    expect(after).not.toBe(before);
    expect(liveIds()).toEqual([after]);
    expect(emulator.audiences(ACCOUNT)[0].audience_type).toBe("ENGAGEMENT");
    await stack.run(["preview", "--expect-no-changes"]);
  });

  test("importId adopts an audience made by hand: no create or update, and later previews show no change", async () => {
    const made = emulator.seedAudience(ACCOUNT, {
      name: "Made by hand",
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "5497558859876" },
    });
    const declared = {
      adAccountId: ACCOUNT,
      name: "Made by hand",
      audienceType: "CUSTOMER_LIST",
      rule: { customerListId: "5497558859876" },
      importId: made.id,
    };
    await stack.config({ audiences: { visitors: engagement, adopted: declared } });
    emulator.resetCounters();
    await stack.run(["up", "--yes", "--skip-preview"]);
    const c = emulator.counters().byOperation;
    expect(c.create + c.update + c.remove).toBe(0);
    expect((await outputIds()).adopted).toBe(made.id);
    await stack.run(["preview", "--expect-no-changes"]);
  });

  test("Audience.get reads an audience by id without managing it", async () => {
    const other = emulator.seedAudience(ACCOUNT, { name: "Someone else's", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } });
    await stack.config({ lookups: { theirs: { id: other.id, adAccountId: ACCOUNT } } });
    await stack.run(["up", "--yes", "--skip-preview"]);
    const names = JSON.parse((await stack.run(["stack", "output", "lookedUpNames", "--json"])).stdout) as Record<string, string>;
    expect(names.theirs).toBe("Someone else's");
    const state = await stack.exportState();
    const read = state.deployment.resources?.find((r) => r.urn.endsWith("::theirs"));
    expect(read).toEqual(expect.objectContaining({ id: other.id }));
    expect((read as { external?: boolean }).external).toBe(true);

    await stack.config({ lookups: {} });
    await stack.run(["up", "--yes", "--skip-preview"]);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toContain(other.id);
  });

  test("Pulumi's import resource option fails before any request, and the message points to importId", async () => {
    const made = emulator.seedAudience(ACCOUNT, { name: "Imported", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "2" } });
    const args = { adAccountId: ACCOUNT, name: "Imported", audienceType: "CUSTOMER_LIST", rule: { customerListId: "2" } };
    await stack.config({ importOption: { imported: { id: made.id, args } } });
    emulator.resetCounters();
    const result = await stack.run(["preview"], { allowFailure: true });
    expect(result.code).not.toBe(0);
    const text = result.stdout + result.stderr;
    expect(text).toContain('Audience "imported": Pulumi\'s `import` resource option cannot adopt a Pinterest audience');
    expect(text).toContain(`importId: "${made.id}"`); // the id it was given, quoted
    expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(emulator.counters().requests).toBe(0);
    await stack.config({ importOption: {} });
  });
});
