/**
 * AudienceSharing through the real Pulumi CLI against the emulator: an `Audience`'s id as `audienceId` makes
 * Pulumi create the audience, then share it; preview sends no request; refresh finds no diff; a change of
 * recipients sends exactly one SHARE and one REVOKE; a recipient revoked by hand is drift that up shares again; an
 * update whose REVOKE fails after its SHARE succeeded records both sets; destroy revokes everyone before it removes
 * the audience.
 */
import type { Emulator } from "../../emulator";
import { isSharingPatch, startSteerableProxy, UNAVAILABLE } from "../helpers/steerable-proxy";
import { closeDeclaredStack, openDeclaredStack, cliOrSkip, type CliStack, stepsByName } from "./pulumi";

const cli = cliOrSkip("sharing");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const SHARE_ACCOUNTS = "audiences/share_with_ad_accounts";
const SHARE_BUSINESSES = "audiences/share_with_businesses";
const subscribers = { adAccountId: ACCOUNT, name: "Subscribers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } };

describeWithCli("audience sharing through the real CLI", () => {
  let emulator: Emulator;
  let stack: CliStack;

  beforeAll(async () => {
    ({ emulator, stack } = await openDeclaredStack(cli!));
  });

  afterAll(() => closeDeclaredStack(stack, emulator));

  const bodies = (operation: string): unknown[] => emulator.requests(operation as typeof SHARE_ACCOUNTS).map((r) => r.body);
  const audienceId = (): string => emulator.audiences(ACCOUNT)[0].id;
  const sharing = (recipientAdAccountIds: string[], recipientBusinessIds: string[]) => ({
    "subscribers-sharing": { audience: "subscribers", adAccountId: ACCOUNT, recipientAdAccountIds, recipientBusinessIds },
  });

  test("preview plans the audience and its sharing and sends no request; up creates the audience, then shares it", async () => {
    await stack.config({ audiences: { subscribers }, sharing: sharing(["222", "111"], ["900"]) });
    emulator.resetCounters();
    const preview = await stack.run(["preview", "--json"]);
    expect(stepsByName(preview.stdout)).toEqual({ subscribers: ["create"], "subscribers-sharing": ["create"] });
    expect(emulator.counters().requests).toBe(0);

    await stack.run(["up", "--yes", "--skip-preview"]);
    const id = audienceId();
    expect(bodies(SHARE_ACCOUNTS)).toEqual([{ audience_id: id, recipient_account_ids: ["111", "222"], operation_type: "SHARE" }]);
    expect(bodies(SHARE_BUSINESSES)).toEqual([{ audience_id: id, recipient_business_ids: ["900"], operation_type: "SHARE" }]);
    expect(emulator.recipients(ACCOUNT, id)).toEqual({ adAccountIds: ["111", "222"], businessIds: ["900"] });
    // The recipients see it among their received audiences.
    const received = await fetch(`${emulator.url}/ad_accounts/111/audiences?ownership_type=RECEIVED`, {
      headers: { Authorization: `Bearer ${emulator.accessToken}` },
    });
    expect(((await received.json()) as { items: { id: string }[] }).items.map((a) => a.id)).toEqual([id]);

    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--skip-preview"]);
    await stack.run(["preview", "--expect-no-changes"]);
  });

  test("reordering is no change; adding and removing recipients sends one SHARE and one REVOKE", async () => {
    await stack.config({ sharing: sharing(["111", "222"], ["900"]) });
    await stack.run(["preview", "--expect-no-changes"]);

    await stack.config({ sharing: sharing(["111", "333"], ["900"]) });
    const preview = await stack.run(["preview", "--json"]);
    expect(stepsByName(preview.stdout)["subscribers-sharing"]).toEqual(["update"]);
    emulator.resetCounters();
    await stack.run(["up", "--yes", "--skip-preview"]);
    const id = audienceId();
    expect(bodies(SHARE_ACCOUNTS)).toEqual([
      { audience_id: id, recipient_account_ids: ["333"], operation_type: "SHARE" },
      { audience_id: id, recipient_account_ids: ["222"], operation_type: "REVOKE" },
    ]);
    expect(bodies(SHARE_BUSINESSES)).toEqual([]);
    await stack.run(["preview", "--expect-no-changes"]);
  });

  test("a recipient revoked by hand shows on refresh and the next up shares with it again", async () => {
    const id = audienceId();
    emulator.revokeByHand(ACCOUNT, id, { adAccountIds: ["111"] });
    await stack.run(["refresh", "--yes", "--skip-preview"]);
    const preview = await stack.run(["preview", "--json"]);
    expect(stepsByName(preview.stdout)["subscribers-sharing"]).toEqual(["update"]);
    emulator.resetCounters();
    await stack.run(["up", "--yes", "--skip-preview"]);
    expect(bodies(SHARE_ACCOUNTS)).toEqual([{ audience_id: id, recipient_account_ids: ["111"], operation_type: "SHARE" }]);
    expect(emulator.recipients(ACCOUNT, id)).toEqual({ adAccountIds: ["111", "333"], businessIds: ["900"] });
  });

  test("an update whose SHARE succeeds and whose REVOKE fails (503s) records both sets, so destroy (below) revokes everyone", async () => {
    const id = audienceId();
    const proxy = await startSteerableProxy(emulator);
    try {
      proxy.intercept((request) => (isSharingPatch(request, "REVOKE") ? UNAVAILABLE : undefined));
      await stack.config({ sharing: sharing(["222"], ["900"]) });
      const failed = await stack.run(["up", "--yes", "--skip-preview"], { env: { PINTEREST_API_URI: proxy.url }, allowFailure: true });
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toContain("Service temporarily unavailable.");
    } finally {
      await proxy.stop();
    }
    expect(emulator.recipients(ACCOUNT, id).adAccountIds).toEqual(["111", "222", "333"]);
    const recorded = (await stack.exportState()).deployment.resources?.find((r) => r.type.endsWith(":AudienceSharing"));
    expect(recorded?.outputs?.recipientAdAccountIds).toEqual(["111", "222", "333"]);
  });

  test("destroy revokes every recipient, then removes the audience", async () => {
    const id = audienceId();
    emulator.resetCounters();
    await stack.run(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.recipients(ACCOUNT, id)).toEqual({ adAccountIds: [], businessIds: [] });
    expect(emulator.audiences(ACCOUNT)).toEqual([]);
    const order = emulator
      .requests()
      .filter((r) => r.method === "PATCH")
      .map((r) => String(r.operation));
    expect(order).toEqual([SHARE_ACCOUNTS, SHARE_BUSINESSES, "remove"].filter((op) => order.includes(op)));
    expect(order[order.length - 1]).toBe("remove");
    await stack.config({ audiences: {}, sharing: {} });
  });
});
