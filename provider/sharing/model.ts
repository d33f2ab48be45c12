/**
 * The sharing model: the camelCase shape users declare, which recipient list stands for which kind of account in
 * the API, and the comparison of a declaration with what Pinterest holds. Recipient lists are sets: order is never
 * a change. A list left out is not managed; a list given (even empty) is the whole set of recipients of its kind.
 */
import type { SharingDeclaration } from "./declaration";
import { canonicalPinterestId, sameId } from "../api/ids";
import type { ApiAudienceAccountType, ApiSharedAudienceAccount } from "../api/types";

/** One audience's sharing as declared, and as recorded (schema.json's `$defs/audienceSharing`). */
export type SharingInputs = SharingDeclaration;

/** The declared field of a recipient list. */
export type RecipientField = "recipientAdAccountIds" | "recipientBusinessIds";

/** A kind of recipient: its declared field, the API's account type, and how the kind reads in messages. */
export interface RecipientKind {
  /** The declared field. */
  field: RecipientField;
  /** The API's `account_type`. */
  accountType: ApiAudienceAccountType;
  /** "ad account", "business". */
  noun: string;
  /** "ad accounts", "businesses". */
  nounPlural: string;
}

/** Both kinds of recipient, ad accounts first. */
export const RECIPIENT_KINDS: readonly RecipientKind[] = [
  { field: "recipientAdAccountIds", accountType: "AD_ACCOUNT", noun: "ad account", nounPlural: "ad accounts" },
  { field: "recipientBusinessIds", accountType: "BUSINESS_ACCOUNT", noun: "business", nounPlural: "businesses" },
];

/** The SHARE and REVOKE one kind of recipient needs to go from one set to another. */
export interface RecipientChange {
  /** The kind of recipient. */
  kind: RecipientKind;
  /** Ids to share with, sorted. */
  share: string[];
  /** Ids to revoke from, sorted. */
  revoke: string[];
}

/**
 * The input `AudienceSharing.get` adds to tell `read` that it looks existing sharing up (every kind, returned as
 * inputs too) rather than refreshing a managed one, which may manage any number of kinds, none included.
 */
export const LOOKUP_KEY = "lookUpExistingSharing";

/** The kinds the declaration manages: those whose list it gives. */
export function managedKinds(inputs: Partial<SharingInputs>): RecipientKind[] {
  return RECIPIENT_KINDS.filter((kind) => Array.isArray(inputs[kind.field]));
}

/**
 * A recipient list as a set: distinct ids as Pinterest writes them (an id recorded with leading zeros, before ids
 * were checked for them, is the account Pinterest answers without them), sorted.
 */
export function canonicalIds(ids: readonly string[] | undefined): string[] {
  return [...new Set((ids ?? []).map(canonicalPinterestId))].sort();
}

/** What differs between two sets: ids in `to` only (to share) and in `from` only (to revoke). */
export function changeBetween(kind: RecipientKind, from: readonly string[], to: readonly string[]): RecipientChange {
  const before = canonicalIds(from);
  const after = canonicalIds(to);
  const had = new Set(before);
  const wants = new Set(after);
  return { kind, share: after.filter((id) => !had.has(id)), revoke: before.filter((id) => !wants.has(id)) };
}

/** Per managed kind of `news`, the SHARE and REVOKE from the recorded `olds`; kinds with nothing to do are left out. */
export function changesFor(olds: Partial<SharingInputs>, news: SharingInputs): RecipientChange[] {
  return managedKinds(news)
    .map((kind) => changeBetween(kind, canonicalIds(olds[kind.field]), canonicalIds(news[kind.field])))
    .filter((change) => change.share.length > 0 || change.revoke.length > 0);
}

/** How a planned change to the sharing is carried out. */
export interface SharingDiff {
  /** Fields whose change replaces the sharing. */
  replaces: string[];
  /** Recipient lists that change in place. */
  updates: string[];
}

/**
 * Compares the recorded sharing with the declaration: ids replace, recipient sets update, order is ignored. A list
 * the declaration leaves out that the state records is an update too: one with no request, that stops managing it.
 */
export function diffSharing(olds: Partial<SharingInputs>, news: SharingInputs): SharingDiff {
  const replaces = (["adAccountId", "audienceId"] as const).filter((field) => !sameId(olds[field], news[field]));
  const updates = RECIPIENT_KINDS.filter((kind) => {
    const before = olds[kind.field];
    const after = news[kind.field];
    if (before === undefined || after === undefined) return before !== after;
    return canonicalIds(before).join(",") !== canonicalIds(after).join(",");
  }).map((kind) => kind.field);
  return { replaces, updates };
}

/**
 * The recipients of one kind as Pinterest lists them, as a set. The owner ad account is never a recipient of its
 * own audience: an answer that lists it (the description does not say whether it does) is read without it.
 */
export function recipientIdsOf(accounts: readonly ApiSharedAudienceAccount[], kind: RecipientKind, ownerAdAccountId: string): string[] {
  return canonicalIds(
    accounts
      .filter((account) => account.account_type === undefined || account.account_type === kind.accountType)
      .map((account) => String(account.account_id))
      .filter((id) => !(kind.accountType === "AD_ACCOUNT" && sameId(id, ownerAdAccountId))),
  );
}

/** The recorded outputs: the declaration with every managed list as a set. */
export function sharingOutputs(inputs: SharingInputs, live: Partial<Record<RecipientField, string[]>> = {}): SharingInputs {
  const outputs: SharingInputs = { adAccountId: inputs.adAccountId, audienceId: inputs.audienceId };
  for (const kind of managedKinds(inputs)) outputs[kind.field] = canonicalIds(live[kind.field] ?? inputs[kind.field]);
  return outputs;
}

/**
 * The reason to refuse a recipient list naming the owner ad account (it has the audience already), or undefined.
 * @param owner The owner ad account id.
 * @param ids The declared ad account recipients.
 * @param path How the list reads in a failure, e.g. `recipientAdAccountIds` or `sharedWith.adAccountIds`.
 */
export function ownerAsRecipient(owner: unknown, ids: unknown, path: string): { property: string; reason: string } | undefined {
  if (typeof owner !== "string" || !Array.isArray(ids) || !ids.includes(owner)) return undefined;
  const property = `${path}[${ids.indexOf(owner)}]`;
  return {
    property,
    reason: `${property} is the owner ad account ${owner}, which owns the audience and has it already: remove it from the recipients`,
  };
}
