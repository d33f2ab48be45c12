/**
 * The invariants, checked against the emulator's ground truth (its live audiences and who holds each) and the
 * state the engine wrote. Each check answers the violations it found, as sentences; none is an example.
 *
 * - After every operation: no audience id is recorded twice; no audience made by hand is recorded; every live
 *   audience the stack made is recorded (no orphan); everyone who holds an audience because of the stack is
 *   recorded; recipients the stack stopped managing keep their access; no credential in any output or state.
 * - After a successful `up`: the live audiences are the declared ones, one each, as declared; the state holds the
 *   declared resources and nothing else; each declared recipient list is exactly who holds the audience.
 * - After a successful refresh: every audience the state records is live.
 * - After a successful destroy: the state is empty, nothing the stack made is live, and no recipient the stack
 *   shared with keeps access.
 *
 * What a person did by hand since the last successful refresh is allowed for (see model.ts): `up` does not read
 * what it does not know changed.
 */
import type { Emulator } from "../../emulator";
import type { ApiAudience } from "../../provider/api/types";
import type { RegisteredResource, StateResource } from "../harness";
import { declaredRule, isSharingType, STACK_AD_ACCOUNTS, STACK_BUSINESSES, type AudienceDecl, type StackDecl } from "./declarations";
import { audiencesIn, idOf, Model, parseRecipientKey, RECIPIENT_FIELDS, recipientKey, recordedList, sharingsIn, type RecipientField } from "./model";

/** Everything the checks read, taken once after an operation. */
export interface Snapshot {
  /** The account's live audiences (removed ones that still answer are not live). */
  live: ApiAudience[];
  /** The resources in the state. */
  state: StateResource[];
  /** Who holds each live audience, by kind. */
  holders: Map<string, Record<RecipientField, string[]>>;
}

/** What the checks need besides the snapshot. */
export interface CheckContext {
  /** The sequence's ad account. */
  account: string;
  /** Its hand-made audience (rules may name it). */
  handMadeId: string;
  /** The model. */
  model: Model;
}

const STACK_POOL: Record<RecipientField, ReadonlySet<string>> = {
  recipientAdAccountIds: new Set(STACK_AD_ACCOUNTS),
  recipientBusinessIds: new Set(STACK_BUSINESSES),
};

/** Reads the ground truth of one account and the state. */
export function snapshot(emulator: Emulator, account: string, state: StateResource[]): Snapshot {
  const live = emulator.audiences(account);
  const holders = new Map<string, Record<RecipientField, string[]>>();
  for (const audience of live) {
    const { adAccountIds, businessIds } = emulator.recipients(account, audience.id);
    holders.set(audience.id, { recipientAdAccountIds: adAccountIds, recipientBusinessIds: businessIds });
  }
  return { live, state, holders };
}

/** Invariants that hold after every operation, whatever its outcome. */
export function alwaysHold(s: Snapshot, ctx: CheckContext): string[] {
  const violations: string[] = [];
  const recorded = audiencesIn(s.state);
  const counts = new Map<string, string[]>();
  for (const r of recorded) counts.set(r.id, [...(counts.get(r.id) ?? []), r.name]);
  for (const [id, names] of counts)
    if (names.length > 1) violations.push(`audience ${id} is recorded by ${names.length} resources (${names.join(", ")})`);
  for (const r of recorded)
    if (ctx.model.handMade.has(r.id))
      violations.push(`${r.name} records audience ${r.id}, which was made by hand (the stack adopted someone else's audience)`);
  for (const audience of s.live) {
    if (!ctx.model.handMade.has(audience.id) && !counts.has(audience.id)) {
      violations.push(
        `live audience ${audience.id} ("${audience.name}", ${audience.audience_type}) was made by the stack but no resource records it (an orphan)`,
      );
    }
  }
  const sharings = sharingsIn(s.state);
  for (const [audienceId, byKind] of s.holders) {
    for (const field of RECIPIENT_FIELDS) {
      for (const recipient of byKind[field]) {
        if (!STACK_POOL[field].has(recipient) || ctx.model.released.has(recipientKey(audienceId, field, recipient))) continue;
        const inState = sharings.some((r) => r.id === audienceId && (recordedList(r, field) ?? []).includes(recipient));
        if (!inState)
          violations.push(`${recipient} holds audience ${audienceId} (${field}) because of the stack, but no sharing in the state records it`);
      }
    }
  }
  for (const key of ctx.model.released) {
    const { audienceId, field, recipient } = parseRecipientKey(key);
    const byKind = s.holders.get(audienceId);
    if (byKind && !byKind[field].includes(recipient)) {
      violations.push(
        `${recipient} lost audience ${audienceId} (${field}) although the declaration stopped managing that list (a list left out is not revoked)`,
      );
    }
  }
  return violations;
}

/** Invariants after a successful `up` of `declared` (the registrations `up` was given). */
export function afterUp(s: Snapshot, ctx: CheckContext, declared: RegisteredResource[]): string[] {
  const violations: string[] = [];
  const { model } = ctx;
  const liveById = new Map(s.live.map((a) => [a.id, a]));
  const pending = s.state.filter((r) => r.pendingDelete);
  if (pending.length > 0)
    violations.push(`resources still pending delete after a successful up: ${pending.map((r) => `${r.name}=${r.id}`).join(", ")}`);
  const declaredNames = declared.map((r) => r.name).sort();
  const recordedNames = s.state.map((r) => r.name).sort();
  if (declaredNames.join() !== recordedNames.join())
    violations.push(`the state holds [${recordedNames.join(", ")}] but the program declares [${declaredNames.join(", ")}]`);
  const stackMade = s.live.filter((a) => !model.handMade.has(a.id));
  const audienceCount = declared.filter((r) => !isSharingType(r.type)).length;
  const deletedByHand = audiencesIn(s.state).filter((r) => model.deletedByHand.has(r.id)).length;
  if (stackMade.length + deletedByHand !== audienceCount) {
    violations.push(
      `${stackMade.length} live audiences were made by the stack (${stackMade.map((a) => `${a.id} "${a.name}"`).join(", ")}) but it declares ${audienceCount}`,
    );
  }
  for (const slot of model.stack.audiences) {
    if (!slot) continue;
    const id = idOf(audiencesIn(s.state), slot.resourceName);
    if (id === undefined || model.deletedByHand.has(id)) continue;
    const live = liveById.get(id);
    if (!live) {
      violations.push(`${slot.resourceName} records audience ${id}, which is not live`);
      continue;
    }
    if (!model.editedByHand.has(id)) violations.push(...contentDiffers(slot.resourceName, live, slot.decl, ctx));
  }
  for (const slot of model.stack.sharings) {
    const registered = slot && declared.find((r) => r.name === slot.resourceName);
    if (!slot || !registered) continue;
    const target =
      slot.decl.target === "hand-made" ? ctx.handMadeId : idOf(audiencesIn(s.state), model.stack.audiences[slot.decl.target]?.resourceName ?? "");
    const recorded = s.state.find((r) => r.name === slot.resourceName);
    if (!target || !recorded) continue;
    if (recorded.id !== target) violations.push(`${slot.resourceName} records audience ${recorded.id} but shares ${target}`);
    if (model.deletedByHand.has(target) || model.sharedByHand.has(target)) continue;
    const byKind = s.holders.get(target);
    for (const field of RECIPIENT_FIELDS) {
      const wanted = field === "recipientAdAccountIds" ? slot.decl.adAccounts : slot.decl.businesses;
      if (wanted === undefined || !byKind) continue;
      const want = [...new Set(wanted)].sort();
      const have = [...byKind[field]].sort();
      if (want.join() !== have.join())
        violations.push(`${slot.resourceName} declares ${field} [${want.join(", ")}] but audience ${target} is held by [${have.join(", ")}]`);
    }
  }
  return violations;
}

/** Invariants after a successful refresh. */
export function afterRefresh(s: Snapshot): string[] {
  const live = new Set(s.live.map((a) => a.id));
  return audiencesIn(s.state)
    .filter((r) => !r.pendingDelete && !live.has(r.id))
    .map((r) => `after a successful refresh, ${r.name} still records audience ${r.id}, which is not live`);
}

/** Invariants after a successful destroy. */
export function afterDestroy(s: Snapshot, ctx: CheckContext): string[] {
  const violations: string[] = [];
  if (s.state.length > 0) violations.push(`the state still holds ${s.state.map((r) => `${r.name}=${r.id}`).join(", ")} after a successful destroy`);
  for (const audience of s.live) {
    if (!ctx.model.handMade.has(audience.id))
      violations.push(`audience ${audience.id} ("${audience.name}"), made by the stack, is live after a successful destroy`);
  }
  return violations;
}

/** Credentials found in any of `texts` (by which secret, never the secret itself), and issued tokens. */
export function credentialsIn(texts: string[], secrets: string[], where: string): string[] {
  const violations: string[] = [];
  for (const [i, text] of texts.entries()) {
    secrets.forEach((secret, n) => {
      if (secret && text.includes(secret)) violations.push(`${where} #${i} contains credential #${n}`);
    });
    if (/pin[ar]_[A-Za-z0-9_-]{16,}/.test(text)) violations.push(`${where} #${i} contains a Pinterest token`);
  }
  return violations;
}

/** The rule Pinterest should hold for a declaration: snake_case, with its defaults and the ad account. */
function expectedRule(decl: AudienceDecl, ctx: CheckContext): Record<string, unknown> {
  const rule: Record<string, unknown> = { ad_account_id: ctx.account };
  for (const [key, value] of Object.entries(declaredRule(decl, ctx.handMadeId))) rule[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  if (decl.audienceType === "VISITOR" || decl.audienceType === "ENGAGEMENT") rule.retention_days ??= 180;
  if (decl.audienceType === "VISITOR") rule.prefill ??= true;
  return rule;
}

/** Where a live audience differs from its declaration. */
function contentDiffers(resourceName: string, live: ApiAudience, decl: AudienceDecl, ctx: CheckContext): string[] {
  const differences: string[] = [];
  if (live.name !== decl.name) differences.push(`name "${live.name}" instead of "${decl.name}"`);
  if ((live.description ?? "") !== (decl.description ?? ""))
    differences.push(`description "${live.description ?? ""}" instead of "${decl.description ?? ""}"`);
  if (live.audience_type !== decl.audienceType) differences.push(`type ${live.audience_type} instead of ${decl.audienceType}`);
  const want = expectedRule(decl, ctx);
  if (canonical(live.rule) !== canonical(want)) differences.push(`rule ${canonical(live.rule)} instead of ${canonical(want)}`);
  return differences.length > 0 ? [`${resourceName}'s audience ${live.id} has ${differences.join("; ")}`] : [];
}

/** JSON with sorted keys, for comparing values whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The declared stack (for failure reports). */
export function describeStack(stack: StackDecl): string {
  return JSON.stringify(stack);
}
