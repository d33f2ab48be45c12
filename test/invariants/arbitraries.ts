/**
 * fast-check arbitraries: a sequence is an emulator setup (profile, Date skews, parallelism) and a list of
 * commands, weighted towards declaration changes and `up`, with hand actions and faults among them.
 */
import * as fc from "fast-check";
import { EMULATOR_PROFILES } from "../../emulator";
import type { Operation as EmulatorOperation } from "../../emulator/operations";
import {
  ChangeAudience,
  ChangeSharingList,
  Destroy,
  Fault,
  HandDelete,
  HandEdit,
  HandRevoke,
  HandShare,
  HandTwin,
  Refresh,
  RemoveAudience,
  RemoveSharing,
  RenameAudience,
  RenameSharing,
  SetAudience,
  SetSharing,
  Up,
  type AudienceChange,
  type Command,
  type FaultSpec,
} from "./commands";
import {
  AUDIENCE_NAMES,
  AUDIENCE_SLOTS,
  DESCRIPTIONS,
  OUTSIDE_HIERARCHY_AD_ACCOUNT,
  RULES,
  SHARING_SLOTS,
  STACK_AD_ACCOUNTS,
  STACK_BUSINESSES,
  type AudienceDecl,
  type AudienceType,
  type SharingDecl,
  type SharingTarget,
  type StackDecl,
} from "./declarations";
import type { RecipientField } from "./model";
import type { SequenceConfig } from "./world";

/** Most commands in one sequence. */
export const MAX_COMMANDS = 18;

/**
 * Profiles a sequence may run under. `rotating-refresh-tokens` is left out: token lifetimes are start options of
 * the one emulator a test file shares; token expiry is a fault instead (every issued access token expires).
 */
const PROFILES = Object.keys(EMULATOR_PROFILES).filter((name) => !EMULATOR_PROFILES[name].options);

/** Skews of the Date header from the clock behind created_timestamp (issue 18: up to ±60 s, front ends disagreeing). */
const SKEWS_MS = [-60_000, -10_000, -3_000, -1_500, 1_500, 3_000, 10_000, 60_000];
const DISAGREEING_SKEWS_MS = [
  [-3_000, 3_000],
  [0, -10_000],
  [1_500, -1_500, 0],
];

/** An emulator setup for one sequence. */
export const sequenceConfig: fc.Arbitrary<SequenceConfig> = fc.record({
  profile: fc.oneof({ arbitrary: fc.constant("plain"), weight: PROFILES.length }, { arbitrary: fc.constantFrom(...PROFILES), weight: PROFILES.length }),
  dateSkewsMs: fc.oneof(
    { arbitrary: fc.constant<number[]>([0]), weight: 4 },
    { arbitrary: fc.constantFrom(...SKEWS_MS).map((skew) => [skew]), weight: 4 },
    { arbitrary: fc.constantFrom(...DISAGREEING_SKEWS_MS), weight: 2 },
  ),
  parallel: fc.constantFrom(1, 4),
});

const audienceSlot = fc.integer({ min: 0, max: AUDIENCE_SLOTS - 1 });
const sharingSlot = fc.integer({ min: 0, max: SHARING_SLOTS - 1 });
const recipientField = fc.constantFrom<RecipientField>("recipientAdAccountIds", "recipientBusinessIds");
const target: fc.Arbitrary<SharingTarget> = fc.oneof({ arbitrary: audienceSlot, weight: 2 }, { arbitrary: fc.constant<"hand-made">("hand-made"), weight: 1 });

const audienceDecl: fc.Arbitrary<AudienceDecl> = fc
  .constantFrom<AudienceType>("CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE")
  .chain((audienceType) =>
    fc.record(
      {
        name: fc.constantFrom(...AUDIENCE_NAMES),
        description: fc.constantFrom(...DESCRIPTIONS),
        audienceType: fc.constant(audienceType),
        rule: fc.integer({ min: 0, max: RULES[audienceType].length - 1 }),
      },
      { requiredKeys: ["name", "audienceType", "rule"] },
    ),
  )
  .map((decl) => (decl.description === undefined ? { name: decl.name, audienceType: decl.audienceType, rule: decl.rule } : decl));

/** A recipient list: left out (not managed), empty (revoke all), or some ids of the pool. */
function recipientList(pool: readonly string[]): fc.Arbitrary<string[] | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constant<string[]>([]), weight: 1 },
    { arbitrary: fc.subarray([...pool], { minLength: 1 }), weight: 6 },
  );
}

const IN_HIERARCHY = STACK_AD_ACCOUNTS.filter((id) => id !== OUTSIDE_HIERARCHY_AD_ACCOUNT);

const sharingDecl: fc.Arbitrary<SharingDecl> = fc
  .record({
    target,
    adAccounts: fc.oneof({ arbitrary: recipientList(IN_HIERARCHY), weight: 12 }, { arbitrary: recipientList(STACK_AD_ACCOUNTS), weight: 1 }),
    businesses: recipientList(STACK_BUSINESSES),
  })
  .map(({ target: t, adAccounts, businesses }) => ({ target: t, ...(adAccounts !== undefined ? { adAccounts } : {}), ...(businesses !== undefined ? { businesses } : {}) }));

const WRITES: EmulatorOperation[] = ["create", "update", "remove", "audiences/share_with_ad_accounts", "audiences/share_with_businesses"];
const READS: EmulatorOperation[] = ["list", "get", "audiences/shared_accounts"];

const faultSpec: fc.Arbitrary<FaultSpec> = fc.oneof(
  fc.record({ kind: fc.constantFrom<"lateCommit" | "commitThenDrop" | "commitAfterDrop">("lateCommit", "commitThenDrop", "commitAfterDrop"), op: fc.constantFrom(...WRITES) }),
  fc.record({ kind: fc.constant<"drop">("drop"), op: fc.constantFrom(...WRITES, ...READS) }),
  fc.record({
    kind: fc.constant<"serverError">("serverError"),
    op: fc.constantFrom(...WRITES, ...READS, "token" as EmulatorOperation),
    // 1 to 3 is retried within one call; 20 outlasts every retry, so the step fails.
    count: fc.constantFrom(1, 2, 3, 20),
    status: fc.constantFrom<500 | 503>(500, 503),
    // Requests let through first: e.g. a SHARE succeeds, the REVOKE after it fails.
    after: fc.constantFrom(0, 0, 1, 2),
  }),
  fc.record({ kind: fc.constant<"throttle">("throttle"), op: fc.constantFrom(...WRITES, ...READS), retryAfterSeconds: fc.constantFrom<number | null>(1, null) }),
  fc.constant<FaultSpec>({ kind: "tokenExpiry" }),
);

const audienceChange: fc.Arbitrary<AudienceChange> = fc.oneof(
  fc.record({ name: fc.constantFrom(...AUDIENCE_NAMES) }),
  fc.record({ description: fc.constantFrom(...DESCRIPTIONS) }),
  fc.record({ rule: fc.nat(2) }),
  fc.record({ audienceType: fc.constantFrom<AudienceType>("CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE"), rule: fc.nat(2) }),
);

/** One command, weighted: mostly small declaration changes and `up`. */
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.tuple(audienceSlot, audienceDecl).map(([slot, decl]) => new SetAudience(slot, decl)), weight: 3 },
  { arbitrary: fc.tuple(audienceSlot, audienceChange).map(([slot, change]) => new ChangeAudience(slot, change)), weight: 6 },
  { arbitrary: audienceSlot.map((slot) => new RemoveAudience(slot)), weight: 2 },
  { arbitrary: audienceSlot.map((slot) => new RenameAudience(slot)), weight: 1 },
  { arbitrary: fc.tuple(sharingSlot, sharingDecl).map(([slot, decl]) => new SetSharing(slot, decl)), weight: 3 },
  {
    arbitrary: fc
      .tuple(sharingSlot, recipientField)
      .chain(([slot, field]) => recipientList(field === "recipientAdAccountIds" ? IN_HIERARCHY : STACK_BUSINESSES).map((ids) => new ChangeSharingList(slot, field, ids))),
    weight: 6,
  },
  { arbitrary: sharingSlot.map((slot) => new RemoveSharing(slot)), weight: 2 },
  { arbitrary: sharingSlot.map((slot) => new RenameSharing(slot)), weight: 1 },
  { arbitrary: fc.boolean().map((fresh) => new Up(fresh)), weight: 16 },
  { arbitrary: fc.constant(new Refresh()), weight: 4 },
  { arbitrary: fc.boolean().map((fresh) => new Destroy(fresh)), weight: 1 },
  { arbitrary: fc.tuple(audienceSlot, fc.constantFrom<"name" | "description" | "rule">("name", "description", "rule")).map(([slot, field]) => new HandEdit(slot, field)), weight: 2 },
  { arbitrary: audienceSlot.map((slot) => new HandDelete(slot)), weight: 1 },
  { arbitrary: audienceSlot.map((slot) => new HandTwin(slot)), weight: 1 },
  { arbitrary: fc.tuple(target, recipientField).map(([t, field]) => new HandShare(t, field)), weight: 1 },
  { arbitrary: fc.tuple(target, recipientField, fc.nat(3)).map(([t, field, index]) => new HandRevoke(t, field, index)), weight: 1 },
  { arbitrary: faultSpec.map((spec) => new Fault(spec)), weight: 6 },
);

/** What a sequence declares before its first command: a few audiences, and sharings of some. */
const initialStack: fc.Arbitrary<StackDecl> = fc.record({
  audiences: fc.array(fc.option(audienceDecl, { nil: undefined, freq: 3 }), { minLength: AUDIENCE_SLOTS, maxLength: AUDIENCE_SLOTS }),
  sharings: fc.array(fc.option(sharingDecl, { nil: undefined, freq: 2 }), { minLength: SHARING_SLOTS, maxLength: SHARING_SLOTS }),
}).map(({ audiences, sharings }) => ({
  audiences: audiences.map((decl, slot) => decl && { resourceName: `aud${slot}`, decl }),
  sharings: sharings.map((decl, slot) => (decl && !sharings.slice(0, slot).some((d) => d?.target === decl.target) ? { resourceName: `share${slot}`, decl } : undefined)),
}));

/** A sequence: its emulator setup, its initial declaration, and its commands. */
export interface Sequence {
  /** Emulator setup. */
  config: SequenceConfig;
  /** The declaration before the first command. */
  initial: StackDecl;
  /** The commands. */
  commands: Iterable<Command>;
}

/** A whole sequence. */
export function sequence(replayPath?: string): fc.Arbitrary<Sequence> {
  return fc.record({ config: sequenceConfig, initial: initialStack, commands: fc.commands([command], { maxCommands: MAX_COMMANDS, size: "max", replayPath }) });
}
