/**
 * Destroying an `AudienceSharing` (provider/sharing/lifecycle.ts `remove`) in-process against the emulator behind
 * a steered proxy: every recipient the state records is revoked, kind by kind, and nothing else; a REVOKE refused
 * with 404 or 400 counts as done only when reading the audience confirms it is gone (a GET answering 404 or a removed
 * status, or the audience absent from the account's list); any other failure, or a read that confirms nothing,
 * fails the step with Pinterest's words.
 */
import { PinterestClient } from "../../provider/api/client";
import { splitByDeclared } from "../../provider/sharing/declared-this-command";
import { check, create, remove, useClient } from "../../provider/sharing/lifecycle";
import type { RecordedRequest } from "../helpers/fake-server";
import { NO_RETRIES, OWNER, refused, useSharingInProcess } from "../helpers/sharing-in-process";
import { isSharingPatch, UNAVAILABLE } from "../helpers/steerable-proxy";

const setUp = useSharingInProcess();
const isAudienceGet = (request: RecordedRequest): boolean => request.method === "GET" && /\/audiences\/\d+$/.test(request.path);

test("revokes every recorded recipient of the kinds the state manages, one REVOKE per kind", async () => {
  const { emulator, audienceId, base, requests } = await setUp();
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "222", "333"], businessIds: ["900"] });
  await remove(audienceId, { ...base, recipientAdAccountIds: ["222", "111"], recipientBusinessIds: ["900"] });
  expect(requests).toEqual(["PATCH ad_accounts REVOKE 111,222", "PATCH businesses REVOKE 900"]);
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["333"], businessIds: [] });
});

test("an empty or unmanaged kind sends nothing; state without an audience id uses the resource id", async () => {
  const { emulator, audienceId, requests } = await setUp();
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"], businessIds: ["900"] });
  await remove(audienceId, { adAccountId: OWNER, recipientAdAccountIds: [] });
  expect(requests).toEqual([]);
  await remove(audienceId, { adAccountId: OWNER, recipientBusinessIds: ["900"] });
  expect(requests).toEqual(["PATCH businesses REVOKE 900"]);
});

test("state without its ad account says how to get rid of it", async () => {
  await expect(remove("2542620639259", { recipientAdAccountIds: ["111"] })).rejects.toThrow(
    "Cannot delete the sharing of audience 2542620639259: its state has no adAccountId. Remove it from the state with `pulumi state delete`.",
  );
});

describe("a REVOKE on an audience that is gone", () => {
  test.each([404, 400] as const)("answered %i: done, once a GET confirms it", async (status) => {
    const { emulator, audienceId, base } = await setUp({ behaviour: { goneAudienceSharingStatus: status } }, NO_RETRIES);
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
    emulator.deleteAudience(OWNER, audienceId);
    await expect(remove(audienceId, { ...base, recipientAdAccountIds: ["111"] })).resolves.toBeUndefined();
  });

  test("that still answers GET as it was: done, once the account's list leaves it out", async () => {
    const { emulator, audienceId, base, requests } = await setUp({ behaviour: { removedAnswersGet: true } }, NO_RETRIES);
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
    emulator.deleteAudience(OWNER, audienceId);
    await expect(remove(audienceId, { ...base, recipientAdAccountIds: ["111"] })).resolves.toBeUndefined();
    expect(requests).toEqual(["PATCH ad_accounts REVOKE 111", "GET audience", "GET audiences"]);
  });

  test("answered 503: fails, whatever the audience's state (only a 404 or 400 is looked into)", async () => {
    const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
    emulator.deleteAudience(OWNER, audienceId);
    intercept((request) => (isSharingPatch(request, "REVOKE") ? UNAVAILABLE : undefined));
    await expect(remove(audienceId, { ...base, recipientAdAccountIds: ["111"] })).rejects.toThrow(
      /^Revoking the sharing of audience \d+ \(owner ad account 549755885175\).*HTTP 503/,
    );
  });
});

describe("a REVOKE answered 404 for an audience that is not confirmed gone", () => {
  test("the audience still reads fine: fails with Pinterest's words", async () => {
    const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
    intercept((request) => (isSharingPatch(request, "REVOKE") ? refused(404) : undefined));
    await expect(remove(audienceId, { ...base, recipientAdAccountIds: ["111"] })).rejects.toThrow("Refused with 404.");
    expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
  });

  test("the read that would confirm it fails: fails with the REVOKE's words", async () => {
    const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
    emulator.deleteAudience(OWNER, audienceId);
    intercept((request) => (isSharingPatch(request, "REVOKE") ? refused(404) : isAudienceGet(request) ? UNAVAILABLE : undefined));
    await expect(remove(audienceId, { ...base, recipientAdAccountIds: ["111"] })).rejects.toThrow("Refused with 404.");
  });
});

describe("after a check of the same command declared recipients (the old half of a renamed sharing)", () => {
  let written = "";
  beforeEach(() => {
    written = "";
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((written += String(chunk)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  test("leaves the recipients that declaration names, kind by kind, names them, and revokes the others", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "222", "333"], businessIds: ["900"] });
    expect((await check({}, { ...base, recipientAdAccountIds: ["111", "333"], recipientBusinessIds: [] })).failures).toEqual([]);
    await create({ ...base, recipientAdAccountIds: ["111", "333"], recipientBusinessIds: [] });
    requests.length = 0;
    await remove(audienceId, { ...base, recipientAdAccountIds: ["111", "222", "333"], recipientBusinessIds: ["900"] });
    expect(requests).toEqual(["PATCH ad_accounts REVOKE 222", "PATCH businesses REVOKE 900"]);
    expect(written).toBe(
      `Deleting the sharing of audience ${audienceId} (owner ad account ${OWNER}) leaves ad accounts 111, 333 with the audience: another AudienceSharing ` +
        "of this program declares them (a renamed or replaced resource). To move a sharing without deleting it, give the resource an alias.\n",
    );
    expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111", "333"], businessIds: [] });
  });

  test("one recipient is named in the singular; a kind the declaration left out, and another audience, are revoked", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    const other = emulator.seedAudience(OWNER, { name: "Other", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "78" } }).id;
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"], businessIds: ["900"] });
    emulator.shareByHand(OWNER, other, { adAccountIds: ["111"] });
    await check({}, { ...base, recipientAdAccountIds: ["111"] });
    requests.length = 0;
    await remove(audienceId, { ...base, recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] });
    await remove(other, { adAccountId: OWNER, audienceId: other, recipientAdAccountIds: ["111"] });
    expect(requests).toEqual(["PATCH businesses REVOKE 900", "PATCH ad_accounts REVOKE 111"]);
    expect(written).toMatch(/leaves ad account 111 with the audience/);
  });

  test("an invalid declaration, or one whose audience is not known yet, declares nothing; a create alone declares nothing", async () => {
    const { emulator, audienceId, base, requests } = await setUp();
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "222", "333"] });
    expect((await check({}, { ...base, recipientAdAccountIds: ["111", OWNER] })).failures).not.toEqual([]);
    await check({}, { adAccountId: OWNER, audienceId: 42, recipientAdAccountIds: ["222"] });
    await create({ ...base, recipientAdAccountIds: ["111", "222", "333"] });
    requests.length = 0;
    await remove(audienceId, { ...base, recipientAdAccountIds: ["111", "222", "333"] });
    expect(requests).toEqual(["PATCH ad_accounts REVOKE 111,222,333"]);
    expect(written).toBe("");
  });

  test("a new session client (the settings of another command) forgets what was declared", async () => {
    const { audienceId, base } = await setUp();
    await check({}, { ...base, recipientAdAccountIds: ["222"] });
    expect(splitByDeclared(audienceId, "recipientAdAccountIds", ["222"])).toEqual({ revoke: [], keep: ["222"] });
    useClient(new PinterestClient({ accessToken: "x", baseUrl: "http://127.0.0.1:1" }));
    expect(splitByDeclared(audienceId, "recipientAdAccountIds", ["222"])).toEqual({ revoke: ["222"], keep: [] });
  });
});
