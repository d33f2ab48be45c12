/**
 * Validation of request bodies and list query parameters, with 400 messages that name the field.
 * Unknown top-level fields are rejected so that client bugs surface in tests.
 */
import { AUDIENCE_TYPES, type ApiAudienceAccountType, type ApiAudienceType, type ApiSharingOperationType } from "../provider/api/types";
import { badRequest } from "./errors";
import { normaliseRule } from "./rules";
import type { AudienceChanges, ListOrder, NewAudience } from "./store";

const CREATE_FIELDS = ["ad_account_id", "name", "rule", "audience_type", "description"];
const UPDATE_FIELDS = ["ad_account_id", "name", "rule", "description", "operation_type"];

/** Largest `page_size` the list call accepts. */
export const MAX_PAGE_SIZE = 250;
/** `page_size` when the list call omits it. */
export const DEFAULT_PAGE_SIZE = 25;

/** The body as an object, or 400. */
export function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

/** 400 naming the first field of `body` not in `allowed`. */
export function rejectUnknown(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw badRequest(`Unknown field "${unknown}" in the request body; allowed fields: ${allowed.join(", ")}.`);
}

function checkAccount(body: Record<string, unknown>, adAccountId: string): void {
  const given = body.ad_account_id;
  if (given === undefined) return;
  if (typeof given !== "string" || given !== adAccountId) {
    throw badRequest(
      `ad_account_id in the body (${JSON.stringify(given)}) must equal the ad account in the path (${adAccountId}); omit it or make them match.`,
    );
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

function pageSize(params: URLSearchParams): number {
  const raw = params.get("page_size");
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE_SIZE) {
    throw badRequest(`page_size must be an integer from 1 to ${MAX_PAGE_SIZE}; got "${raw}".`);
  }
  return Number(raw);
}

function bookmarkParam(params: URLSearchParams): { bookmark?: string } {
  const bookmark = params.get("bookmark");
  return bookmark !== null && bookmark !== "" ? { bookmark } : {};
}

/** Validates the list call's query parameters; unknown ones (e.g. the SDK's `entity_statuses`) are ignored. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const order = params.get("order") ?? "ASCENDING";
  if (order !== "ASCENDING" && order !== "DESCENDING") throw badRequest(`order must be ASCENDING or DESCENDING; got "${order}".`);
  const ownership = params.get("ownership_type") ?? "OWNED";
  if (ownership !== "OWNED" && ownership !== "RECEIVED") throw badRequest(`ownership_type must be OWNED or RECEIVED; got "${ownership}".`);
  return { order, pageSize: pageSize(params), ownershipType: ownership, ...bookmarkParam(params) };
}

/** Which sharing PATCH a body was sent to: the field naming its recipients. */
export type RecipientsField = "recipient_account_ids" | "recipient_business_ids";

/** A validated `SharedAudience` or `BusinessSharedAudience` body. */
export interface SharingRequest {
  /** The audience to share or revoke. */
  audienceId: string;
  /** The recipients as the request names them (digit strings, in the request's order). */
  recipientIds: string[];
  /** SHARE or REVOKE. */
  operation: ApiSharingOperationType;
}

const DIGITS = /^\d+$/;

/** Validates a sharing PATCH body: all three fields required, ids digit strings, no other fields. */
export function parseSharingRequest(body: unknown, recipientsField: RecipientsField): SharingRequest {
  const b = asObject(body);
  const fields = ["audience_id", recipientsField, "operation_type"];
  rejectUnknown(b, fields);
  const missing = fields.filter((f) => b[f] === undefined);
  if (missing.length > 0) throw badRequest(`${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required to share or revoke an audience.`);
  if (typeof b.audience_id !== "string" || !DIGITS.test(b.audience_id)) {
    throw badRequest(`audience_id must be a string of digits; got ${JSON.stringify(b.audience_id)}.`);
  }
  const ids = b[recipientsField];
  if (!Array.isArray(ids)) throw badRequest(`${recipientsField} must be an array of digit strings; got ${JSON.stringify(ids)}.`);
  ids.forEach((id: unknown, i) => {
    if (typeof id !== "string" || !DIGITS.test(id))
      throw badRequest(`${recipientsField}[${i}] must be a string of digits; got ${JSON.stringify(id)}.`);
  });
  const op = b.operation_type;
  if (op !== "SHARE" && op !== "REVOKE") throw badRequest(`operation_type must be SHARE or REVOKE (case-sensitive); got ${JSON.stringify(op)}.`);
  return { audienceId: b.audience_id, recipientIds: ids as string[], operation: op };
}

/** Validated query parameters of the shared-accounts list. */
export interface SharedAccountsQuery {
  /** The audience whose recipients to list. */
  audienceId: string;
  /** Which recipients: ad accounts or businesses. */
  accountType: ApiAudienceAccountType;
  /** Items per page, 1..250. */
  pageSize: number;
  /** Cursor from the previous page. */
  bookmark?: string;
}

/** Validates the shared-accounts list's query parameters (`audience_id` and `account_type` are required). */
export function parseSharedAccountsQuery(params: URLSearchParams): SharedAccountsQuery {
  const audienceId = params.get("audience_id");
  if (audienceId === null || audienceId === "") throw badRequest("audience_id is required: the audience whose shared accounts to list.");
  if (!DIGITS.test(audienceId) || audienceId.length > 18)
    throw badRequest(`audience_id must be a string of at most 18 digits; got "${audienceId.slice(0, 40)}".`);
  const accountType = params.get("account_type");
  if (accountType === null || accountType === "") throw badRequest("account_type is required: AD_ACCOUNT or BUSINESS_ACCOUNT.");
  if (accountType !== "AD_ACCOUNT" && accountType !== "BUSINESS_ACCOUNT") {
    throw badRequest(`account_type must be AD_ACCOUNT or BUSINESS_ACCOUNT (case-sensitive); got "${accountType.slice(0, 40)}".`);
  }
  return { audienceId, accountType, pageSize: pageSize(params), ...bookmarkParam(params) };
}
