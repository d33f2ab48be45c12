/**
 * Pinterest's audience endpoints of one ad account: list (every page), get, create, update and remove. Every id is
 * checked before any request.
 */
import type { ApiAudience, ApiAudienceCreateRequest, ApiAudienceUpdateRequest } from "./types";
import { assertPinterestId } from "./ids";
import { defined, Endpoint, invalidRequest, invalidResponse, checkedPageSize } from "./endpoint";

/** Options of `audiences.list` and `audiences.pages`. */
export interface AudienceListOptions {
  /** Sort by id: ASCENDING or DESCENDING (Pinterest's default when absent). */
  order?: "ASCENDING" | "DESCENDING";
  /** OWNED (Pinterest's default) or RECEIVED audiences. */
  ownershipType?: "OWNED" | "RECEIVED";
  /** Audiences per page, 1..250; default 250 (fewest requests). */
  pageSize?: number;
  /** Called after each page with the number of audiences it held. */
  onPage?: (count: number) => void;
}

/** The fields an update may change (`operation_type` is set by the client). */
export type AudienceUpdateFields = Omit<ApiAudienceUpdateRequest, "operation_type">;

/** Audience operations of one ad account at a time. Every id is checked before any request. */
export interface AudiencesApi {
  /** Every audience of the ad account, following bookmarks through every page. */
  list(adAccountId: string, options?: AudienceListOptions): Promise<ApiAudience[]>;
  /** The audiences of the ad account, one page at a time. */
  pages(adAccountId: string, options?: AudienceListOptions): AsyncIterable<ApiAudience[]>;
  /** One audience; a missing one rejects with a PinterestApiError of status 404. */
  get(adAccountId: string, audienceId: string): Promise<ApiAudience>;
  /** Creates an audience. Never re-sent once it may have reached Pinterest: check `error.ambiguous`. */
  create(adAccountId: string, request: ApiAudienceCreateRequest): Promise<ApiAudience>;
  /** Changes only the fields given (PATCH with operation_type UPDATE). */
  update(adAccountId: string, audienceId: string, fields: AudienceUpdateFields): Promise<ApiAudience>;
  /** Removes an audience (PATCH with operation_type REMOVE; the API has no DELETE). */
  remove(adAccountId: string, audienceId: string): Promise<void>;
}

/** True when `value` looks like an audience (an object with a string id). */
function isAudience(value: unknown): value is ApiAudience {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}

/** The audience endpoints, sending through `endpoint`. */
export function audiencesApi(endpoint: Endpoint): AudiencesApi {
  function listQuery(operation: string, adAccountId: string, options: AudienceListOptions): Record<string, string | number | undefined> {
    const pageSize = checkedPageSize(operation, options.pageSize, { adAccountId });
    return { page_size: pageSize, order: options.order, ownership_type: options.ownershipType };
  }

  async function* pages(adAccountId: string, options: AudienceListOptions = {}): AsyncGenerator<ApiAudience[]> {
    const operation = "audiences/list";
    assertPinterestId(adAccountId, "ad account id", operation);
    const query = listQuery(operation, adAccountId, options);
    yield* endpoint.paginate<ApiAudience>({
      operation,
      path: `/ad_accounts/${adAccountId}/audiences`,
      query,
      ids: { adAccountId },
      onPage: options.onPage,
    });
  }

  async function list(adAccountId: string, options: AudienceListOptions = {}): Promise<ApiAudience[]> {
    const all: ApiAudience[] = [];
    for await (const items of pages(adAccountId, options)) all.push(...items);
    return all;
  }

  async function get(adAccountId: string, audienceId: string): Promise<ApiAudience> {
    const operation = "audiences/get";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    const audience = await endpoint.send<unknown>({
      operation,
      method: "GET",
      path: `/ad_accounts/${adAccountId}/audiences/${audienceId}`,
      category: "ads_read",
      safety: "safe",
      auth: "bearer",
      ids,
    });
    if (!isAudience(audience)) throw invalidResponse(operation, "an audience", false, ids);
    return audience;
  }

  async function create(adAccountId: string, request: ApiAudienceCreateRequest): Promise<ApiAudience> {
    const operation = "audiences/create";
    assertPinterestId(adAccountId, "ad account id", operation);
    if (typeof request !== "object" || request === null) throw invalidRequest(operation, "The create request must be an object.", { adAccountId });
    if (request.ad_account_id !== undefined && request.ad_account_id !== adAccountId) {
      throw invalidRequest(
        operation,
        `The request's ad_account_id ${request.ad_account_id} differs from the ad account ${adAccountId} it is sent to.`,
        { adAccountId },
      );
    }
    const body = { ...defined(request), ad_account_id: adAccountId };
    const audience = await endpoint.send<unknown>({
      operation,
      method: "POST",
      path: `/ad_accounts/${adAccountId}/audiences`,
      json: body,
      category: "ads_write",
      safety: "unsafe",
      auth: "bearer",
      ids: { adAccountId },
    });
    if (!isAudience(audience)) throw invalidResponse(operation, "the created audience", true, { adAccountId });
    return audience;
  }

  async function update(adAccountId: string, audienceId: string, fields: AudienceUpdateFields): Promise<ApiAudience> {
    const operation = "audiences/update";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const ids = { adAccountId, audienceId };
    if (typeof fields !== "object" || fields === null) throw invalidRequest(operation, "The fields to update must be an object.", ids);
    if (fields.ad_account_id !== undefined && fields.ad_account_id !== adAccountId) {
      throw invalidRequest(
        operation,
        `The fields' ad_account_id ${fields.ad_account_id} differs from the ad account ${adAccountId} they are sent to.`,
        ids,
      );
    }
    const body: ApiAudienceUpdateRequest = { ...defined(fields), ad_account_id: adAccountId, operation_type: "UPDATE" };
    const audience = await endpoint.send<unknown>({
      operation,
      method: "PATCH",
      path: `/ad_accounts/${adAccountId}/audiences/${audienceId}`,
      json: body,
      category: "ads_write",
      safety: "idempotent",
      auth: "bearer",
      ids,
    });
    if (!isAudience(audience)) throw invalidResponse(operation, "the updated audience", true, ids);
    return audience;
  }

  async function remove(adAccountId: string, audienceId: string): Promise<void> {
    const operation = "audiences/remove";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(audienceId, "audience id", operation);
    const body: ApiAudienceUpdateRequest = { ad_account_id: adAccountId, operation_type: "REMOVE" };
    await endpoint.send<unknown>({
      operation,
      method: "PATCH",
      path: `/ad_accounts/${adAccountId}/audiences/${audienceId}`,
      json: body,
      category: "ads_write",
      safety: "idempotent",
      auth: "bearer",
      ids: { adAccountId, audienceId },
    });
  }

  return { list, pages, get, create, update, remove };
}
