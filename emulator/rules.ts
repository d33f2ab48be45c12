/**
 * Validation and normalisation of an audience `rule`, as the emulator applies it on create and update.
 * Facts from the official OpenAPI description (AudienceRule) and its examples: numbers may arrive as
 * digit strings, `retention_days` defaults to 180, `prefill` to true, and the ad account id is echoed.
 */
import type { ApiAudienceRule, ApiAudienceType } from "../provider/api/types";
import { badRequest } from "./errors";

const DIGITS = /^\d+$/;
const OBJECTIVE_TYPES = ["AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES", "VIDEO_COMPLETION"];
const ENGAGEMENT_TYPES = ["click", "save", "closeup", "comment", "like"];
const URL_OPERATORS = ["=", "!=", "contains", "not_contains"];
const SOURCE_OPERATORS = ["=", "!="];
const EVENT_SOURCES = ["web", "mobile", "offline"];
const INGESTION_SOURCES = ["tag", "mmp", "file_upload", "conversions_api"];

/** Default `retention_days` for VISITOR and ENGAGEMENT audiences when the rule omits it. */
export const DEFAULT_RETENTION_DAYS = 180;

type Check = (key: string, value: unknown) => unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(key: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw badRequest(`rule.${key} must be a non-empty string.`);
  return value;
}

function digitString(key: string, value: unknown): string {
  if (typeof value !== "string" || !DIGITS.test(value)) throw badRequest(`rule.${key} must be a string of digits, e.g. "549755885175".`);
  return value;
}

function digitArray(key: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && DIGITS.test(v))) {
    throw badRequest(`rule.${key} must be a non-empty array of digit strings, e.g. ["2542620639259"].`);
  }
  return [...(value as string[])];
}

function stringArray(key: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && v.length > 0)) {
    throw badRequest(`rule.${key} must be a non-empty array of non-empty strings.`);
  }
  return [...(value as string[])];
}

function enumArray(allowed: readonly string[]): Check {
  return (key, value) => {
    const items = stringArray(key, value);
    const bad = items.find((v) => !allowed.includes(v));
    if (bad !== undefined) throw badRequest(`rule.${key} contains "${bad}"; allowed values: ${allowed.join(", ")}.`);
    return items;
  };
}

function oneOf(allowed: readonly string[]): Check {
  return (key, value) => {
    if (typeof value !== "string" || !allowed.includes(value)) throw badRequest(`rule.${key} must be one of: ${allowed.join(", ")}.`);
    return value;
  };
}

/** An integer given as a number or a digit string (the docs' own examples send "10" and "180"), within min..max. */
function integerIn(min: number, max: number): Check {
  return (key, value) => {
    let n: number | undefined;
    if (typeof value === "number" && Number.isInteger(value)) n = value;
    else if (typeof value === "string" && DIGITS.test(value)) n = Number(value);
    if (n === undefined) throw badRequest(`rule.${key} must be an integer (or a string of digits) from ${min} to ${max}.`);
    if (n < min || n > max) throw badRequest(`rule.${key} must be from ${min} to ${max}; got ${n}.`);
    return n;
  };
}

/** A string, or an operator object whose values are strings or string arrays, limited to `values` when given. */
function operatorObject(operators: readonly string[], values?: readonly string[]): Check {
  return (key, value) => {
    const hint = `e.g. {"${operators[0]}": [...]}; operators: ${operators.join(", ")}`;
    if (!isPlainObject(value) || Object.keys(value).length === 0) throw badRequest(`rule.${key} must be an operator object, ${hint}.`);
    const out: Record<string, string | string[]> = {};
    for (const [op, operand] of Object.entries(value)) {
      if (!operators.includes(op)) throw badRequest(`rule.${key} has unknown operator "${op}"; operators: ${operators.join(", ")}.`);
      const items = typeof operand === "string" ? [operand] : operand;
      if (!Array.isArray(items) || items.length === 0 || !items.every((v) => typeof v === "string")) {
        throw badRequest(`rule.${key}["${op}"] must be a string or a non-empty array of strings.`);
      }
      const bad = values ? (items as string[]).find((v) => !values.includes(v)) : undefined;
      if (bad !== undefined) throw badRequest(`rule.${key} contains "${bad}"; supported values: ${values?.join(", ")}.`);
      out[op] = Array.isArray(operand) ? [...(operand as string[])] : (operand as string);
    }
    return out;
  };
}

function url(key: string, value: unknown): unknown {
  if (typeof value === "string") return text(key, value);
  if (Array.isArray(value)) return stringArray(key, value);
  if (isPlainObject(value)) return operatorObject(URL_OPERATORS)(key, value);
  throw badRequest(`rule.${key} must be a string, an array of strings, or an operator object (${URL_OPERATORS.join(", ")}).`);
}

/** The docs type it as a string, but their VISITOR example sends an array: accept both. */
function visitorSourceId(key: string, value: unknown): unknown {
  return Array.isArray(value) ? digitArray(key, value) : digitString(key, value);
}

function country(key: string, value: unknown): string {
  if (typeof value !== "string" || !/^[A-Za-z]{2}$/.test(value)) throw badRequest(`rule.${key} must be a two-letter country code such as "US".`);
  return value;
}

function boolean(key: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw badRequest(`rule.${key} must be true or false.`);
  return value;
}

function eventData(key: string, value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) throw badRequest(`rule.${key} must be an object.`);
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** Every key AudienceRule documents, with its check. */
const CHECKS: Record<keyof ApiAudienceRule, Check> = {
  ad_account_id: digitString,
  ad_id: digitArray,
  campaign_id: digitArray,
  country,
  customer_list_id: digitString,
  engagement_domain: stringArray,
  engagement_type: oneOf(ENGAGEMENT_TYPES),
  engager_type: integerIn(1, 2),
  event: text,
  event_data: eventData,
  event_source: operatorObject(SOURCE_OPERATORS, EVENT_SOURCES),
  ingestion_source: operatorObject(SOURCE_OPERATORS, INGESTION_SOURCES),
  objective_type: enumArray(OBJECTIVE_TYPES),
  percentage: integerIn(1, 10),
  pin_id: digitArray,
  prefill: boolean,
  retention_days: integerIn(1, 540),
  seed_id: digitArray,
  url,
  visitor_source_id: visitorSourceId,
};

/** Fields an audience type cannot do without. ENGAGEMENT has none: Pinterest's SDK tests send only `{engager_type: 1}`. */
const REQUIRED: Partial<Record<ApiAudienceType, (keyof ApiAudienceRule)[]>> = {
  CUSTOMER_LIST: ["customer_list_id"],
  ACTALIKE: ["seed_id", "country", "percentage"],
  VISITOR: ["visitor_source_id"],
};

/**
 * Validates `rule` for an audience of `audienceType` in ad account `adAccountId` and returns the rule as the
 * API stores and echoes it: numbers as integers, defaults applied, `ad_account_id` filled in.
 * Throws an {@link EmulatorHttpError} 400 naming the first problem.
 */
export function normaliseRule(audienceType: ApiAudienceType, rule: unknown, adAccountId: string): ApiAudienceRule {
  if (!isPlainObject(rule)) throw badRequest('rule must be a JSON object, e.g. {"customer_list_id": "5497558859876"}.');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) {
    const check = (CHECKS as Record<string, Check | undefined>)[key];
    if (!check) throw badRequest(`rule has unknown field "${key}"; known fields: ${Object.keys(CHECKS).join(", ")}.`);
    out[key] = check(key, value);
  }
  for (const key of REQUIRED[audienceType] ?? []) {
    if (out[key] === undefined) throw badRequest(`rule.${key} is required for ${audienceType} audiences.`);
  }
  if (out.ad_account_id !== undefined && out.ad_account_id !== adAccountId) {
    throw badRequest(`rule.ad_account_id "${String(out.ad_account_id)}" does not match the ad account in the path (${adAccountId}).`);
  }
  out.ad_account_id = adAccountId;
  if ((audienceType === "VISITOR" || audienceType === "ENGAGEMENT") && out.retention_days === undefined) {
    out.retention_days = DEFAULT_RETENTION_DAYS;
  }
  if (audienceType === "VISITOR" && out.prefill === undefined) out.prefill = true;
  return out as ApiAudienceRule;
}
