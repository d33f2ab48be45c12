/**
 * Validation of request bodies and list query parameters, with 400 messages that name the field.
 * Unknown top-level fields are rejected so that client bugs surface in tests.
 */
import { AUDIENCE_TYPES, type ApiAudienceType } from "../provider/api/types";
import { badRequest } from "./errors";
import { normaliseRule } from "./rules";
import type { AudienceChanges, ListOrder, NewAudience } from "./store";

const CREATE_FIELDS = ["ad_account_id", "name", "rule", "audience_type", "description"];
const UPDATE_FIELDS = ["ad_account_id", "name", "rule", "description", "operation_type"];

/** Largest `page_size` the list call accepts. */
export const MAX_PAGE_SIZE = 250;
/** `page_size` when the list call omits it. */
export const DEFAULT_PAGE_SIZE = 25;

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

function rejectUnknown(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw badRequest(`Unknown field "${unknown}" in the request body; allowed fields: ${allowed.join(", ")}.`);
}

function checkAccount(body: Record<string, unknown>, adAccountId: string): void {
  const given = body.ad_account_id;
  if (given === undefined) return;
  if (typeof given !== "string" || given !== adAccountId) {
    throw badRequest(`ad_account_id in the body (${JSON.stringify(given)}) must equal the ad account in the path (${adAccountId}); omit it or make them match.`);
  }
}

function name(value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0) throw badRequest("name must be a non-empty string.");
  return value;
}

function description(value: unknown): string | null {
  if (value !== null && typeof value !== "string") throw badRequest("description must be a string.");
  return value;
}

/** Validates an `AudienceCreateRequest` posted to ad account `adAccountId`. */
export function parseCreateRequest(body: unknown, adAccountId: string): NewAudience {
  const b = asObject(body);
  rejectUnknown(b, CREATE_FIELDS);
  checkAccount(b, adAccountId);
  for (const field of ["name", "rule", "audience_type"]) {
    if (b[field] === undefined) throw badRequest(`${field} is required to create an audience.`);
  }
  const type = b.audience_type;
  if (typeof type !== "string" || !(AUDIENCE_TYPES as readonly string[]).includes(type)) {
    throw badRequest(`audience_type must be one of ${AUDIENCE_TYPES.join(", ")} (case-sensitive); got ${JSON.stringify(type)}.`);
  }
  const audienceType = type as ApiAudienceType;
  const out: NewAudience = { name: name(b.name), audience_type: audienceType, rule: normaliseRule(audienceType, b.rule, adAccountId) };
  if (b.description !== undefined) out.description = description(b.description);
  return out;
}

/** A validated `AudienceUpdateRequest`: either a removal or the fields to change. */
export type ParsedUpdate = { operation: "REMOVE" } | { operation: "UPDATE"; changes: AudienceChanges };

/** Reads `operation_type` from a PATCH body without validating the rest (to name the operation early). */
export function peekOperationType(body: unknown): "UPDATE" | "REMOVE" {
  return typeof body === "object" && body !== null && (body as Record<string, unknown>).operation_type === "REMOVE" ? "REMOVE" : "UPDATE";
}

/** Validates an `AudienceUpdateRequest` for an existing audience of type `audienceType`. */
export function parseUpdateRequest(body: unknown, adAccountId: string, audienceType: ApiAudienceType): ParsedUpdate {
  const b = asObject(body);
  rejectUnknown(b, UPDATE_FIELDS);
  checkAccount(b, adAccountId);
  const op = b.operation_type ?? "UPDATE";
  if (op !== "UPDATE" && op !== "REMOVE") throw badRequest(`operation_type must be UPDATE or REMOVE; got ${JSON.stringify(op)}.`);
  const changes: AudienceChanges = {};
  if (b.name !== undefined) changes.name = name(b.name);
  if (b.description !== undefined) changes.description = description(b.description);
  if (b.rule !== undefined) changes.rule = normaliseRule(audienceType, b.rule, adAccountId);
  return op === "REMOVE" ? { operation: "REMOVE" } : { operation: "UPDATE", changes };
}

/** Validated list query parameters. */
export interface ListQuery {
  /** Sort order by id. */
  order: ListOrder;
  /** Items per page, 1..250. */
  pageSize: number;
  /** Cursor from the previous page. */
  bookmark?: string;
  /** OWNED (default) or RECEIVED. */
  ownershipType: "OWNED" | "RECEIVED";
}

/** Validates the list call's query parameters; unknown ones (e.g. the SDK's `entity_statuses`) are ignored. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const rawSize = params.get("page_size");
  let pageSize = DEFAULT_PAGE_SIZE;
  if (rawSize !== null) {
    if (!/^\d+$/.test(rawSize) || Number(rawSize) < 1 || Number(rawSize) > MAX_PAGE_SIZE) {
      throw badRequest(`page_size must be an integer from 1 to ${MAX_PAGE_SIZE}; got "${rawSize}".`);
    }
    pageSize = Number(rawSize);
  }
  const order = params.get("order") ?? "ASCENDING";
  if (order !== "ASCENDING" && order !== "DESCENDING") throw badRequest(`order must be ASCENDING or DESCENDING; got "${order}".`);
  const ownership = params.get("ownership_type") ?? "OWNED";
  if (ownership !== "OWNED" && ownership !== "RECEIVED") throw badRequest(`ownership_type must be OWNED or RECEIVED; got "${ownership}".`);
  const bookmark = params.get("bookmark");
  const query: ListQuery = { order, pageSize, ownershipType: ownership };
  if (bookmark !== null && bookmark !== "") query.bookmark = bookmark;
  return query;
}
