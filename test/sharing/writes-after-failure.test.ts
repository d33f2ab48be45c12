/**
 * A SHARE or REVOKE that failed is never blindly re-sent (provider/sharing/writes.ts), in-process against the
 * emulator behind a steered proxy, the client making no retries of its own:
 *
 * - after an unknown outcome (5xx) or a refusal Pinterest may give for a recipient that already has, or lacks, the
 *   audience (400, 409), the recipients are listed: a goal already met is done, and only what is missing is sent
 *   again, at most three times;
 * - any other refusal (403) fails at once, and so does a refusal whose listing shows nothing changed;
 * - a listing that fails too is reported with the write's error; an audience gone meanwhile fails with the write's;
 * - the recipients' listing answering 404 is told apart by reading the audience.
 */
import type { PinterestApiError } from "../../provider/api/errors";
import { create, read, update } from "../../provider/sharing/lifecycle";
import { NO_RETRIES, OWNER, refused, useSharingInProcess, type SharingRig } from "../helpers/sharing-in-process";
import { isSharingPatch, UNAVAILABLE, type ProxyDecision } from "../helpers/steerable-proxy";
import type { RecordedRequest } from "../helpers/fake-server";

const setUp = useSharingInProcess();
const isRecipientsList = (request: RecordedRequest): boolean => request.method === "GET" && request.path.endsWith("/audiences/shared/accounts");
const isAudienceGet = (request: RecordedRequest): boolean => request.method === "GET" && /\/audiences\/\d+$/.test(request.path);

/** Shares with 111 and 222 from nothing, with the proxy steered by `steer` (which sees the rig). */
async function shareTwo(steer: (request: RecordedRequest, rig: SharingRig) => ProxyDecision) {
  const rig = await setUp({}, NO_RETRIES);
  rig.intercept((request) => steer(request, rig));
  const step = create({ ...rig.base, recipientAdAccountIds: ["111", "222"] });
  return { rig, step };
}

test.each([400, 409])("a SHARE refused with %i that the list shows done counts as done", async (status) => {
  const { rig, step } = await shareTwo((request) => (isSharingPatch(request, "SHARE") ? { commitThen: refused(status) } : undefined));
  await expect(step).resolves.toMatchObject({ outs: { recipientAdAccountIds: ["111", "222"] } });
  expect(rig.requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts SHARE 111,222", "GET recipients AD_ACCOUNT"]);
});

test("a SHARE refused with 409 after part of it took effect: only the rest is sent again", async () => {
  let first = true;
  const { rig, step } = await shareTwo((request, { emulator, audienceId }) => {
    if (!isSharingPatch(request, "SHARE") || !first) return undefined;
    first = false;
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
    return refused(409);
  });
  await step;
  expect(rig.requests).toEqual([
    "GET recipients AD_ACCOUNT",
    "PATCH ad_accounts SHARE 111,222",
    "GET recipients AD_ACCOUNT",
    "PATCH ad_accounts SHARE 222",
  ]);
  expect(rig.emulator.recipients(OWNER, rig.audienceId).adAccountIds).toEqual(["111", "222"]);
});

test("a SHARE refused with 400 that changed nothing fails with Pinterest's words, sent once", async () => {
  const { rig, step } = await shareTwo((request) => (isSharingPatch(request, "SHARE") ? refused(400) : undefined));
  await expect(step).rejects.toThrow("Refused with 400.");
  expect(rig.requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts SHARE 111,222", "GET recipients AD_ACCOUNT"]);
});

test("a SHARE refused with 403 fails at once, without a listing", async () => {
  const { rig, step } = await shareTwo((request) => (isSharingPatch(request, "SHARE") ? refused(403) : undefined));
  await expect(step).rejects.toThrow("Refused with 403.");
  expect(rig.requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts SHARE 111,222"]);
});

test("a SHARE whose outcome stays unknown is sent three times, each followed by a listing, then fails", async () => {
  const { rig, step } = await shareTwo((request) => (isSharingPatch(request, "SHARE") ? UNAVAILABLE : undefined));
  await expect(step).rejects.toThrow("HTTP 503");
  expect(rig.requests.filter((r) => r.startsWith("PATCH"))).toEqual(times(3, "PATCH ad_accounts SHARE 111,222"));
  expect(rig.requests.filter((r) => r.startsWith("GET"))).toHaveLength(4);
});

test("a REVOKE whose answer was lost after it took effect is done once the list shows it", async () => {
  const rig = await setUp({}, NO_RETRIES);
  rig.emulator.shareByHand(OWNER, rig.audienceId, { adAccountIds: ["111"] });
  rig.intercept((request) => (isSharingPatch(request, "REVOKE") ? { commitThen: UNAVAILABLE } : undefined));
  await expect(update(rig.audienceId, { ...rig.base, recipientAdAccountIds: ["111"] }, { ...rig.base, recipientAdAccountIds: [] })).resolves.toEqual({
    outs: { ...rig.base, recipientAdAccountIds: [] },
  });
  expect(rig.requests).toEqual(["GET recipients AD_ACCOUNT", "PATCH ad_accounts REVOKE 111", "GET recipients AD_ACCOUNT"]);
});

test("a REVOKE refused with 400 while the list still shows the recipient fails with Pinterest's words", async () => {
  const rig = await setUp({}, NO_RETRIES);
  rig.emulator.shareByHand(OWNER, rig.audienceId, { adAccountIds: ["111"] });
  rig.intercept((request) => (isSharingPatch(request, "REVOKE") ? refused(400) : undefined));
  await expect(update(rig.audienceId, { ...rig.base, recipientAdAccountIds: ["111"] }, { ...rig.base, recipientAdAccountIds: [] })).rejects.toThrow(
    "Refused with 400.",
  );
});

test("a listing after a failed write that fails too is reported with both, and what to run", async () => {
  let listings = 0;
  const { step } = await shareTwo((request) => {
    if (isSharingPatch(request, "SHARE")) return UNAVAILABLE;
    if (isRecipientsList(request) && ++listings > 1) return refused(403);
    return undefined;
  });
  const failure = (await step.catch((error: Error) => error)) as Error;
  expect(failure.message).toMatch(
    /HTTP 503.* Listing who has the audience, to learn whether the change took effect, failed too: .*Refused with 403\..* Run `pulumi refresh` and then `pulumi up` again/,
  );
  // The step's error wraps the listing's, which keeps the write's own error as its cause.
  expect(((failure.cause as Error).cause as PinterestApiError).status).toBe(503);
});

test("an audience gone by the time of the listing fails with the write's own error", async () => {
  const { step } = await shareTwo((request, { emulator, audienceId }) => {
    if (!isSharingPatch(request, "SHARE")) return undefined;
    emulator.deleteAudience(OWNER, audienceId);
    return UNAVAILABLE;
  });
  await expect(step).rejects.toThrow(/HTTP 503/);
});

describe("the recipients' listing answering 404 ('Shared accounts not found')", () => {
  const notFound = refused(404);

  test("with the audience still there: shared with nobody", async () => {
    const rig = await setUp({}, NO_RETRIES);
    rig.intercept((request) => (isRecipientsList(request) ? notFound : undefined));
    await expect(read(rig.audienceId, { ...rig.base, recipientAdAccountIds: ["111"] })).resolves.toEqual({
      id: rig.audienceId,
      props: { ...rig.base, recipientAdAccountIds: [] },
    });
  });

  test("with the audience reading as removed: gone", async () => {
    const rig = await setUp({}, NO_RETRIES);
    rig.emulator.editAudience(OWNER, rig.audienceId, { status: "REMOVED" });
    rig.intercept((request) => (isRecipientsList(request) ? notFound : undefined));
    await expect(read(rig.audienceId, { ...rig.base, recipientAdAccountIds: ["111"] })).resolves.toEqual({});
  });

  test("with the audience's own read failing: the failure", async () => {
    const rig = await setUp({}, NO_RETRIES);
    rig.intercept((request) => (isRecipientsList(request) ? notFound : isAudienceGet(request) ? refused(403) : undefined));
    await expect(read(rig.audienceId, { ...rig.base, recipientAdAccountIds: ["111"] })).rejects.toThrow("Refused with 403.");
  });
});

function times(count: number, value: string): string[] {
  return Array.from({ length: count }, () => value);
}
