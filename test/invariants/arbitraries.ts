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
export const MAX_COMMANDS = 16;

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
  profile: fc.oneof(
    { arbitrary: fc.constant("plain"), weight: PROFILES.length },
    { arbitrary: fc.constantFrom(...PROFILES), weight: PROFILES.length },
  ),
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
const target: fc.Arbitrary<SharingTarget> = fc.oneof(
  { arbitrary: audienceSlot, weight: 2 },
  { arbitrary: fc.constant<"hand-made">("hand-made"), weight: 1 },
);

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
  .map(({ target: t, adAccounts, businesses }) => ({
    target: t,
    ...(adAccounts !== undefined ? { adAccounts } : {}),
    ...(businesses !== undefined ? { businesses } : {}),
  }));

/** Writes a fault may be limited to: creates most (a lost create is what duplicates), then sharing writes. */
const write: fc.Arbitrary<EmulatorOperation> = fc.oneof(
  { arbitrary: fc.constant<EmulatorOperation>("create"), weight: 3 },
  { arbitrary: fc.constantFrom<EmulatorOperation>("update", "remove"), weight: 2 },
  { arbitrary: fc.constantFrom<EmulatorOperation>("audiences/share_with_ad_accounts", "audiences/share_with_businesses"), weight: 2 },
);
/** Any request a fault may be limited to. */
const request: fc.Arbitrary<EmulatorOperation> = fc.oneof(
  { arbitrary: write, weight: 3 },
  { arbitrary: fc.constantFrom<EmulatorOperation>("list", "get", "audiences/shared_accounts", "token"), weight: 2 },
);
/** Which requests a fault hits: one kind, or whatever the operation sends (undefined). */
function scope(op: fc.Arbitrary<EmulatorOperation>): fc.Arbitrary<{ op?: EmulatorOperation; after: number }> {
  return fc.record(
    {
      op: fc.option(op, { nil: undefined, freq: 2 }),
      after: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 3 }),
    },
    { requiredKeys: ["after"] },
  );
}

const faultSpec: fc.Arbitrary<FaultSpec> = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.constantFrom<"lateCommit" | "commitThenDrop" | "commitAfterDrop">("lateCommit", "commitThenDrop", "commitAfterDrop"), scope(write))
      .map(([kind, where]) => ({ kind, ...where })),
    weight: 4,
  },
  { arbitrary: scope(request).map((where) => ({ kind: "drop" as const, ...where })), weight: 1 },
  {
    arbitrary: fc
      .tuple(
        scope(request),
        // 1 or 2 is retried within one call; 20 outlasts every retry (and its backoff), so the step fails.
        fc.constantFrom(1, 1, 2, 20),
        fc.constantFrom<500 | 503>(500, 503),
      )
      .map(([where, count, status]) => ({ kind: "serverError" as const, ...where, count, status })),
    weight: 4,
  },
  {
    arbitrary: fc
      .tuple(scope(request), fc.constantFrom<number | null>(1, null))
      .map(([where, retryAfterSeconds]) => ({ kind: "throttle" as const, ...where, retryAfterSeconds })),
    weight: 1,
  },
  { arbitrary: fc.constant<FaultSpec>({ kind: "tokenExpiry" }), weight: 1 },
);

/** An operation's fault: one in three has one. */
const fault: fc.Arbitrary<FaultSpec | undefined> = fc.option(faultSpec, { nil: undefined, freq: 3 });

const audienceChange: fc.Arbitrary<AudienceChange> = fc.oneof(
  fc.record({ name: fc.constantFrom(...AUDIENCE_NAMES) }),
  fc.record({ description: fc.constantFrom(...DESCRIPTIONS) }),
  fc.record({ rule: fc.nat(2) }),
  fc.record({ audienceType: fc.constantFrom<AudienceType>("CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE"), rule: fc.nat(2) }),
);

/** Every command, by name, weighted: mostly small declaration changes and `up`. */
const COMMANDS: readonly { name: string; arbitrary: fc.Arbitrary<Command>; weight: number }[] = [
  { name: "SetAudience", arbitrary: fc.tuple(audienceSlot, audienceDecl).map(([slot, decl]) => new SetAudience(slot, decl)), weight: 3 },
  { name: "ChangeAudience", arbitrary: fc.tuple(audienceSlot, audienceChange).map(([slot, change]) => new ChangeAudience(slot, change)), weight: 6 },
  { name: "RemoveAudience", arbitrary: audienceSlot.map((slot) => new RemoveAudience(slot)), weight: 2 },
  { name: "RenameAudience", arbitrary: audienceSlot.map((slot) => new RenameAudience(slot)), weight: 1 },
  { name: "SetSharing", arbitrary: fc.tuple(sharingSlot, sharingDecl).map(([slot, decl]) => new SetSharing(slot, decl)), weight: 3 },
  {
    name: "ChangeSharingList",
    arbitrary: fc
      .tuple(sharingSlot, recipientField)
      .chain(([slot, field]) =>
        recipientList(field === "recipientAdAccountIds" ? IN_HIERARCHY : STACK_BUSINESSES).map((ids) => new ChangeSharingList(slot, field, ids)),
      ),
    weight: 6,
  },
  { name: "RemoveSharing", arbitrary: sharingSlot.map((slot) => new RemoveSharing(slot)), weight: 2 },
  { name: "RenameSharing", arbitrary: sharingSlot.map((slot) => new RenameSharing(slot)), weight: 1 },
  { name: "Up", arbitrary: fault.map((f) => new Up(f)), weight: 16 },
  { name: "Refresh", arbitrary: fault.map((f) => new Refresh(f)), weight: 4 },
  { name: "Destroy", arbitrary: fault.map((f) => new Destroy(f)), weight: 1 },
  {
    name: "HandEdit",
    arbitrary: fc
      .tuple(audienceSlot, fc.constantFrom<"name" | "description" | "rule">("name", "description", "rule"))
      .map(([slot, field]) => new HandEdit(slot, field)),
    weight: 2,
  },
  { name: "HandDelete", arbitrary: audienceSlot.map((slot) => new HandDelete(slot)), weight: 1 },
  { name: "HandTwin", arbitrary: audienceSlot.map((slot) => new HandTwin(slot)), weight: 1 },
  { name: "HandShare", arbitrary: fc.tuple(target, recipientField).map(([t, field]) => new HandShare(t, field)), weight: 1 },
  {
    name: "HandRevoke",
    arbitrary: fc.tuple(target, recipientField, fc.nat(3)).map(([t, field, index]) => new HandRevoke(t, field, index)),
    weight: 1,
  },
];

/** The command names a run may leave out (INVARIANT_EXCLUDE), e.g. to explore past an open finding one of them reproduces. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

/** One command, of those not `excluded`. */
function command(excluded: ReadonlySet<string>): fc.Arbitrary<Command> {
  return fc.oneof(...COMMANDS.filter((c) => !excluded.has(c.name)).map(({ arbitrary, weight }) => ({ arbitrary, weight })));
}

/** What a sequence declares before its first command: a few audiences, and sharings of some. */
const initialStack: fc.Arbitrary<StackDecl> = fc
  .record({
    audiences: fc.array(fc.option(audienceDecl, { nil: undefined, freq: 3 }), { minLength: AUDIENCE_SLOTS, maxLength: AUDIENCE_SLOTS }),
    sharings: fc.array(fc.option(sharingDecl, { nil: undefined, freq: 2 }), { minLength: SHARING_SLOTS, maxLength: SHARING_SLOTS }),
  })
  .map(({ audiences, sharings }) => ({
    audiences: audiences.map((decl, slot) => decl && { resourceName: `aud${slot}`, decl }),
    sharings: sharings.map((decl, slot) =>
      decl && !sharings.slice(0, slot).some((d) => d?.target === decl.target) ? { resourceName: `share${slot}`, decl } : undefined,
    ),
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

/** A whole sequence, of commands other than the `excluded` ones. */
export function sequence(replayPath?: string, excluded: ReadonlySet<string> = new Set()): fc.Arbitrary<Sequence> {
  return fc.record({
    config: sequenceConfig,
    initial: initialStack,
    commands: fc.commands([command(excluded)], { maxCommands: MAX_COMMANDS, size: "max", replayPath }),
  });
}
