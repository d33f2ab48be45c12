/**
 * The `AudienceSharing` steps in-process (provider/sharing/lifecycle.ts) against the emulator, request by request:
 *
 * - create lists each managed kind and sends one SHARE for the missing recipients and one REVOKE for those shared by
 *   hand, so Pinterest holds exactly the declaration; a kind left out is never read or changed;
 * - update sends one SHARE and one REVOKE per changed kind from the recorded set, lists a kind it starts to manage,
 *   drops a kind no longer declared without a request, and, re-running a failed step (no change), lists every kind;
 * - read lists the kinds the state manages (a lookup: every kind), and reports an audience that is gone;
 * - check and diff, which send nothing.
 */
import { sessionClient } from "../../provider/plugin/session";
import { check, configure, create, diff, read, update } from "../../provider/sharing/lifecycle";
import { LOOKUP_KEY } from "../../provider/sharing/model";
import { OWNER, useSharingInProcess } from "../helpers/sharing-in-process";

const setUp = useSharingInProcess();

describe("create", () => {
  test("shares with the missing recipients and revokes those shared by hand, one request each per kind", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "333"], businessIds: ["901"] });
    const result = await create({ ...base, recipientAdAccountIds: ["222", "111"], recipientBusinessIds: ["900"] });
    expect(result).toEqual({ id: audienceId, outs: { ...base, recipientAdAccountIds: ["111", "222"], recipientBusinessIds: ["900"] } });
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111", "222"], businessIds: ["900"] });
    expect(requests).toEqual([
      "GET recipients AD_ACCOUNT",
      "PATCH ad_accounts SHARE 222",
      "PATCH ad_accounts REVOKE 333",
      "GET recipients BUSINESS_ACCOUNT",
      "PATCH businesses SHARE 900",
      "PATCH businesses REVOKE 901",
    ]);
  });

  test("a kind left out is neither read nor changed", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { businessIds: ["901"] });
    const result = await create({ ...base, recipientAdAccountIds: ["111"] });
    expect(result.outs).toEqual({ ...base, recipientAdAccountIds: ["111"] });
    expect(requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts SHARE 111"]);
    expect(emulator.recipients(OWNER, audienceId).businessIds).toEqual(["901"]);
  });

  test("an audience the ad account does not have cannot be shared, and nothing is recorded", async () => {
    const { emulator, audienceId, base } = await setUp();
    emulator.deleteAudience(OWNER, audienceId);
    const failure = await create({ ...base, recipientAdAccountIds: ["111"] }).catch((error: Error & { id?: string }) => error);
    expect((failure as Error).message).toContain(
      `Ad account ${OWNER} has no audience ${audienceId} (or it was removed), so it cannot be shared. Check audienceId and adAccountId: only the ad account that owns an audience can share it.`,
    );
    expect((failure as { id?: string }).id).toBeUndefined();
  });
});

describe("update", () => {
  test("a changed kind is listed, then one SHARE of those missing and one REVOKE of those not declared", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "222"] });
    const result = await update(audienceId, { ...base, recipientAdAccountIds: ["111", "222"] }, { ...base, recipientAdAccountIds: ["222", "333"] });
    expect(result).toEqual({ outs: { ...base, recipientAdAccountIds: ["222", "333"] } });
    expect(requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts SHARE 333", "PATCH ad_accounts REVOKE 111"]);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["222", "333"]);
  });

  test("a kind whose declared set is the recorded one is neither listed nor written while another kind changes", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"], businessIds: ["900"] });
    await update(
      audienceId,
      { ...base, recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] },
      { ...base, recipientAdAccountIds: ["111"], recipientBusinessIds: ["901"] },
    );
    expect(requests).toEqual(["GET recipients BUSINESS_ACCOUNT", "PATCH businesses SHARE 901", "PATCH businesses REVOKE 900"]);
  });

  test("the live list, not the recorded set, decides what is sent: a recipient gone or added by hand since the last refresh", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["222", "444"] });
    await update(audienceId, { ...base, recipientAdAccountIds: ["111", "222"] }, { ...base, recipientAdAccountIds: ["111", "333"] });
    expect(requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts SHARE 111,333", "PATCH ad_accounts REVOKE 222,444"]);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111", "333"]);
  });

  test("a kind the declaration starts to manage is listed first; a kind it leaves out stops being managed, with no request", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"], businessIds: ["901"] });
    const result = await update(audienceId, { ...base, recipientAdAccountIds: ["111"] }, { ...base, recipientBusinessIds: ["900"] });
    expect(result).toEqual({ outs: { ...base, recipientBusinessIds: ["900"] } });
    expect(requests).toEqual(["GET recipients BUSINESS_ACCOUNT", "PATCH businesses SHARE 900", "PATCH businesses REVOKE 901"]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111"], businessIds: ["900"] });
  });

  test("[] revokes every recipient of its kind", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "222"] });
    await update(audienceId, { ...base, recipientAdAccountIds: ["111", "222"] }, { ...base, recipientAdAccountIds: [] });
    expect(requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts REVOKE 111,222"]);
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual([]);
  });

  test("with no change (the engine re-running a failed step), every managed kind is listed and what is missing is sent", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { businessIds: ["900"] });
    const declared = { ...base, recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] };
    await update(audienceId, declared, declared);
    expect(requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts SHARE 111", "GET recipients BUSINESS_ACCOUNT"]);
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111"], businessIds: ["900"] });
  });
});

describe("read", () => {
  test("lists only the kinds the state manages, through the owner's recipients", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["222", "111"], businessIds: ["900"] });
    await expect(read(audienceId, { ...base, recipientAdAccountIds: ["111"] })).resolves.toEqual({
      id: audienceId,
      props: { ...base, recipientAdAccountIds: ["111", "222"] },
    });
    expect(requests).toEqual(["GET recipients AD_ACCOUNT"]);
  });

  test("AudienceSharing.get lists every kind and returns it as the inputs too", async () => {
    const { emulator, audienceId, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"], businessIds: ["900"] });
    const outs = { adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] };
    await expect(read(audienceId, { adAccountId: OWNER, [LOOKUP_KEY]: true })).resolves.toEqual({ id: audienceId, props: outs, inputs: outs });
    expect(requests).toEqual(["GET recipients AD_ACCOUNT", "GET recipients BUSINESS_ACCOUNT"]);
  });

  test("AudienceSharing.get refuses a malformed id before any request", async () => {
    const { requests } = await setUp();
    await expect(read("0111", { adAccountId: OWNER, [LOOKUP_KEY]: true })).rejects.toThrow(
      /^Cannot read the sharing AudienceSharing\.get names: .*0111.*Nothing was read\.$/,
    );
    expect(requests).toEqual([]);
  });

  test("an audience that is gone reads as no sharing (Pulumi drops it)", async () => {
    const { emulator, audienceId, base } = await setUp();
    emulator.deleteAudience(OWNER, audienceId);
    await expect(read(audienceId, { ...base, recipientAdAccountIds: ["111"] })).resolves.toEqual({});
  });

  test("without the owner ad account, says how to pass it", async () => {
    await expect(read("2542620639259", {})).rejects.toThrow(
      'Cannot read the sharing of audience 2542620639259: its ad account id is unknown. Pass it when reading existing sharing: AudienceSharing.get(name, "2542620639259", { adAccountId: "<owner ad account id>" }).',
    );
  });

  test("a failing listing names the sharing it was reading", async () => {
    const { audienceId, base, intercept } = await setUp();
    intercept(() => ({ status: 403, body: { code: 29, message: "No access to this ad account." } }));
    await expect(read(audienceId, { ...base, recipientAdAccountIds: ["111"] })).rejects.toThrow(
      new RegExp(`^Reading the sharing of audience ${audienceId} \\(owner ad account ${OWNER}\\) failed: .*No access to this ad account\\.`),
    );
  });

  test("a refresh of sharing recorded under an id with a leading zero (accepted before they were refused) is read, not refused as a lookup is", async () => {
    const { audienceId, base, requests } = await setUp();
    await expect(read(`0${audienceId}`, { ...base, audienceId: `0${audienceId}`, recipientAdAccountIds: ["111"] })).resolves.toBeDefined();
    expect(requests[0]).toBe("GET recipients AD_ACCOUNT");
  });
});

describe("configure and inputs never checked", () => {
  test("configure takes the stack configuration: the session's client reaches the configured API with the configured token", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    const config: Record<string, string> = { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
    await configure({ get: (key: string) => config[key] });
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
    try {
      await expect(read(audienceId, { ...base, recipientAdAccountIds: [] })).resolves.toMatchObject({ props: { recipientAdAccountIds: ["111"] } });
      expect(emulator.counters().requests).toBe(1);
      // Straight to the configured API: not through the test's proxy, whose client the session held before.
      expect(requests).toEqual([]);
    } finally {
      sessionClient().close();
    }
  });

  test("a step on a declaration that lacks its ids (never checked) fails before any request, saying they are unknown", async () => {
    const { requests } = await setUp();
    await expect(update("2542620639259", { recipientAdAccountIds: ["111"] }, { recipientAdAccountIds: ["222"] })).rejects.toThrow(
      /^Updating the sharing of audience \(unknown\) \(owner ad account \(unknown\)\) failed: /,
    );
    expect(requests).toEqual([]);
  });
});

describe("check and diff (no request)", () => {
  test("check refuses the owner as a recipient, at its place in the list", async () => {
    const news = { adAccountId: OWNER, audienceId: "2542620639259", recipientAdAccountIds: ["111", OWNER] };
    const result = await check({}, news);
    expect(result.inputs).toBe(news);
    expect(result.failures).toContainEqual({
      property: "recipientAdAccountIds[1]",
      reason: expect.stringContaining(`is the owner ad account ${OWNER}`),
    });
    expect((await check({}, { ...news, recipientAdAccountIds: ["111"] })).failures).toStrictEqual([]);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, { changes: boolean; replaces: string[] }]>([
    [
      "the same recipients in another order",
      { recipientAdAccountIds: ["111", "222"] },
      { recipientAdAccountIds: ["222", "111"] },
      { changes: false, replaces: [] },
    ],
    ["a recipient added", { recipientAdAccountIds: ["111"] }, { recipientAdAccountIds: ["111", "222"] }, { changes: true, replaces: [] }],
    ["another audience", { audienceId: "2542620639260" }, {}, { changes: true, replaces: ["audienceId"] }],
  ])("diff: %s", async (_what, olds, news, expected) => {
    const base = { adAccountId: OWNER, audienceId: "2542620639259" };
    await expect(diff("2542620639259", { ...base, ...olds }, { ...base, ...news })).resolves.toEqual({ ...expected, deleteBeforeReplace: false });
  });
});
