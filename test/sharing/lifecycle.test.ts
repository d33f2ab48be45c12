/**
 * `AudienceSharing` through Pulumi's real dynamic-provider plugin (driven by the engine stand-in) against the
 * emulator: create shares with every recipient; a refresh finds no diff; order is never a change; adding and
 * removing recipients sends exactly one SHARE and one REVOKE per changed kind (bodies asserted); a recipient
 * revoked by hand is drift that the next up shares again; destroy revokes what it manages; a recipient outside
 * the owner's Business Hierarchy fails with Pinterest's message and what to do. Then the same journey under every
 * sharing profile of the emulator (what the description leaves open), and under faults on the sharing endpoints.
 */
import { EMULATOR_PROFILES, type Emulator } from "../../emulator";
import { expectShape } from "../helpers/openapi-shapes";
import { bodies, ops, OWNER, SHARE_ACCOUNTS, SHARE_BUSINESSES, useSharingStack } from "../helpers/sharing-stack";

jest.setTimeout(240_000);

const { setUp, declare } = useSharingStack("sharing");

test("create, refresh, reorder, add and remove, drift, destroy: exact SHARE and REVOKE bodies", async () => {
  const { emulator, engine, audienceId } = await setUp("journey");
  const base = { adAccountId: OWNER, audienceId };

  // Create: one SHARE per kind, ids as a set.
  const created = await engine.up(await declare({ ...base, recipientAdAccountIds: ["222", "111"], recipientBusinessIds: ["900"] }));
  expect(created.errors).toEqual([]);
  expect(ops(created)).toEqual(["create"]);
  expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([{ audience_id: audienceId, recipient_account_ids: ["111", "222"], operation_type: "SHARE" }]);
  expect(bodies(emulator, SHARE_BUSINESSES)).toEqual([{ audience_id: audienceId, recipient_business_ids: ["900"], operation_type: "SHARE" }]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111", "222"], businessIds: ["900"] });
  const [recorded] = engine.state();
  expect(recorded.id).toBe(audienceId);
  expect(recorded.outputs).toMatchObject({ ...base, recipientAdAccountIds: ["111", "222"], recipientBusinessIds: ["900"] });

  // Refresh: nothing drifted, nothing to do; a reordered declaration is no change either.
  const refreshed = await engine.refresh();
  expect(refreshed.errors).toEqual([]);
  emulator.resetCounters();
  const reordered = await engine.preview(await declare({ ...base, recipientAdAccountIds: ["111", "222"].reverse(), recipientBusinessIds: ["900"] }));
  expect(ops(reordered)).toEqual(["same"]);
  expect(emulator.requests()).toEqual([]);

  // Add 333, remove 222: one SHARE and one REVOKE of ad accounts, nothing for businesses.
  emulator.resetCounters();
  const changed = await engine.up(await declare({ ...base, recipientAdAccountIds: ["333", "111"], recipientBusinessIds: ["900"] }));
  expect(changed.errors).toEqual([]);
  expect(ops(changed)).toEqual(["update"]);
  expect(changed.steps[0].diffs).toEqual(["recipientAdAccountIds"]);
  expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([
    { audience_id: audienceId, recipient_account_ids: ["333"], operation_type: "SHARE" },
    { audience_id: audienceId, recipient_account_ids: ["222"], operation_type: "REVOKE" },
  ]);
  expect(bodies(emulator, SHARE_BUSINESSES)).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111", "333"], businessIds: ["900"] });

  // Drift: 111 revoked and 444 added by hand; refresh records it, up puts the declaration back.
  emulator.revokeByHand(OWNER, audienceId, { adAccountIds: ["111"] });
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["444"] });
  await engine.refresh();
  expect(engine.state()[0].outputs).toMatchObject({ recipientAdAccountIds: ["333", "444"] });
  emulator.resetCounters();
  const repaired = await engine.up(await declare({ ...base, recipientAdAccountIds: ["333", "111"], recipientBusinessIds: ["900"] }));
  expect(repaired.errors).toEqual([]);
  expect(ops(repaired)).toEqual(["update"]);
  expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([
    { audience_id: audienceId, recipient_account_ids: ["111"], operation_type: "SHARE" },
    { audience_id: audienceId, recipient_account_ids: ["444"], operation_type: "REVOKE" },
  ]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111", "333"], businessIds: ["900"] });

  // Destroy revokes every managed recipient.
  emulator.resetCounters();
  const destroyed = await engine.destroy();
  expect(destroyed.errors).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: [] });
  expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([{ audience_id: audienceId, recipient_account_ids: ["111", "333"], operation_type: "REVOKE" }]);
  expect(bodies(emulator, SHARE_BUSINESSES)).toEqual([{ audience_id: audienceId, recipient_business_ids: ["900"], operation_type: "REVOKE" }]);
  expectValidRequests(emulator);
});

/** Every sharing request the provider sent is valid under the official description: closed bodies, required parameters. */
function expectValidRequests(emulator: Emulator): void {
  for (const request of emulator.requests(SHARE_ACCOUNTS)) expectShape("SharedAudience", request.body, { closed: true });
  for (const request of emulator.requests(SHARE_BUSINESSES)) expectShape("BusinessSharedAudience", request.body, { closed: true });
  for (const request of emulator.requests("audiences/shared_accounts")) {
    expect(request.params.audience_id).toMatch(/^\d{1,18}$/);
    expect(["AD_ACCOUNT", "BUSINESS_ACCOUNT"]).toContain(request.params.account_type);
    expect(Number(request.params.page_size)).toBeGreaterThanOrEqual(1);
    expect(Number(request.params.page_size)).toBeLessThanOrEqual(250);
  }
}

test("a recipient list left out is not managed: recipients of that kind are neither read, changed nor revoked", async () => {
  const { emulator, engine, audienceId } = await setUp("unmanaged");
  emulator.shareByHand(OWNER, audienceId, { businessIds: ["901"] });
  const up = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] }));
  expect(up.errors).toEqual([]);
  await engine.refresh();
  expect(engine.state()[0].outputs).not.toHaveProperty("recipientBusinessIds");
  await engine.destroy();
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: ["901"] });
  expect(emulator.requests("audiences/shared_accounts").map((r) => r.query)).not.toContain(expect.stringContaining("BUSINESS_ACCOUNT"));
});

test("create makes the live set the declared one: a recipient shared by hand before is revoked, one already there is not sent again", async () => {
  const { emulator, engine, audienceId } = await setUp("adopt", { behaviour: { reshare: "reject" } });
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "555"] });
  const up = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111", "222"] }));
  expect(up.errors).toEqual([]);
  expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([
    { audience_id: audienceId, recipient_account_ids: ["222"], operation_type: "SHARE" },
    { audience_id: audienceId, recipient_account_ids: ["555"], operation_type: "REVOKE" },
  ]);
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111", "222"]);
});

test("a recipient outside the owner's Business Hierarchy: the step fails with Pinterest's message and what to do, nothing is shared", async () => {
  for (const status of [400, 403] as const) {
    const { emulator, engine, audienceId } = await setUp(`hierarchy-${status}`, {
      behaviour: { outsideHierarchyStatus: status },
      outsideHierarchy: { adAccountIds: ["999"] },
    });
    const up = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111", "999"] }));
    expect(up.errors).toHaveLength(1);
    const message = up.errors[0].message;
    expect(message).toContain(`HTTP ${status}`);
    expect(message).toMatch(/Pinterest says \(code \d+\): .*999/);
    expect(message).toContain("same Pinterest Business Hierarchy");
    expect(message).toContain(`the sharing of audience ${audienceId}`);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual([]);
    expect(engine.state()).toEqual([]);
  }
});

test("check refuses bad declarations at preview with the property path, before any request", async () => {
  const { emulator, engine, audienceId } = await setUp("check");
  const preview = await engine.preview(
    await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111", "111", OWNER, `0${OWNER}`], recipientBusinessIds: ["x", "0900"] }),
  );
  const failures = preview.steps[0].failures;
  expect(failures).toEqual(
    expect.arrayContaining([
      { property: "recipientAdAccountIds", reason: expect.stringContaining('holds "111" twice') },
      { property: "recipientBusinessIds[0]", reason: expect.stringContaining("a business id: digits only") },
      { property: "recipientAdAccountIds[2]", reason: expect.stringContaining("is the owner ad account") },
      // Pinterest reads an id with leading zeros as the id without them: the owner in disguise, a business 900.
      { property: "recipientAdAccountIds[3]", reason: expect.stringContaining(`must not start with 0`) },
      { property: "recipientBusinessIds[1]", reason: expect.stringMatching(/must not start with 0 .*: write "900"$/) },
    ]),
  );
  const none = await engine.preview(await declare({ adAccountId: OWNER, audienceId }));
  expect(none.steps[0].failures).toEqual([
    { property: "", reason: expect.stringContaining("declare recipientAdAccountIds or recipientBusinessIds") },
  ]);
  expect(emulator.requests()).toEqual([]);
});

/** The journey under one profile: create, refresh no diff, change, hand revoke, repair, destroy; each ends as declared. */
async function journey(profileName: string): Promise<void> {
  const profile = EMULATOR_PROFILES[profileName];
  const { emulator, engine, audienceId } = await setUp(profileName, { behaviour: profile.behaviour });
  const lagMs = profile.behaviour?.sharingListLagMs ?? 0;
  const settle = () => new Promise((resolve) => setTimeout(resolve, lagMs + 100));
  const base = { adAccountId: OWNER, audienceId };
  const first = { ...base, recipientAdAccountIds: ["111", "222"], recipientBusinessIds: ["900"] };
  const second = { ...base, recipientAdAccountIds: ["111", "333"], recipientBusinessIds: ["901"] };

  expect((await engine.up(await declare(first))).errors).toEqual([]);
  await settle();
  expect((await engine.refresh()).errors).toEqual([]);
  expect(ops(await engine.preview(await declare(first)))).toEqual(["same"]);
  expect((await engine.up(await declare(second))).errors).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111", "333"], businessIds: ["901"] });
  emulator.revokeByHand(OWNER, audienceId, { adAccountIds: ["111"] });
  await settle();
  await engine.refresh();
  const repaired = await engine.up(await declare(second));
  expect(repaired.errors).toEqual([]);
  expect(ops(repaired)).toEqual(["update"]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111", "333"], businessIds: ["901"] });
  await settle();
  expect((await engine.refresh()).errors).toEqual([]);
  expect(ops(await engine.preview(await declare(second)))).toEqual(["same"]);
  expect((await engine.destroy()).errors).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: [] });
  expectValidRequests(emulator);
}

const SHARING_PROFILES = Object.keys(EMULATOR_PROFILES).filter((name) => name === "plain" || /sharing|recipients/.test(name));

test.each(SHARING_PROFILES)("the journey ends as declared under the %s profile", async (name) => {
  await journey(name);
});

test("a SHARE that takes effect but loses its answer is not sent blindly again: the list shows it done", async () => {
  const { emulator, engine, audienceId } = await setUp("commit-then-drop", { behaviour: { reshare: "reject" } });
  emulator.setFaults({ commitThenDropNext: 1, operations: [SHARE_ACCOUNTS] });
  const up = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] }));
  expect(up.errors).toEqual([]);
  // One SHARE was sent (and committed); the list afterwards showed 111, so nothing was re-sent.
  expect(emulator.requests(SHARE_ACCOUNTS)).toHaveLength(1);
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
});

test("a REVOKE that commits after the client saw its connection drop: the step converges without a refused repeat", async () => {
  const { emulator, engine, audienceId } = await setUp("commit-after-drop", { behaviour: { revokeUnshared: "reject" } });
  const resources = await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111", "222"] });
  expect((await engine.up(resources)).errors).toEqual([]);
  emulator.setFaults({ commitAfterDropNext: 1, commitAfterDropMs: 300, operations: [SHARE_ACCOUNTS] });
  const up = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] }));
  expect(up.errors).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
});

test("5xx and 429 on the sharing endpoints: the SHARE is reconciled, never duplicated, and the step succeeds", async () => {
  const { emulator, engine, audienceId } = await setUp("server-errors", { behaviour: { reshare: "reject" } });
  emulator.setFaults({
    serverErrorNext: 1,
    throttleNext: 1,
    throttleRetryAfterSeconds: 1,
    operations: [SHARE_ACCOUNTS, "audiences/shared_accounts"],
  });
  const up = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] }));
  expect(up.errors).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
  expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([{ audience_id: audienceId, recipient_account_ids: ["111"], operation_type: "SHARE" }]);
});

test("sharing an audience the ad account does not have fails naming the ids; an audience removed later drops the sharing on refresh", async () => {
  const { emulator, engine, audienceId } = await setUp("missing");
  const missing = await engine.up(await declare({ adAccountId: OWNER, audienceId: "123456", recipientAdAccountIds: ["111"] }));
  expect(missing.errors[0].message).toContain("has no audience 123456");
  const up = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] }));
  expect(up.errors).toEqual([]);
  expect(emulator.deleteAudience(OWNER, audienceId)).toBe(true);
  await engine.refresh();
  expect(engine.state()).toEqual([]);
});

test("read follows every page of recipients: 260 ad accounts take two pages of 250, and refresh finds no drift", async () => {
  const { emulator, engine, audienceId } = await setUp("pages");
  const many = Array.from({ length: 260 }, (_, i) => String(100000 + i));
  const resources = await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: many });
  expect((await engine.up(resources)).errors).toEqual([]);
  emulator.resetCounters();
  expect((await engine.refresh()).errors).toEqual([]);
  const pages = emulator.requests("audiences/shared_accounts");
  expect(pages).toHaveLength(2);
  expect(pages[1].params.bookmark).toBeTruthy();
  expect(engine.state()[0].outputs.recipientAdAccountIds).toEqual([...many].sort());
  expect(ops(await engine.preview(resources))).toEqual(["same"]);
});

test("an unknown key in sharedWith is named, besides the missing recipients", () => {
  const { validateDeclaration } = require("../../provider/schema/validate") as typeof import("../../provider/schema/validate");
  const declaration = { adAccountId: OWNER, name: "n", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5" }, sharedWith: { pinIds: ["2"] } };
  expect(validateDeclaration(declaration, { allowSharedWith: true })).toEqual([
    { property: "sharedWith", reason: expect.stringContaining("declare adAccountIds or businessIds") },
    { property: "sharedWith.pinIds", reason: expect.stringContaining("is not allowed here") },
  ]);
});

test("a kind the declaration starts to manage is listed first: recipients it already has get no request, others are revoked", async () => {
  const { emulator, engine, audienceId } = await setUp("newly-managed", { behaviour: { reshare: "reject" } });
  const base = { adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] };
  expect((await engine.up(await declare(base))).errors).toEqual([]);
  emulator.shareByHand(OWNER, audienceId, { businessIds: ["900", "901"] });
  emulator.resetCounters();
  const up = await engine.up(await declare({ ...base, recipientBusinessIds: ["900", "902"] }));
  expect(up.errors).toEqual([]);
  expect(bodies(emulator, SHARE_BUSINESSES)).toEqual([
    { audience_id: audienceId, recipient_business_ids: ["902"], operation_type: "SHARE" },
    { audience_id: audienceId, recipient_business_ids: ["901"], operation_type: "REVOKE" },
  ]);
  expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId).businessIds).toEqual(["900", "902"]);
});
