/**
 * The audience-sharing operations behind the HTTP routes: share or revoke with ad accounts or businesses, the
 * shared-accounts list, and the RECEIVED audiences list of a recipient ad account. Only the owner ad account of an
 * existing, not removed audience may share, revoke or list its recipients.
 */
import type { ApiAudience, ApiAudienceAccountType, ApiPage, ApiSharedAudienceAccount, ApiSharedAudienceResponse } from "../provider/api/types";
import type { ServerBehaviour } from "./behaviour";
import { compareKeys, keysetPage } from "./cursor";
import { EmulatorHttpError, badRequest } from "./errors";
import { parseSharedAccountsQuery, parseSharingRequest, type ListQuery, type RecipientsField } from "./requests";
import { sortIds, type SharingStore } from "./sharing";
import type { AudienceStore } from "./store";

/** What the sharing operations work with. */
export interface SharingContext {
  /** The audiences. */
  store: AudienceStore;
  /** Who they are shared with. */
  sharing: SharingStore;
  /** The current behaviour switches. */
  behaviour: ServerBehaviour;
  /** The clock in epoch ms. */
  now: () => number;
}

/** The role a recipient is granted, as the answer's `permissions` names it. */
export const RECIPIENT_ROLE = "RESOURCE_PINNER_LIST_READER";

/** The name the emulator gives an account it knows only by id. */
export function accountName(kind: ApiAudienceAccountType, id: string): string {
  return kind === "AD_ACCOUNT" ? `Ad account ${id}` : `Business ${id}`;
}

const FIELD: Record<ApiAudienceAccountType, RecipientsField> = { AD_ACCOUNT: "recipient_account_ids", BUSINESS_ACCOUNT: "recipient_business_ids" };
const NOUN: Record<ApiAudienceAccountType, string> = { AD_ACCOUNT: "ad account", BUSINESS_ACCOUNT: "business" };

/** 404 for an audience the ad account does not own, or that is removed. */
export function audienceNotFound(adAccountId: string, audienceId: string): EmulatorHttpError {
  return new EmulatorHttpError(
    404,
    `Audience ${audienceId} not found in ad account ${adAccountId}; it may have been removed, or be owned by another ad account (only the owner can share it or list who has it).`,
  );
}

/** A sharing PATCH's refusal of an audience the ad account does not have (any more): 404, or 400 under `goneAudienceSharingStatus`. */
function goneAudience(ctx: SharingContext, field: RecipientsField, owner: string, audienceId: string): EmulatorHttpError {
  if (ctx.behaviour.goneAudienceSharingStatus === 404) return audienceNotFound(owner, audienceId);
  return badRequest(`audience_id ${audienceId} is not an audience of ad account ${owner} (it may have been removed); ${field} were not changed.`);
}

/** The owned, live audience, or 404. */
export function ownedAudience(ctx: SharingContext, owner: string, audienceId: string): ApiAudience {
  const audience = ctx.store.get(owner, audienceId);
  if (!audience) throw audienceNotFound(owner, audienceId);
  return audience;
}

/** `PATCH /ad_accounts/{owner}/audiences/{ad_accounts|businesses}/shared`: validates, applies, answers. */
export function shareOrRevoke(ctx: SharingContext, owner: string, kind: ApiAudienceAccountType, body: unknown): ApiSharedAudienceResponse | null {
  const field = FIELD[kind];
  const request = parseSharingRequest(body, field);
  const { audienceId, recipientIds, operation } = request;
  if (!ctx.store.get(owner, audienceId)) throw goneAudience(ctx, field, owner, audienceId);
  if (kind === "AD_ACCOUNT" && recipientIds.includes(owner)) {
    throw badRequest(
      `${field} names ${owner}, the ad account that owns audience ${audienceId}; an audience cannot be shared with or revoked from its owner.`,
    );
  }
  const current = ctx.sharing.recipients(owner, audienceId, kind);
  if (operation === "SHARE") {
    const outside = ctx.sharing.outsideOf(kind, recipientIds);
    if (outside.length > 0) {
      throw new EmulatorHttpError(
        ctx.behaviour.outsideHierarchyStatus,
        `${field}: ${NOUN[kind]}(s) ${outside.join(", ")} not in the owner's business hierarchy (the business of ad account ${owner}); audience ${audienceId} was shared with none of the recipients.`,
      );
    }
    const already = sortIds(new Set(recipientIds.filter((id) => current.has(id))));
    if (already.length > 0 && ctx.behaviour.reshare === "reject") {
      throw badRequest(`${field}: audience ${audienceId} is already shared with ${NOUN[kind]}(s) ${already.join(", ")}; nothing was changed.`);
    }
  } else {
    const unshared = sortIds(new Set(recipientIds.filter((id) => !current.has(id))));
    if (unshared.length > 0 && ctx.behaviour.revokeUnshared === "reject") {
      throw badRequest(
        `${field}: audience ${audienceId} is not shared with ${NOUN[kind]}(s) ${unshared.join(", ")}, so it cannot be revoked; nothing was changed.`,
      );
    }
  }
  ctx.sharing.apply(owner, audienceId, kind, operation, recipientIds, ctx.now());
  switch (ctx.behaviour.sharingAnswer) {
    case "null":
      return null;
    case "empty":
      return {};
    case "all":
      return { audience_id: audienceId, [field]: sortIds(ctx.sharing.recipients(owner, audienceId, kind).keys()), permissions: [RECIPIENT_ROLE] };
    default:
      return { audience_id: audienceId, [field]: [...recipientIds], permissions: [RECIPIENT_ROLE] };
  }
}

/** `GET /ad_accounts/{owner}/audiences/shared/accounts`: a page of the audience's recipients of one kind, by id. */
export function listSharedAccounts(ctx: SharingContext, owner: string, params: URLSearchParams): ApiPage<ApiSharedAudienceAccount> {
  const q = parseSharedAccountsQuery(params);
  const audience = ownedAudience(ctx, owner, q.audienceId);
  const asOf = ctx.now() - ctx.behaviour.sharingListLagMs;
  const accounts: ApiSharedAudienceAccount[] = [...ctx.sharing.recipients(owner, q.audienceId, q.accountType, asOf)].map(([id, atMs]) => ({
    account_id: id,
    account_name: accountName(q.accountType, id),
    account_type: q.accountType,
    shared_on_timestamp: Math.floor(atMs / 1000),
  }));
  if (q.accountType === "AD_ACCOUNT" && ctx.behaviour.sharedAccountsIncludeOwner) {
    accounts.push({
      account_id: owner,
      account_name: accountName("AD_ACCOUNT", owner),
      account_type: "AD_ACCOUNT",
      shared_on_timestamp: audience.created_timestamp ?? 0,
    });
  }
  if (accounts.length === 0 && ctx.behaviour.emptySharedAccounts === "not_found") throw new EmulatorHttpError(404, "Shared accounts not found.");
  accounts.sort((a, b) => compareKeys(a.account_id, b.account_id));
  return keysetPage(accounts, (a) => a.account_id, {
    size: q.pageSize,
    bookmark: q.bookmark,
    scope: { l: "shared_accounts", a: owner, u: q.audienceId, t: q.accountType },
    sameWhat: "ad account, audience_id and account_type",
  });
}

/**
 * `GET /ad_accounts/{id}/audiences?ownership_type=RECEIVED`: the live audiences shared with this ad account,
 * ordered by when they were shared (the description's order for received audiences), then by id.
 */
export function listReceived(ctx: SharingContext, adAccountId: string, q: ListQuery): ApiPage<ApiAudience> {
  const received = ctx.sharing
    .receivedBy(adAccountId)
    .map((r) => ({ sortKey: `${r.sharedAtMs}.${r.audienceId}`, audience: ctx.store.get(r.owner, r.audienceId) }))
    .filter((r): r is { sortKey: string; audience: ApiAudience } => r.audience !== undefined);
  const direction = q.order === "ASCENDING" ? 1 : -1;
  received.sort((a, b) => direction * compareKeys(a.sortKey, b.sortKey));
  const page = keysetPage(received, (r) => r.sortKey, {
    size: q.pageSize,
    bookmark: q.bookmark,
    direction,
    scope: { l: "received", a: adAccountId, o: q.order },
    sameWhat: "ad account, ownership_type and order",
  });
  return { items: page.items.map((r) => r.audience), bookmark: page.bookmark };
}
