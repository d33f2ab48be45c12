/**
 * A failed `AudienceSharing` step records everyone who may hold the audience because of it (provider/sharing/
 * lifecycle.ts, Convergence.mayHold), in-process against the emulator behind a steered proxy, the client making no
 * retries of its own:
 *
 * - a SHARE that succeeded or whose outcome is unknown adds its recipients; a REVOKE not confirmed keeps them;
 * - a kind the state managed keeps its recorded set when the step failed before reaching it;
 * - a kind the state did not manage is recorded only when a write of it may have taken effect;
 * - a create that failed before any write may have taken effect records nothing.
 */
import { create, update } from "../../provider/sharing/lifecycle";
import { NO_RETRIES, OWNER, useSharingInProcess } from "../helpers/sharing-in-process";
import { isSharingPatch, UNAVAILABLE } from "../helpers/steerable-proxy";

const setUp = useSharingInProcess();
const FORBIDDEN = { status: 403, body: { code: 29, message: "You do not have access to this ad account." } };
const PROVIDER = "the serialised provider";

/** What a failed step hands the engine: its id, the properties it records, and the reasons. */
type Progress = Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };

async function progressOf(step: Promise<unknown>): Promise<Progress> {
  const failure = await step.then(
    () => undefined,
    (error: Progress) => error,
  );
  expect(failure).toBeInstanceOf(Error);
  return failure as Progress;
}

test("update {111} -> {222}: the SHARE succeeds, the REVOKE fails every time: both are recorded, with the provider and the reason", async () => {
  const { emulator, audienceId, base, intercept, requests } = await setUp({}, NO_RETRIES);
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
  intercept((request) => (isSharingPatch(request, "REVOKE") ? UNAVAILABLE : undefined));
  const failure = await progressOf(
    update(audienceId, { ...base, recipientAdAccountIds: ["111"] }, { ...base, recipientAdAccountIds: ["222"], __provider: PROVIDER }),
  );
  expect(failure.id).toBe(audienceId);
  expect(failure.properties).toEqual({ ...base, recipientAdAccountIds: ["111", "222"], __provider: PROVIDER });
  expect(failure.reasons).toEqual([failure.message]);
  expect(failure.message).toMatch(/^Updating the sharing of audience \d+ \(owner ad account 549755885175\)/);
  // Each REVOKE whose outcome is unknown is followed by a listing; three are sent in all.
  expect(requests).toEqual([
    "GET recipients AD_ACCOUNT",
    "PATCH ad_accounts SHARE 222",
    "PATCH ad_accounts REVOKE 111",
    "GET recipients AD_ACCOUNT",
    "PATCH ad_accounts REVOKE 111",
    "GET recipients AD_ACCOUNT",
    "PATCH ad_accounts REVOKE 111",
    "GET recipients AD_ACCOUNT",
  ]);
});

test("create: a SHARE whose outcome stays unknown records its recipients with those already holding the audience", async () => {
  const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["333"] });
  intercept((request) => (isSharingPatch(request, "SHARE") ? UNAVAILABLE : undefined));
  const failure = await progressOf(create({ ...base, recipientAdAccountIds: ["111"] }));
  expect(failure.id).toBe(audienceId);
  expect(failure.properties).toMatchObject({ ...base, recipientAdAccountIds: ["111", "333"] });
  expect(failure.message).toMatch(/^Sharing the sharing of audience/);
});

test("create: a first write Pinterest refused (403) took no effect: nothing is recorded", async () => {
  const { audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  intercept((request) => (isSharingPatch(request, "SHARE") ? FORBIDDEN : undefined));
  const failure = await progressOf(create({ ...base, recipientAdAccountIds: ["111"] }));
  expect(failure.id).toBeUndefined();
  expect(failure.properties).toBeUndefined();
  expect(failure.message).toContain(`the sharing of audience ${audienceId} (owner ad account ${OWNER})`);
});

test("a kind the state managed keeps its recorded set when the step failed before reaching it", async () => {
  const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"], businessIds: ["900"] });
  intercept((request) => (isSharingPatch(request, "SHARE") ? FORBIDDEN : undefined));
  const recorded = { ...base, recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] };
  const failure = await progressOf(update(audienceId, recorded, { ...base, recipientAdAccountIds: ["222"], recipientBusinessIds: ["901"] }));
  expect(failure.properties).toMatchObject({ recipientAdAccountIds: ["111"], recipientBusinessIds: ["900"] });
});

test("a confirmed REVOKE is recorded; a kind the state did not manage, refused before any effect, is not", async () => {
  const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111", "222"] });
  intercept((request) => (isSharingPatch(request, "SHARE", "businesses") ? FORBIDDEN : undefined));
  const failure = await progressOf(
    update(
      audienceId,
      { ...base, recipientAdAccountIds: ["111", "222"] },
      { ...base, recipientAdAccountIds: ["222"], recipientBusinessIds: ["900"] },
    ),
  );
  expect(failure.properties).toEqual({ ...base, recipientAdAccountIds: ["222"], __provider: undefined });
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["222"], businessIds: [] });
});

test("a kind the state did not manage is recorded once a SHARE of it may have taken effect", async () => {
  const { audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  intercept((request) => (isSharingPatch(request, "SHARE", "businesses") ? UNAVAILABLE : undefined));
  const failure = await progressOf(
    update(audienceId, { ...base, recipientAdAccountIds: [] }, { ...base, recipientAdAccountIds: [], recipientBusinessIds: ["900"] }),
  );
  expect(failure.properties).toEqual({ ...base, recipientAdAccountIds: [], recipientBusinessIds: ["900"], __provider: undefined });
});

test("create: a REVOKE of a recipient shared by hand whose outcome stays unknown records that recipient", async () => {
  const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["333"] });
  intercept((request) => (isSharingPatch(request, "REVOKE") ? UNAVAILABLE : undefined));
  const failure = await progressOf(create({ ...base, recipientAdAccountIds: [] }));
  expect(failure.properties).toEqual({ ...base, recipientAdAccountIds: ["333"], __provider: undefined });
});

test("create: a confirmed REVOKE before a refused SHARE of another kind is recorded", async () => {
  const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["333"] });
  intercept((request) => (isSharingPatch(request, "SHARE", "businesses") ? FORBIDDEN : undefined));
  const failure = await progressOf(create({ ...base, recipientAdAccountIds: [], recipientBusinessIds: ["900"] }));
  expect(failure.properties).toEqual({ ...base, recipientAdAccountIds: [], __provider: undefined });
});

test("a kind the state did not manage and the step never reached is not recorded", async () => {
  const { base, audienceId, intercept } = await setUp({}, NO_RETRIES);
  intercept((request) => (isSharingPatch(request, "SHARE") ? FORBIDDEN : undefined));
  const failure = await progressOf(
    update(audienceId, { ...base, recipientAdAccountIds: ["111"] }, { ...base, recipientAdAccountIds: ["222"], recipientBusinessIds: ["900"] }),
  );
  expect(failure.properties).toEqual({ ...base, recipientAdAccountIds: ["111"], __provider: undefined });
});

test("recipients a refused SHARE's listing shows holding the audience are recorded, and only they", async () => {
  const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  intercept((request) => {
    if (!isSharingPatch(request, "SHARE")) return undefined;
    emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
    return { status: 400, body: { code: 400, message: "Refused." } };
  });
  const failure = await progressOf(update(audienceId, { ...base, recipientAdAccountIds: [] }, { ...base, recipientAdAccountIds: ["111", "222"] }));
  expect(failure.properties).toEqual({ ...base, recipientAdAccountIds: ["111"], __provider: undefined });
});

test("a SHARE whose outcome stayed unknown (its listing failed too) is sent again by the next update, not taken as done (invariant seed 1447467202)", async () => {
  const { emulator, audienceId, base, intercept } = await setUp({}, NO_RETRIES);
  emulator.shareByHand(OWNER, audienceId, { adAccountIds: ["111"] });
  // From the SHARE of 222 on, Pinterest answers nothing but 503 for a while: the SHARE fails, and so does every
  // listing after it.
  let failing = false;
  intercept((request) => ((failing ||= isSharingPatch(request, "SHARE")) ? UNAVAILABLE : undefined));
  const failure = await progressOf(
    update(audienceId, { ...base, recipientAdAccountIds: ["111"] }, { ...base, recipientAdAccountIds: ["222"], __provider: PROVIDER }),
  );
  expect(failure.properties).toMatchObject({ recipientAdAccountIds: ["111", "222"] });
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
  // The next `up` starts from what the failed step recorded: 222 may hold the audience, and does not.
  intercept(undefined);
  await update(audienceId, { ...base, recipientAdAccountIds: ["111", "222"] }, { ...base, recipientAdAccountIds: ["222"], __provider: PROVIDER });
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["222"]);
});
