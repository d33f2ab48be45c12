/**
 * What an endpoint module (audiences.ts, sharing.ts) sends its requests through: the client's one pipeline
 * (transport, retry, throttle, token), and the checks and errors every endpoint shares.
 */
import { PinterestApiError } from "./errors";
import type { RequestSpec } from "./transport";

/** The client's request pipeline, as an endpoint module sees it. */
export interface Endpoint {
  /** Sends one request through the pipeline; undefined for an empty answer. */
  send<T>(spec: RequestSpec): Promise<T | undefined>;
  /** The items of a paginated GET, one page at a time, following bookmarks until the last page. */
  paginate<T>(call: PageCall): AsyncGenerator<T[]>;
}

/** A paginated GET. */
export interface PageCall {
  /** The operation, as errors and logs name it. */
  operation: string;
  /** The request path. */
  path: string;
  /** The query, without the bookmark. */
  query: Record<string, string | number | undefined>;
  /** The ids the errors carry. */
  ids: { adAccountId?: string; audienceId?: string };
  /** Called after each page with the number of items it held. */
  onPage?: (count: number) => void;
}

/** Largest page Pinterest serves. */
export const MAX_PAGE_SIZE = 250;

/** Keeps only the keys whose value is not undefined. */
export function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A call refused before sending because of its arguments. */
export function invalidRequest(operation: string, message: string, ids: { adAccountId?: string; audienceId?: string } = {}): PinterestApiError {
  return new PinterestApiError({ kind: "invalid_request", operation, message: `${message} No request was sent.`, ...ids });
}

/** A 2xx answer whose body is not what the API describes. */
export function invalidResponse(
  operation: string,
  what: string,
  ambiguous: boolean,
  ids: { adAccountId?: string; audienceId?: string },
): PinterestApiError {
  const next = ambiguous
    ? " The request took effect, but its result is unknown: read the ad account's audiences before trying again."
    : " Retry later; check the API URL if it persists.";
  return new PinterestApiError({
    kind: "invalid_response",
    operation,
    ambiguous,
    message: `Pinterest ${operation} answered without ${what}.${next}`,
    ...ids,
  });
}

/** The page size a list call asks for: `given`, else the largest; refused before sending unless an integer from 1 to {@link MAX_PAGE_SIZE}. */
export function checkedPageSize(operation: string, given: number | undefined, ids: { adAccountId?: string; audienceId?: string }): number {
  const pageSize = given ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalidRequest(operation, `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, not ${String(pageSize)}.`, ids);
  }
  return pageSize;
}
