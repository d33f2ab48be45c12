/**
 * Through the real Pulumi CLI: a create whose answer is lost is reconciled without any clock, so a `Date` header
 * seconds off the clock behind Pinterest's timestamps neither duplicates an audience nor adopts one made by hand
 * (issue 18, defect 1). A short request timeout keeps the search window short.
 */
import type { Emulator } from "../../emulator";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, liveAudienceIds, stackAudienceIds, type CliStack } from "./pulumi";

const cli = cliOrSkip("create-reconcile");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const buyers = { adAccountId: ACCOUNT, name: "Buyers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } };
const RUN_ENV = { env: { PINTEREST_TIMEOUT_SECONDS: "2" } };

describeWithCli("create reconciliation through the real CLI, with Pinterest's Date header off its data clock", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeEach(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterEach(() => closeDeclaredStack(stack, emulator));

  const liveIds = (): string[] => liveAudienceIds(emulator, ACCOUNT);
  const outputIds = (): Promise<Record<string, string>> => stackAudienceIds(stack);

  test("Date 3 s ahead: a create that commits and loses its answer is adopted, one audience, recorded once", async () => {
    emulator.setBehaviour({ dateSkewsMs: [3_000] });
    emulator.setFaults({ commitThenDropNext: 1, operations: ["create"] });
    await stack.config({ audiences: { buyers } });
    await stack.run(["up", "--yes", "--skip-preview"], RUN_ENV);
    expect(emulator.counters().byOperation.create).toBe(1);
    expect(liveIds()).toEqual([(await outputIds()).buyers]);
    await stack.run(["preview", "--expect-no-changes"]);
  });

  test("Date 10 s behind: an identical audience made by hand just before is not adopted; the lost create is sent again", async () => {
    emulator.setBehaviour({ dateSkewsMs: [-10_000] });
    const handMade = emulator.seedAudience(ACCOUNT, {
      name: buyers.name,
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "5497558859876" },
    });
    emulator.setFaults({ dropNext: 1, operations: ["create"] });
    await stack.config({ audiences: { buyers } });
    await stack.run(["up", "--yes", "--skip-preview"], RUN_ENV);
    const owned = (await outputIds()).buyers;
    expect(owned).not.toBe(handMade.id);
    expect(liveIds()).toEqual([owned, handMade.id].sort());
    await stack.run(["destroy", "--yes", "--skip-preview"], RUN_ENV);
    expect(liveIds()).toEqual([handMade.id]);
  });
});
