/**
 * Pinterest's customer list endpoints of one ad account: create a list from records, get one, list them (every
 * page), and ADD or REMOVE records. Every id is checked before any request. Pinterest never answers a list's
 * records (it deletes them once matching is done); only its counts and status.
 *
 * Records travel as one comma-separated string: a record holding a comma, or an empty one, would silently become
 * other records, so it is refused before sending. How many records one request may carry is not described: callers
 * send batches (see {@link MAX_RECORDS_PER_REQUEST}).
 */
import type { ApiCustomerList, ApiCustomerListCreateRequest, ApiCustomerListUpdateRequest, ApiUserListOperationType, ApiUserListType } from "./types";
import { USER_LIST_TYPES } from "./types";
import { assertPinterestId } from "./ids";
import { Endpoint, invalidRequest, invalidResponse, MAX_PAGE_SIZE } from "./endpoint";

/**
 * The most records one create or update carries. The description sets no limit; this keeps a request body under
 * about 1 MB with 64-character hashes (SHA-256 in hex), a size web front ends commonly accept.
 */
export const MAX_RECORDS_PER_REQUEST = 10_000;

/** Customer list operations of one ad account at a time. */
export interface CustomerListsApi {
  /** Creates a list from the records (at most {@link MAX_RECORDS_PER_REQUEST}); never re-sent once it may have reached Pinterest. */
  create(adAccountId: string, name: string, records: readonly string[], listType?: ApiUserListType): Promise<ApiCustomerList>;
  /** One list; a missing one rejects with a PinterestApiError of status 404. */
  get(adAccountId: string, customerListId: string): Promise<ApiCustomerList>;
  /** Every list of the ad account, following bookmarks through every page. */
  list(adAccountId: string): Promise<ApiCustomerList[]>;
  /** Adds or removes records (at most {@link MAX_RECORDS_PER_REQUEST}); safe to send again (the same members result). */
  change(adAccountId: string, customerListId: string, operation: ApiUserListOperationType, records: readonly string[]): Promise<ApiCustomerList>;
}

/** True when `value` looks like a customer list (an object with a string id). */
function isCustomerList(value: unknown): value is ApiCustomerList {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}

/** The records as the API's one string, after checking each can travel in it. */
function joinedRecords(operation: string, records: readonly string[], ids: { adAccountId: string }): string {
  if (!Array.isArray(records) || records.length === 0) throw invalidRequest(operation, "At least one record is needed.", ids);
  if (records.length > MAX_RECORDS_PER_REQUEST) {
    throw invalidRequest(
      operation,
      `At most ${MAX_RECORDS_PER_REQUEST} records go in one request, not ${records.length}: send them in batches.`,
      ids,
    );
  }
  const bad = records.findIndex((record) => typeof record !== "string" || record === "" || record.includes(","));
  if (bad >= 0)
    throw invalidRequest(
      operation,
      `Record ${bad + 1} is empty, not a string, or holds a comma, so it cannot be sent in the comma-separated records.`,
      ids,
    );
  return records.join(",");
}

/** The customer list endpoints, sending through `endpoint`. */
export function customerListsApi(endpoint: Endpoint): CustomerListsApi {
  async function create(
    adAccountId: string,
    name: string,
    records: readonly string[],
    listType: ApiUserListType = "EMAIL",
  ): Promise<ApiCustomerList> {
    const operation = "customer_lists/create";
    assertPinterestId(adAccountId, "ad account id", operation);
    const ids = { adAccountId };
    if (typeof name !== "string" || name === "") throw invalidRequest(operation, "The customer list needs a name.", ids);
    if (!USER_LIST_TYPES.includes(listType))
      throw invalidRequest(operation, `The list type must be one of ${USER_LIST_TYPES.join(", ")}, not ${String(listType)}.`, ids);
    const body: ApiCustomerListCreateRequest = { name, records: joinedRecords(operation, records, ids), list_type: listType };
    const list = await endpoint.send<unknown>({
      operation,
      method: "POST",
      path: `/ad_accounts/${adAccountId}/customer_lists`,
      json: body,
      category: "ads_write",
      safety: "unsafe",
      auth: "bearer",
      ids,
    });
    if (!isCustomerList(list)) throw invalidResponse(operation, "the created customer list", true, ids);
    return list;
  }

  async function get(adAccountId: string, customerListId: string): Promise<ApiCustomerList> {
    const operation = "customer_lists/get";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(customerListId, "customer list id", operation);
    const ids = { adAccountId };
    const list = await endpoint.send<unknown>({
      operation,
      method: "GET",
      path: `/ad_accounts/${adAccountId}/customer_lists/${customerListId}`,
      category: "ads_read",
      safety: "safe",
      auth: "bearer",
      ids,
    });
    if (!isCustomerList(list)) throw invalidResponse(operation, "a customer list", false, ids);
    return list;
  }

  async function list(adAccountId: string): Promise<ApiCustomerList[]> {
    const operation = "customer_lists/list";
    assertPinterestId(adAccountId, "ad account id", operation);
    const all: ApiCustomerList[] = [];
    const pages = endpoint.paginate<ApiCustomerList>({
      operation,
      path: `/ad_accounts/${adAccountId}/customer_lists`,
      query: { page_size: MAX_PAGE_SIZE },
      ids: { adAccountId },
    });
    for await (const items of pages) all.push(...items);
    return all;
  }

  async function change(
    adAccountId: string,
    customerListId: string,
    operationType: ApiUserListOperationType,
    records: readonly string[],
  ): Promise<ApiCustomerList> {
    const operation = "customer_lists/update";
    assertPinterestId(adAccountId, "ad account id", operation);
    assertPinterestId(customerListId, "customer list id", operation);
    const ids = { adAccountId };
    if (operationType !== "ADD" && operationType !== "REMOVE")
      throw invalidRequest(operation, `The operation must be ADD or REMOVE, not ${String(operationType)}.`, ids);
    const body: ApiCustomerListUpdateRequest = { operation_type: operationType, records: joinedRecords(operation, records, ids) };
    const answer = await endpoint.send<unknown>({
      operation,
      method: "PATCH",
      path: `/ad_accounts/${adAccountId}/customer_lists/${customerListId}`,
      json: body,
      category: "ads_write",
      // ADD and REMOVE name the records themselves: sent again, they leave the same members (only the counts grow).
      safety: "idempotent",
      auth: "bearer",
      ids,
    });
    if (!isCustomerList(answer)) throw invalidResponse(operation, "the updated customer list", true, ids);
    return answer;
  }

  return { create, get, list, change };
}
