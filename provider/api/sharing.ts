/**
 * Pinterest's audience sharing endpoints of an owner ad account: SHARE or REVOKE for recipients of one kind, and
 * the list of who has an audience. Every id is checked before any request.
 */
import type { ApiAudienceAccountType, ApiSharedAudienceAccount, ApiSharedAudienceResponse, ApiSharingOperationType } from "./types";
import { assertPinterestId } from "./ids";
import { Endpoint, invalidRequest, checkedPageSize } from "./endpoint";

/** The API operations of audience sharing, by the kind of recipient. */
export const SHARING_OPERATIONS = {
  AD_ACCOUNT: "audiences/share_with_ad_accounts",
  BUSINESS_ACCOUNT: "audiences/share_with_businesses",
} as const satisfies Record<ApiAudienceAccountType, string>;

/** The API operation that lists who an audience is shared with. */
export const SHARED_ACCOUNTS_OPERATION = "audiences/shared_accounts";

/**
 * Audience sharing of an owner ad account: who may use its audiences. Every id is checked before any request.
 * The writes are never re-sent once they may have reached Pinterest (`error.ambiguous`): whether repeating a SHARE
 * or REVOKE is harmless is undocumented, so the caller lists the recipients to learn what took effect.
 */
export interface SharingApi {
  /**
   * Shares the audience with recipients of one kind, or revokes it from them: one PATCH whatever the number of ids.
   * Answers Pinterest's answer, which the description allows to be null (then undefined).
   */
  change(
    adAccountId: string,
    audienceId: string,
    kind: ApiAudienceAccountType,
    operation: ApiSharingOperationType,
    recipientIds: readonly string[],
  ): Promise<ApiSharedAudienceResponse | undefined>;
  /** Every account of one kind the audience is shared with, following bookmarks through every page. */
  recipients(
    adAccountId: string,
    audienceId: string,
    kind: ApiAudienceAccountType,
    options?: { pageSize?: number },
  ): Promise<ApiSharedAudienceAccount[]>;
}

/** The sharing endpoints, sending through `endpoint`. */
export function sharingApi(endpoint: Endpoint): SharingApi {
  async function changeSharing(
    adAccountId: string,
    audienceId: string,
    kind: ApiAudienceAccountType,
    operationType: ApiSharingOperationType,
    recipientIds: readonly string[],
  ): Promise<ApiSharedAudienceResponse | undefined> {
    const operation = SHARING_OPERATIONS[kind];
    if (operation === undefined)
      throw invalidRequest("audiences/share", `The recipient kind must be AD_ACCOUNT or BUSINESS_ACCOUNT, not ${String(kind)}.`, {
        adAccountId,
        audienceId,
      });
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    if (operationType !== "SHARE" && operationType !== "REVOKE")
      throw invalidRequest(operation, `The operation must be SHARE or REVOKE, not ${String(operationType)}.`, ids);
    if (!Array.isArray(recipientIds) || recipientIds.length === 0) throw invalidRequest(operation, "At least one recipient id is needed.", ids);
    for (const id of recipientIds) assertPinterestId(id, kind === "AD_ACCOUNT" ? "recipient ad account id" : "recipient business id", operation);
    const recipients = kind === "AD_ACCOUNT" ? { recipient_account_ids: [...recipientIds] } : { recipient_business_ids: [...recipientIds] };
    const path = `/ad_accounts/${adAccountId}/audiences/${kind === "AD_ACCOUNT" ? "ad_accounts" : "businesses"}/shared`;
    const body = { audience_id: audienceId, ...recipients, operation_type: operationType };
    const answer = await endpoint.send<unknown>({
      operation,
      method: "PATCH",
      path,
      json: body,
      category: "ads_write",
      safety: "unsafe",
      auth: "bearer",
      ids,
    });
    return typeof answer === "object" && answer !== null && !Array.isArray(answer) ? (answer as ApiSharedAudienceResponse) : undefined;
  }

  async function recipients(
    adAccountId: string,
    audienceId: string,
    kind: ApiAudienceAccountType,
    options: { pageSize?: number } = {},
  ): Promise<ApiSharedAudienceAccount[]> {
    const operation = SHARED_ACCOUNTS_OPERATION;
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    if (kind !== "AD_ACCOUNT" && kind !== "BUSINESS_ACCOUNT")
      throw invalidRequest(operation, `The account type must be AD_ACCOUNT or BUSINESS_ACCOUNT, not ${String(kind)}.`, ids);
    const pageSize = checkedPageSize(operation, options.pageSize, ids);
    const all: ApiSharedAudienceAccount[] = [];
    const query = { audience_id: audienceId, account_type: kind, page_size: pageSize };
    for await (const items of endpoint.paginate<ApiSharedAudienceAccount>({
      operation,
      path: `/ad_accounts/${adAccountId}/audiences/shared/accounts`,
      query,
      ids,
    })) {
      all.push(...items);
    }
    return all;
  }

  return { change: changeSharing, recipients };
}
