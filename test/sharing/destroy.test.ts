/**
 * Destroying an `AudienceSharing` (provider/sharing/lifecycle.ts `remove`) in-process against the emulator behind
 * a steered proxy: every recipient the state records is revoked, kind by kind, and nothing else; a REVOKE refused
 * with 404 or 400 counts as done only when reading the audience confirms it is gone (a GET answering 404 or a removed
 * status, or the audience absent from the account's list); any other failure, or a read that confirms nothing,
 * fails the step with Pinterest's words.
 */
import { remove } from "../../provider/sharing/lifecycle";
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
    await expect(remove(audienceId, { ...base, recipientAdAccountIds: ["111"] })).rejects.toThrow(/^Revoking the sharing of audience \d+ \(owner ad account 549755885175\).*HTTP 503/);
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
