/**
 * Named emulator profiles: one per way a real Pinterest may depart from (or fill a gap in) its published
 * description. The provider's lifecycle suite runs under each (test/emulator/profiles-lifecycle.test.ts).
 */
import type { ServerBehaviour } from "./behaviour";
import type { EmulatorOptions } from "./emulator";
import type { FaultSettings } from "./faults";

/** A named set of emulator switches. */
export interface EmulatorProfile {
  /** What the profile emulates, in one line. */
  description: string;
  /** Behaviour switches (see behaviour.ts). */
  behaviour?: Partial<ServerBehaviour>;
  /** Faults applied to every operation from the start (see faults.ts). */
  faults?: Partial<FaultSettings>;
  /** Start options (token lifetimes and rotation). */
  options?: Pick<EmulatorOptions, "rotateRefreshTokens" | "refreshTokenExpiresAtMs" | "tokenTtlSeconds">;
  /** Sign in with the OAuth app and refresh token instead of the access token. */
  useRefreshToken?: boolean;
}

/** Every profile, by name. `plain` is the description's reading. */
export const EMULATOR_PROFILES: Readonly<Record<string, EmulatorProfile>> = {
  plain: { description: "the description's reading: rules replaced whole, answers shaped like requests" },
  "merged-rule-updates": { description: "a PATCH's rule is merged into the old one: removed rule fields stay", behaviour: { ruleUpdates: "merge" } },
  "extra-and-retyped-fields": {
    description: "answers carry fields the description does not list, and numbers as digit strings",
    behaviour: { extraFields: true, numbersAsStrings: true },
  },
  "prefill-not-echoed": { description: "answers leave prefill out of the rule", behaviour: { omitPrefill: true } },
  "null-created-timestamp": { description: "answers carry created_timestamp: null", behaviour: { nullCreatedTimestamp: true } },
  "429-without-retry-after": {
    description: "the first 2 requests of each step are refused with a 429 that carries no Retry-After",
    faults: { throttleNext: 2, throttleRetryAfterSeconds: null },
  },
  "removed-still-answering": {
    description: "a removed audience still answers GET (and lists) with status REMOVED",
    behaviour: { removedStatus: "REMOVED" },
  },
  "removed-answering-get-unchanged": {
    description: "a removed audience still answers GET as it was, status unchanged, but leaves lists",
    behaviour: { removedAnswersGet: true },
  },
  "stale-update-answers": { description: "an update's PATCH answers the audience as it was before the change", behaviour: { patchAnswer: "stale" } },
  "partial-update-answers": { description: "an update's PATCH answers the audience without its rule", behaviour: { patchAnswer: "partial" } },
  "merged-rule-updates-stale-answers": {
    description: "a PATCH's rule is merged into the old one, and the PATCH answers the audience as it was before",
    behaviour: { ruleUpdates: "merge", patchAnswer: "stale" },
  },
  "rotating-refresh-tokens": {
    description: "sign-in by refresh token; each refresh rotates it; access tokens live 1 s; the refresh token expires in 10 days",
    options: { rotateRefreshTokens: true, tokenTtlSeconds: 1, refreshTokenExpiresAtMs: Date.now() + 10 * 24 * 3600 * 1000 },
    useRefreshToken: true,
  },
  "strict-sharing": {
    description:
      "sharing refuses what changes nothing: re-sharing (400), revoking an unshared recipient (400), an empty shared-accounts list (404), outside-hierarchy shares (403)",
    behaviour: { reshare: "reject", revokeUnshared: "reject", emptySharedAccounts: "not_found", outsideHierarchyStatus: 403 },
  },
  "sharing-answers-all-recipients": {
    description: "a sharing PATCH answers every current recipient, not the request's; the AD_ACCOUNT shared-accounts list also lists the owner",
    behaviour: { sharingAnswer: "all", sharedAccountsIncludeOwner: true },
  },
  "sharing-answers-null": { description: "a sharing PATCH answers a body of null", behaviour: { sharingAnswer: "null" } },
  "sharing-answers-empty": { description: "a sharing PATCH answers {}", behaviour: { sharingAnswer: "empty" } },
  "eventually-consistent-sharing": {
    description: "the shared-accounts list shows a SHARE or REVOKE only 2 s later",
    behaviour: { sharingListLagMs: 2000 },
  },
  "sharing-gone-audience-400": {
    description: "a sharing PATCH on a removed or missing audience answers 400 (the only client error the description documents for it), not 404",
    behaviour: { goneAudienceSharingStatus: 400 },
  },
};
