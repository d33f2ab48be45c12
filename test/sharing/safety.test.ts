/**
 * Nobody keeps an audience they were meant to lose, through Pulumi's real dynamic-provider plugin (driven by the
 * engine stand-in) against the emulator, with a proxy in front of it answering what Pinterest might:
 *
 * - a failed update or create records everyone who may hold the audience because of the resource (a SHARE that
 *   succeeded or whose outcome is unknown, a REVOKE that was not confirmed), so destroy revokes them all;
 * - a recipient list no longer declared is no longer managed: no request, no read at refresh, no REVOKE at
 *   destroy; `[]` revokes every recipient of its kind, alone too; a declaration with no list is refused;
 * - destroy succeeds only when a read confirms the audience is gone, whatever a REVOKE on a gone audience answers
 *   (404 or 400); a 404 or any other error on an audience that still reads fine fails with Pinterest's words.
 */
import { bodies, ops, OWNER, SHARE_ACCOUNTS, SHARE_BUSINESSES, useSharingStack } from "../helpers/sharing-stack";
import { isSharingPatch, UNAVAILABLE } from "../helpers/steerable-proxy";

jest.setTimeout(120_000);

const { setUp, declare } = useSharingStack("sharing-safety");

describe("a failed step records every write that may have taken effect", () => {
  test("update {111} -> {222}: the SHARE of 222 succeeds, the REVOKE of 111 fails (503s): the state holds both, destroy revokes both", async () => {
    const { emulator, engine, audienceId, intercept } = await setUp("failed-update", {}, { proxied: true });
    const base = { adAccountId: OWNER, audienceId };
    expect((await engine.up(await declare({ ...base, recipientAdAccountIds: ["111"] }))).errors).toEqual([]);

    intercept((request) => (isSharingPatch(request, "REVOKE") ? UNAVAILABLE : undefined));
    const failed = await engine.up(await declare({ ...base, recipientAdAccountIds: ["222"] }));
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0].message).toMatch(/HTTP 503.*Service temporarily unavailable/);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111", "222"]);
    expect(engine.state()[0].outputs).toMatchObject({ recipientAdAccountIds: ["111", "222"] });

    intercept(undefined);
    expect((await engine.destroy()).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: [] });
    expect(engine.state()).toEqual([]);
  });

  test("a refused SHARE whose list shows some of its recipients holding the audience records them: they are declared, and destroy revokes them", async () => {
    const { emulator, engine, audienceId } = await setUp("listed-holders", { outsideHierarchy: { adAccountIds: ["999"] } });
    const base = { adAccountId: OWNER, audienceId };
    expect((await engine.up(await declare({ ...base, recipientAdAccountIds: ["111"] }))).errors).toEqual([]);
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["222"] });
    const failed = await engine.up(await declare({ ...base, recipientAdAccountIds: ["111", "222", "999"] }));
    expect(failed.errors[0].message).toMatch(/HTTP 400.*999/);
    expect(engine.state()[0].outputs).toMatchObject({ recipientAdAccountIds: ["111", "222"] });
    expect((await engine.destroy()).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual([]);
  });

  test("create: ad accounts shared, the businesses' SHARE takes effect but answers 503 and the list lags: both are recorded, destroy revokes both", async () => {
    const { emulator, engine, audienceId, intercept } = await setUp(
      "failed-create",
      { behaviour: { sharingListLagMs: 3_600_000 } },
      { proxied: true },
    );
    intercept((request) => (isSharingPatch(request, "SHARE", "businesses") ? { commitThen: UNAVAILABLE } : undefined));
    const failed = await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] }));
    expect(failed.errors).toHaveLength(1);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111"], businessIds: ["900"] });
    const [recorded] = engine.state();
    expect(recorded.id).toBe(audienceId);
    expect(recorded.outputs).toMatchObject({ recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] });

    intercept(undefined);
    expect((await engine.destroy()).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: [] });
  });

  test("create: a SHARE refused whole (nothing took effect) records nothing; one of unknown outcome that did not take effect is recorded", async () => {
    const { emulator, engine, audienceId, intercept } = await setUp("create-nothing", {}, { proxied: true });
    const declaration = { adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] };
    intercept((request) =>
      isSharingPatch(request, "SHARE") ? { status: 403, body: { code: 29, message: "You are not permitted to access that resource." } } : undefined,
    );
    const refused = await engine.up(await declare(declaration));
    expect(refused.errors[0].message).toMatch(/HTTP 403.*code 29/);
    expect(engine.state()).toEqual([]);

    // A 503 on every SHARE: whether it took effect is unknown, so the sharing is recorded (a superset is safe).
    intercept((request) => (isSharingPatch(request, "SHARE") ? UNAVAILABLE : undefined));
    const unknown = await engine.up(await declare(declaration));
    expect(unknown.errors).toHaveLength(1);
    expect(engine.state()[0].outputs).toMatchObject({ recipientAdAccountIds: ["111"] });
    intercept(undefined);
    const repaired = await engine.up(await declare(declaration));
    expect(repaired.errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
  });
});

describe("a list left out is not managed; [] revokes every recipient of its kind", () => {
  test("managed -> left out: an update with no request whose outputs drop the list; refresh does not read it, destroy does not revoke it", async () => {
    const { emulator, engine, audienceId } = await setUp("left-out");
    const base = { adAccountId: OWNER, audienceId, recipientBusinessIds: ["900"] };
    expect((await engine.up(await declare({ ...base, recipientAdAccountIds: ["111"] }))).errors).toEqual([]);

    emulator.resetCounters();
    const dropped = await engine.up(await declare(base));
    expect(dropped.errors).toEqual([]);
    expect(ops(dropped)).toEqual(["update"]);
    expect(emulator.requests()).toEqual([]);
    expect(engine.state()[0].outputs).not.toHaveProperty("recipientAdAccountIds");
    expect(ops(await engine.preview(await declare(base)))).toEqual(["same"]);

    expect((await engine.refresh()).errors).toEqual([]);
    expect(emulator.requests("audiences/shared_accounts").map((r) => r.params.account_type)).toEqual(["BUSINESS_ACCOUNT"]);
    expect(engine.state()[0].outputs).not.toHaveProperty("recipientAdAccountIds");

    expect((await engine.destroy()).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111"], businessIds: [] });
    expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([]);
  });

  test("left out -> []: every recipient of that kind is revoked; [] alone is a declaration too, and a list left out again is left as it is", async () => {
    const { emulator, engine, audienceId } = await setUp("empty-list");
    const base = { adAccountId: OWNER, audienceId };
    expect((await engine.up(await declare({ ...base, recipientBusinessIds: ["900"] }))).errors).toEqual([]);
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "555"] });

    emulator.resetCounters();
    const revoked = await engine.up(await declare({ ...base, recipientAdAccountIds: [], recipientBusinessIds: ["900"] }));
    expect(revoked.errors).toEqual([]);
    expect(bodies(emulator, SHARE_ACCOUNTS)).toEqual([{ audience_id: audienceId, recipient_account_ids: ["111", "555"], operation_type: "REVOKE" }]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: ["900"] });

    // [] alone: the businesses are no longer managed (no request), ad accounts stay revoked.
    emulator.resetCounters();
    const alone = await engine.up(await declare({ ...base, recipientAdAccountIds: [] }));
    expect(alone.errors).toEqual([]);
    expect(emulator.requests()).toEqual([]);
    expect(engine.state()[0].outputs).toMatchObject({ recipientAdAccountIds: [] });
    expect(engine.state()[0].outputs).not.toHaveProperty("recipientBusinessIds");
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["666"] });
    expect((await engine.refresh()).errors).toEqual([]);
    expect((await engine.up(await declare({ ...base, recipientAdAccountIds: [] }))).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: ["900"] });

    expect((await engine.destroy()).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: [], businessIds: ["900"] });
    expect(bodies(emulator, SHARE_BUSINESSES)).toEqual([]);
  });

  test("check: [] alone is accepted; a declaration with no list at all is refused, saying what to declare instead", async () => {
    const { emulator, engine, audienceId } = await setUp("check-lists");
    const empty = await engine.preview(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: [] }));
    expect(empty.steps[0].failures ?? []).toEqual([]);
    const none = await engine.preview(await declare({ adAccountId: OWNER, audienceId }));
    expect(none.steps[0].failures).toEqual([
      { property: "", reason: expect.stringMatching(/declare recipientAdAccountIds or recipientBusinessIds.*\[\] revokes/) },
    ]);
    expect(emulator.requests()).toEqual([]);
  });

  test("a failed update that drops one kind and manages a new one records neither when nothing took effect: refresh reads no kind, and AudienceSharing.get still reads both", async () => {
    const { emulator, engine, audienceId } = await setUp("no-kind", { outsideHierarchy: { businessIds: ["999"] } });
    const base = { adAccountId: OWNER, audienceId };
    expect((await engine.up(await declare({ ...base, recipientAdAccountIds: ["111"] }))).errors).toEqual([]);
    const failed = await engine.up(await declare({ ...base, recipientBusinessIds: ["999"] }));
    expect(failed.errors).toHaveLength(1);
    const outputs = engine.state()[0].outputs;
    expect(outputs).not.toHaveProperty("recipientAdAccountIds");
    expect(outputs).not.toHaveProperty("recipientBusinessIds");

    emulator.resetCounters();
    expect((await engine.refresh()).errors).toEqual([]);
    expect(emulator.requests("audiences/shared_accounts")).toEqual([]);
    expect(engine.state()[0].outputs).not.toHaveProperty("recipientAdAccountIds");
    expect(engine.state()[0].inputs).toMatchObject({ recipientBusinessIds: ["999"] });

    expect((await engine.up(await declare({ ...base, recipientBusinessIds: ["900"] }))).errors).toEqual([]);
    expect((await engine.destroy()).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111"], businessIds: [] });

    const read = await engine.up(await declare(base, { get: true }));
    expect(read.errors).toEqual([]);
    expect(engine.state()[0].outputs).toMatchObject({ recipientAdAccountIds: ["111"], recipientBusinessIds: [] });
  });
});

describe("destroy: only a read that confirms the audience is gone makes a failed REVOKE a success", () => {
  // How a removed audience reads: 404, with a removed status, or as it was (then only the account's list shows it gone).
  const READINGS = { "answers 404": {}, "answers REMOVED": { removedStatus: "REMOVED" }, "reads as it was": { removedAnswersGet: true } } as const;
  test.each([
    [404, "answers 404"],
    [404, "answers REMOVED"],
    [404, "reads as it was"],
    [400, "answers 404"],
    [400, "answers REMOVED"],
    [400, "reads as it was"],
  ] as const)("a REVOKE on a gone audience answers %s, the audience %s: destroy succeeds", async (status, reading) => {
    const behaviour = { goneAudienceSharingStatus: status, ...READINGS[reading] };
    const { emulator, engine, audienceId } = await setUp(`gone-${status}-${reading.replace(/ /g, "-")}`, { behaviour });
    expect((await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] }))).errors).toEqual([]);
    expect(emulator.deleteAudience(OWNER, audienceId)).toBe(true);
    emulator.resetCounters();
    const destroyed = await engine.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(engine.state()).toEqual([]);
    expect(emulator.requests(SHARE_ACCOUNTS).map((r) => r.status)).toContain(status);
    expect(emulator.requests("get").length).toBeGreaterThan(0);
  });

  test("a 404, 400, 403 or 5xx on a REVOKE while the audience still reads fine, or cannot be read, fails destroy with Pinterest's code and message; the recipient keeps it until a REVOKE succeeds", async () => {
    const { emulator, engine, audienceId, intercept } = await setUp("not-gone", {}, { proxied: true });
    expect((await engine.up(await declare({ adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] }))).errors).toEqual([]);
    const notFound = { status: 404, body: { code: 2, message: "Ad account not found." } };
    const cases = [
      { revoke: notFound },
      { revoke: { status: 400, body: { code: 1, message: "Invalid ad account id." } } },
      { revoke: { status: 403, body: { code: 29, message: "You are not permitted to access that resource." } } },
      { revoke: UNAVAILABLE },
      // A 404 that a read of the audience cannot confirm (the read fails) is no more "gone" than one it contradicts.
      { revoke: notFound, audience: UNAVAILABLE },
    ];
    for (const { revoke, audience } of cases) {
      const readsAudience = (path: string): boolean => path === `/v5/ad_accounts/${OWNER}/audiences/${audienceId}`;
      intercept((request) =>
        isSharingPatch(request, "REVOKE") ? revoke : audience && request.method === "GET" && readsAudience(request.path) ? audience : undefined,
      );
      const destroyed = await engine.destroy();
      expect(destroyed.errors).toHaveLength(1);
      const message = destroyed.errors[0].message;
      expect(message).toContain(`HTTP ${revoke.status}`);
      expect(message).toContain(`(code ${revoke.body.code}): ${revoke.body.message}`);
      expect(message).toContain(`the sharing of audience ${audienceId}`);
      expect(engine.state()).toHaveLength(1);
      expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
    }
    intercept(undefined);
    expect((await engine.destroy()).errors).toEqual([]);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual([]);
  });
});
