/**
 * Through the real Pulumi CLI: renaming resources without an alias (here, new keys in the stack config) makes
 * Pulumi create the new resources and delete the old ones at the end of the same `up`. An adopted audience
 * (`importId`) and the recipients a sharing declares must survive it; the next command's `destroy` removes and
 * revokes them as usual. This also checks what the provider relies on: one plugin per command, deletes after creates.
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack } from "./pulumi";

const cli = cliOrSkip("renamed-resources");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";

describeWithCli("renaming resources without an alias through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  test("an adopted audience and its sharing, renamed: nothing removed, nobody loses the audience; destroy then removes and revokes", async () => {
    const adopted = emulator.seedAudience(ACCOUNT, {
      name: "Subscribers",
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "5497558859876" },
    }).id;
    const declared = (suffix: string) => ({
      audiences: {
        [`subscribers${suffix}`]: {
          adAccountId: ACCOUNT,
          name: "Subscribers",
          audienceType: "CUSTOMER_LIST",
          rule: { customerListId: "5497558859876" },
          importId: adopted,
        },
      },
      sharing: {
        [`clients${suffix}`]: {
          audience: `subscribers${suffix}`,
          adAccountId: ACCOUNT,
          recipientAdAccountIds: ["111"],
          recipientBusinessIds: ["900"],
        },
      },
    });
    await stack.config(declared(""));
    await stack.run(["up", "--yes", "--skip-preview"]);
    expect(emulator.recipients(ACCOUNT, adopted)).toEqual({ adAccountIds: ["111"], businessIds: ["900"] });

    await stack.config(declared("-v2"));
    emulator.resetCounters();
    const renamed = await stack.run(["up", "--yes", "--skip-preview"]);
    expect(renamed.stdout).toMatch(/leaves it in place: another Audience of this program adopts it with importId/);
    expect(renamed.stdout).toMatch(/leaves ad account 111 with the audience/);
    expect(emulator.counters().byOperation.remove).toBe(0);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([adopted]);
    expect(emulator.recipients(ACCOUNT, adopted)).toEqual({ adAccountIds: ["111"], businessIds: ["900"] });
    const resources = (await stack.exportState()).deployment.resources ?? [];
    const names = resources.filter((r) => r.type.includes("pinterest:")).map((r) => r.urn.split("::").pop());
    expect(names.sort()).toEqual(["clients-v2", "subscribers-v2"]);
    await stack.run(["preview", "--expect-no-changes"]);

    await stack.run(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.audiences(ACCOUNT)).toEqual([]);
    expect(emulator.recipients(ACCOUNT, adopted)).toEqual({ adAccountIds: [], businessIds: [] });
  });
});
