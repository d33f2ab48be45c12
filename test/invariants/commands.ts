/**
 * The commands of a sequence (fast-check model-based testing): declaration changes, `up`/`refresh`/`destroy`
 * through the real plugin, a person's edits in Ads Manager, and faults. Every
 * command applies whatever the model holds (a hand edit of an audience not created yet does nothing), so a
 * shrunk sequence stays meaningful; the operations (each with a fault or none) check the invariants (checks.ts)
 * and throw what they find.
 */
import type * as fc from "fast-check";
import type { FaultSettings } from "../../emulator/faults";
import type { Operation as EmulatorOperation } from "../../emulator/operations";
import { alwaysHold, afterDestroy, afterRefresh, afterUp, credentialsIn, snapshot, type CheckContext, type Snapshot } from "./checks";
import {
  declaredRule,
  HAND_AD_ACCOUNTS,
  HAND_BUSINESSES,
  registrations,
  RULES,
  type AudienceDecl,
  type AudienceType,
  type SharingDecl,
  type SharingTarget,
} from "./declarations";
import { audiencesIn, idOf, Model, RECIPIENT_FIELDS, recipientKey, recordedList, type RecipientField } from "./model";
import type { Operation, SequenceRun } from "./world";

/** A command of a sequence. */
export type Command = fc.AsyncCommand<Model, SequenceRun, false>;

/** Commands that can always run: each does what the model allows when it runs. */
abstract class Always implements Command {
  check(): boolean {
    return true;
  }
  abstract run(model: Model, real: SequenceRun): Promise<void>;
  abstract toString(): string;
}

/** The audience slot's resource name, or a new one. */
function audienceName(slot: number): string {
  return `aud${slot}`;
}

/** The sharing slot's resource name, or a new one. */
function sharingName(slot: number): string {
  return `share${slot}`;
}

// ---- declaration changes ----------------------------------------------------------------------

/** Declares an audience in a slot, or changes its declaration (name, description, rule, type). */
export class SetAudience extends Always {
  constructor(
    readonly slot: number,
    readonly decl: AudienceDecl,
  ) {
    super();
  }
  async run(model: Model): Promise<void> {
    const current = model.stack.audiences[this.slot];
    model.stack.audiences[this.slot] = { resourceName: current?.resourceName ?? audienceName(this.slot), decl: this.decl };
  }
  toString(): string {
    return `declare aud[${this.slot}] = ${JSON.stringify(this.decl)}`;
  }
}

/** One change to a declared audience: an update (name, description, rule) or a replacement (type). */
export type AudienceChange = { name: string } | { description: string | undefined } | { rule: number } | { audienceType: AudienceType; rule: number };

/** Changes one thing of a declared audience. */
export class ChangeAudience extends Always {
  constructor(
    readonly slot: number,
    readonly change: AudienceChange,
  ) {
    super();
  }
  async run(model: Model): Promise<void> {
    const current = model.stack.audiences[this.slot];
    if (!current) return;
    const decl: AudienceDecl = { ...current.decl, ...this.change };
    if ("rule" in this.change) decl.rule = this.change.rule % RULES[decl.audienceType].length;
    if (decl.description === undefined) delete decl.description;
    model.stack.audiences[this.slot] = { ...current, decl };
  }
  toString(): string {
    return `change aud[${this.slot}]: ${JSON.stringify(this.change, (_k, v: unknown) => (v === undefined ? "(left out)" : v))}`;
  }
}

/** Stops declaring an audience (its sharing, if any, is no longer registered either). */
export class RemoveAudience extends Always {
  constructor(readonly slot: number) {
    super();
  }
  async run(model: Model): Promise<void> {
    model.stack.audiences[this.slot] = undefined;
  }
  toString(): string {
    return `remove aud[${this.slot}]`;
  }
}

/** Renames an audience's Pulumi resource (no alias): a new resource with the same declaration. */
export class RenameAudience extends Always {
  constructor(readonly slot: number) {
    super();
  }
  async run(model: Model): Promise<void> {
    const current = model.stack.audiences[this.slot];
    if (current) model.stack.audiences[this.slot] = { ...current, resourceName: model.renamed(audienceName(this.slot)) };
  }
  toString(): string {
    return `rename aud[${this.slot}]'s resource`;
  }
}

/** Declares a sharing in a slot, or changes it; ignored when another sharing slot shares the same audience. */
export class SetSharing extends Always {
  constructor(
    readonly slot: number,
    readonly decl: SharingDecl,
  ) {
    super();
  }
  async run(model: Model): Promise<void> {
    const taken = model.stack.sharings.some((s, i) => i !== this.slot && s?.decl.target === this.decl.target);
    if (taken) return;
    const current = model.stack.sharings[this.slot];
    model.stack.sharings[this.slot] = { resourceName: current?.resourceName ?? sharingName(this.slot), decl: this.decl };
  }
  toString(): string {
    return `declare share[${this.slot}] = ${JSON.stringify(this.decl)}`;
  }
}

/** Changes one recipient list of a declared sharing: some ids, [] (revoke all), or left out (no longer managed). */
export class ChangeSharingList extends Always {
  constructor(
    readonly slot: number,
    readonly field: RecipientField,
    readonly ids: string[] | undefined,
  ) {
    super();
  }
  async run(model: Model): Promise<void> {
    const current = model.stack.sharings[this.slot];
    if (!current) return;
    const key = this.field === "recipientAdAccountIds" ? "adAccounts" : "businesses";
    const decl: SharingDecl = { ...current.decl };
    if (this.ids === undefined) delete decl[key];
    else decl[key] = [...this.ids];
    model.stack.sharings[this.slot] = { ...current, decl };
  }
  toString(): string {
    return `change share[${this.slot}].${this.field} = ${this.ids === undefined ? "(left out)" : JSON.stringify(this.ids)}`;
  }
}

/** Stops declaring a sharing. */
export class RemoveSharing extends Always {
  constructor(readonly slot: number) {
    super();
  }
  async run(model: Model): Promise<void> {
    model.stack.sharings[this.slot] = undefined;
  }
  toString(): string {
    return `remove share[${this.slot}]`;
  }
}

/** Renames a sharing's Pulumi resource (no alias). */
export class RenameSharing extends Always {
  constructor(readonly slot: number) {
    super();
  }
  async run(model: Model): Promise<void> {
    const current = model.stack.sharings[this.slot];
    if (current) model.stack.sharings[this.slot] = { ...current, resourceName: model.renamed(sharingName(this.slot)) };
  }
  toString(): string {
    return `rename share[${this.slot}]'s resource`;
  }
}

// ---- operations ---------------------------------------------------------------------------------

/** Throws the violations found, with what the operation reported. */
function report(op: Operation, violations: string[]): void {
  if (violations.length === 0) return;
  const outcome = op.result.ok
    ? "succeeded"
    : `failed: ${[...op.result.errors.map((e) => `${e.name} (${e.op}): ${e.message}`), ...op.result.steps.flatMap((s) => s.failures.map((f) => `${s.name}.${f.property}: ${f.reason}`))].join(" | ")}`;
  throw new Error(`after ${op.kind} (which ${outcome}):\n  - ${violations.join("\n  - ")}`);
}

function contextOf(model: Model, real: SequenceRun): CheckContext {
  return { account: real.account, handMadeId: real.handMadeId, model };
}

/** Credentials in what this operation wrote, or in the state file. */
function leaks(real: SequenceRun, op: Operation): string[] {
  const texts = [op.result.pluginStdout, op.result.pluginStderr, ...op.result.errors.map((e) => e.message), real.stateFileText()];
  return credentialsIn(texts, real.world.secrets(), `the output of ${op.kind} or the state file`);
}

/**
 * Keeps `model.released` up to date after an `up`: a sharing step that succeeded with a list left out gives up the
 * recipients the state recorded for it (but those a person revoked since, who hold nothing to give up); one that
 * manages a list again takes them back. A failed step that manages a list may have revoked some: those no longer
 * holding it are forgotten.
 */
function trackReleased(model: Model, op: Operation, after: Snapshot, declaredSharings: Map<string, Partial<Record<RecipientField, unknown>>>): void {
  const failed = new Set(op.result.errors.map((e) => e.urn));
  for (const step of op.result.steps) {
    const inputs = declaredSharings.get(step.urn);
    if (!inputs) continue;
    const before = op.before.find((r) => r.urn === step.urn && !r.pendingDelete);
    const now = after.state.find((r) => r.urn === step.urn && !r.pendingDelete);
    for (const field of RECIPIENT_FIELDS) {
      if (!(field in inputs)) {
        // A replacement deletes the old sharing, which revokes what it managed: nothing is given up then.
        const kept = !failed.has(step.urn) && before && now && before.id === now.id;
        if (kept) {
          for (const recipient of recordedList(before, field) ?? []) {
            const key = recipientKey(before.id, field, recipient);
            if (!model.revokedByHand.has(key)) model.released.add(key);
          }
        }
        continue;
      }
      // Managed again by a step that succeeded: what was revoked by hand is the declaration's business once more.
      if (!failed.has(step.urn) && now)
        for (const key of [...model.revokedByHand]) if (key.startsWith(`${now.id}|${field}|`)) model.revokedByHand.delete(key);
      for (const audienceId of new Set([before?.id, now?.id])) {
        if (audienceId === undefined) continue;
        const holders = after.holders.get(audienceId)?.[field] ?? [];
        for (const key of [...model.released]) {
          if (!key.startsWith(`${audienceId}|${field}|`)) continue;
          if (!failed.has(step.urn) || !holders.includes(key.split("|")[2])) model.released.delete(key);
        }
      }
    }
  }
}

/** How an operation reads in a printed sequence. */
function describeOperation(kind: string, fault: FaultSpec | undefined): string {
  return `${kind}${fault ? ` with fault ${JSON.stringify(fault)}` : ""}`;
}

/** `pulumi up` of the current declaration, with a fault or none. */
export class Up extends Always {
  constructor(readonly fault?: FaultSpec) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    const declared = registrations(model.stack, real.account, real.handMadeId, real.world.template);
    armFault(real, this.fault);
    const op = await real.operate("up", declared);
    const s = snapshot(real.world.emulator, real.account, real.state());
    const sharings = new Map(declared.filter((r) => r.type === real.world.template.sharingType).map((r) => [r.urn, r.inputs]));
    trackReleased(model, op, s, sharings);
    const ctx = contextOf(model, real);
    report(op, [...alwaysHold(s, ctx), ...(op.result.ok ? afterUp(s, ctx, declared) : []), ...leaks(real, op)]);
  }
  toString(): string {
    return describeOperation("up", this.fault);
  }
}

/** `pulumi refresh`, with a fault or none. */
export class Refresh extends Always {
  constructor(readonly fault?: FaultSpec) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    armFault(real, this.fault);
    const op = await real.operate("refresh");
    if (op.result.ok) model.refreshed();
    const s = snapshot(real.world.emulator, real.account, real.state());
    report(op, [...alwaysHold(s, contextOf(model, real)), ...(op.result.ok ? afterRefresh(s) : []), ...leaks(real, op)]);
  }
  toString(): string {
    return describeOperation("refresh", this.fault);
  }
}

/** `pulumi destroy`, with a fault or none. */
export class Destroy extends Always {
  constructor(readonly fault?: FaultSpec) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    armFault(real, this.fault);
    await destroyAndCheck(model, real);
  }
  toString(): string {
    return describeOperation("destroy", this.fault);
  }
}

/** Runs a destroy and checks it; answers whether it succeeded. */
export async function destroyAndCheck(model: Model, real: SequenceRun): Promise<boolean> {
  const op = await real.operate("destroy");
  const s = snapshot(real.world.emulator, real.account, real.state());
  const ctx = contextOf(model, real);
  report(op, [...alwaysHold(s, ctx), ...(op.result.ok ? afterDestroy(s, ctx) : []), ...leaks(real, op)]);
  return op.result.ok;
}

/**
 * The end of every sequence, without faults: destroy (after a refresh if it fails once), which must succeed.
 */
export async function cleanUp(model: Model, real: SequenceRun): Promise<void> {
  if (await destroyAndCheck(model, real)) return;
  await new Refresh().run(model, real);
  if (!(await destroyAndCheck(model, real))) throw new Error("destroy without faults failed twice (after a refresh)");
}

// ---- a person in Ads Manager --------------------------------------------------------------------

/** The live id of an audience slot's resource, or undefined. */
function liveIdOf(model: Model, real: SequenceRun, slot: number): string | undefined {
  const declared = model.stack.audiences[slot];
  const id = declared && idOf(audiencesIn(real.state()), declared.resourceName);
  return id !== undefined && real.world.emulator.audiences(real.account).some((a) => a.id === id) ? id : undefined;
}

/** The live id of a sharing target. */
function targetId(model: Model, real: SequenceRun, target: SharingTarget): string | undefined {
  return target === "hand-made" ? real.handMadeId : liveIdOf(model, real, target);
}

/** A rule edit per audience type (Ads Manager does not validate against the declaration). */
const RULE_EDITS: Readonly<Record<AudienceType, Record<string, unknown>>> = {
  CUSTOMER_LIST: { customer_list_id: "5497558851234" },
  VISITOR: { retention_days: 99 },
  ENGAGEMENT: { engager_type: 2, retention_days: 99 },
  ACTALIKE: { percentage: 7 },
};

/** A person edits an audience the stack made. */
export class HandEdit extends Always {
  constructor(
    readonly slot: number,
    readonly field: "name" | "description" | "rule",
  ) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    const id = liveIdOf(model, real, this.slot);
    if (id === undefined) return;
    const { emulator } = real.world;
    const live = emulator.audiences(real.account).find((a) => a.id === id);
    if (!live) return;
    const patch =
      this.field === "name"
        ? { name: `${live.name} (edited)` }
        : this.field === "description"
          ? { description: "Edited in Ads Manager" }
          : { rule: { ...live.rule, ...RULE_EDITS[live.audience_type as AudienceType] } };
    emulator.editAudience(real.account, id, patch);
    model.editedByHand.add(id);
  }
  toString(): string {
    return `by hand: edit aud[${this.slot}]'s ${this.field}`;
  }
}

/** A person deletes an audience the stack made. */
export class HandDelete extends Always {
  constructor(readonly slot: number) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    const id = liveIdOf(model, real, this.slot);
    if (id === undefined) return;
    real.world.emulator.deleteAudience(real.account, id);
    model.deletedByHand.add(id);
  }
  toString(): string {
    return `by hand: delete aud[${this.slot}]`;
  }
}

/** A person makes an audience identical to a slot's declaration (another team's, or a copy): never the stack's. */
export class HandTwin extends Always {
  constructor(readonly slot: number) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    const declared = model.stack.audiences[this.slot];
    if (!declared) return;
    const { decl } = declared;
    const rule: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(declaredRule(decl, real.handMadeId))) rule[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
    const body = {
      name: decl.name,
      audience_type: decl.audienceType,
      rule,
      ...(decl.description !== undefined ? { description: decl.description } : {}),
    };
    const twin = real.world.emulator.seedAudience(real.account, body as Parameters<typeof real.world.emulator.seedAudience>[1]);
    model.handMade.add(twin.id);
  }
  toString(): string {
    return `by hand: make an audience identical to aud[${this.slot}]`;
  }
}

/** A person shares an audience with an account the stack never declares. */
export class HandShare extends Always {
  constructor(
    readonly target: SharingTarget,
    readonly field: RecipientField,
  ) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    const id = targetId(model, real, this.target);
    if (id === undefined) return;
    const recipients = this.field === "recipientAdAccountIds" ? { adAccountIds: [...HAND_AD_ACCOUNTS] } : { businessIds: [...HAND_BUSINESSES] };
    real.world.emulator.shareByHand(real.account, id, recipients);
    model.sharedByHand.add(id);
  }
  toString(): string {
    return `by hand: share ${this.target === "hand-made" ? "the hand-made audience" : `aud[${this.target}]`} (${this.field})`;
  }
}

/** A person revokes one recipient (the `index`-th holder) of an audience. */
export class HandRevoke extends Always {
  constructor(
    readonly target: SharingTarget,
    readonly field: RecipientField,
    readonly index: number,
  ) {
    super();
  }
  async run(model: Model, real: SequenceRun): Promise<void> {
    const id = targetId(model, real, this.target);
    if (id === undefined) return;
    const { emulator } = real.world;
    const holders = emulator.recipients(real.account, id)[this.field === "recipientAdAccountIds" ? "adAccountIds" : "businessIds"];
    if (holders.length === 0) return;
    const recipient = holders[this.index % holders.length];
    emulator.revokeByHand(real.account, id, this.field === "recipientAdAccountIds" ? { adAccountIds: [recipient] } : { businessIds: [recipient] });
    model.sharedByHand.add(id);
    model.released.delete(recipientKey(id, this.field, recipient));
    model.revokedByHand.add(recipientKey(id, this.field, recipient));
  }
  toString(): string {
    return `by hand: revoke holder #${this.index} of ${this.target === "hand-made" ? "the hand-made audience" : `aud[${this.target}]`} (${this.field})`;
  }
}

// ---- faults -------------------------------------------------------------------------------------

/**
 * A fault for one operation. `op` limits it to one kind of request; left out, it hits whatever the operation sends
 * (writes only, for the faults that commit a write). `after` requests it applies to pass first, so a fault can land
 * on any request of the operation: the second create, the REVOKE after a SHARE.
 */
export type FaultSpec =
  | { kind: "lateCommit" | "commitThenDrop" | "commitAfterDrop"; op?: EmulatorOperation; after: number }
  | { kind: "drop"; op?: EmulatorOperation; after: number }
  | { kind: "serverError"; op?: EmulatorOperation; after: number; count: number; status: 500 | 503 }
  | { kind: "throttle"; op?: EmulatorOperation; after: number; retryAfterSeconds: number | null }
  | { kind: "tokenExpiry" };

/** Every write (the requests a committing fault may hit). */
const WRITES: EmulatorOperation[] = ["create", "update", "remove", "audiences/share_with_ad_accounts", "audiences/share_with_businesses"];

/** The emulator's settings for a fault, and how long to wait after the operation for a late commit. */
export function faultSettings(spec: FaultSpec, timeoutMs: number): { faults: Partial<FaultSettings>; waitAfterMs: number } {
  if (spec.kind === "tokenExpiry") return { faults: {}, waitAfterMs: 0 };
  const commits = spec.kind === "lateCommit" || spec.kind === "commitThenDrop" || spec.kind === "commitAfterDrop";
  const scope: Partial<FaultSettings> = { passNext: spec.after, operations: spec.op ? [spec.op] : commits ? WRITES : [] };
  switch (spec.kind) {
    case "lateCommit": {
      // Processed after the client gave up, within the window the provider keeps looking (its timeout again).
      const spikeMs = Math.round(timeoutMs * 1.4);
      return { faults: { ...scope, latencySpikeNext: 1, latencySpikeMs: spikeMs }, waitAfterMs: spikeMs };
    }
    case "commitThenDrop":
      return { faults: { ...scope, commitThenDropNext: 1 }, waitAfterMs: 0 };
    case "commitAfterDrop": {
      const delayMs = Math.round(timeoutMs * 0.3);
      return { faults: { ...scope, commitAfterDropNext: 1, commitAfterDropMs: delayMs }, waitAfterMs: delayMs };
    }
    case "drop":
      return { faults: { ...scope, dropNext: 1 }, waitAfterMs: 0 };
    case "serverError":
      return { faults: { ...scope, serverErrorNext: spec.count, serverErrorStatus: spec.status }, waitAfterMs: 0 };
    case "throttle":
      return { faults: { ...scope, throttleNext: 1, throttleRetryAfterSeconds: spec.retryAfterSeconds }, waitAfterMs: 0 };
  }
}

/** Arms a fault for the operation about to run (an access token expiry happens at once: every token issued so far). */
function armFault(real: SequenceRun, spec: FaultSpec | undefined): void {
  if (!spec) return;
  if (spec.kind === "tokenExpiry") {
    real.world.emulator.expireAccessTokens();
    return;
  }
  const { faults, waitAfterMs } = faultSettings(spec, real.world.settings.timeoutSeconds * 1000);
  real.arm(faults, waitAfterMs);
}
