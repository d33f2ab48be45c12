/**
 * The field model: the camelCase shapes users declare, their mapping to and from the API's snake_case
 * wire shapes, and the canonical form used to compare a declaration with what Pinterest holds.
 * This is the only module that knows API field names.
 */
import { sameId } from "../api/ids";
import type {
  ApiAudience,
  ApiAudienceCreateRequest,
  ApiAudienceRule,
  ApiAudienceType,
  ApiAudienceUpdateRequest,
} from "../api/types";

/** Audience types of the API's enum. PERSONA has no documented rule: it can be read, not declared. */
export type AudienceType = ApiAudienceType;

/** An operator object such as `{"=": ["web"]}` or `{"contains": "/shoe"}`. */
export type OperatorObject = Record<string, string | string[]>;

/**
 * The rule of an audience, in camelCase. Which fields belong to which audience type is defined by schema.json.
 * Numbers may be given as integers or digit strings (Pinterest's own examples send strings).
 */
export interface AudienceRuleInputs {
  /** Customer list id (CUSTOMER_LIST, required). */
  customerListId?: string;
  /** Two-letter uppercase country code of the lookalike's market (ACTALIKE, required). */
  country?: string;
  /** Verified domains whose engagers join the audience (ENGAGEMENT). Compared as a set. */
  engagementDomain?: string[];
  /** click, save, closeup, comment or like; all engagements when left out (ENGAGEMENT). */
  engagementType?: string;
  /** Engager type, 1 or 2 (ENGAGEMENT). */
  engagerType?: number | string;
  /** A Pinterest tag event such as `checkout`, or a partner-defined event (VISITOR). */
  event?: string;
  /**
   * Event data to match; needs `event` (VISITOR). Its keys are Pinterest's own event data field names
   * (snake_case, e.g. `page_name`) and are passed through unchanged.
   */
  eventData?: Record<string, unknown>;
  /** `{"=": [...]}` of web, mobile, offline (VISITOR). Values compared as a set. */
  eventSource?: OperatorObject;
  /** `{"=": [...]}` of tag, mmp, file_upload, conversions_api (VISITOR). Values compared as a set. */
  ingestionSource?: OperatorObject;
  /** Campaign objectives to filter engagement by (ENGAGEMENT). Compared as a set. */
  objectiveType?: string[];
  /** Size of the lookalike, 1 to 10 percent of the country's Pinterest users (ACTALIKE, required). */
  percentage?: number | string;
  /** Engaged organic pin ids (ENGAGEMENT). Compared as a set. */
  pinId?: string[];
  /** Pre-populate the audience from existing data; Pinterest uses true when left out (VISITOR). */
  prefill?: boolean;
  /** Days a person stays in the audience, 1 to 540; Pinterest uses 180 when left out (VISITOR, ENGAGEMENT). */
  retentionDays?: number | string;
  /** Seed audience ids (ACTALIKE, required). Compared as a set. */
  seedId?: string[];
  /** A URL, a list of URLs (compared as a set) or an operator object: =, !=, contains, not_contains (VISITOR, ENGAGEMENT). */
  url?: string | string[] | OperatorObject;
  /** Conversion (Pinterest) tag id, or a list of them as the docs' example sends (VISITOR, required). */
  visitorSourceId?: string | string[];
  /** Ad ids to filter engagement by (ENGAGEMENT). Compared as a set. */
  adId?: string[];
  /** Campaign ids to filter engagement by (ENGAGEMENT). Compared as a set. */
  campaignId?: string[];
}

/** One audience as a user declares it. */
export interface AudienceInputs {
  /** The ad account that owns the audience (digits). Changing it replaces the audience. */
  adAccountId: string;
  /** Audience name. */
  name: string;
  /** Audience description; left out, null and "" all mean an empty description. */
  description?: string;
  /** Audience type. Changing it replaces the audience. */
  audienceType: AudienceType;
  /** The rule defining who is in the audience. */
  rule: AudienceRuleInputs;
}

/** One audience as Pinterest holds it: the inputs plus what Pinterest computes. */
export interface AudienceOutputs extends AudienceInputs {
  /** Pinterest's audience id (digits). */
  audienceId: string;
  /** Audience size, when Pinterest reports one. */
  size?: number;
  /** READY, INITIALIZING or TOO_SMALL. */
  status?: string;
  /** The object type, always "audience". */
  type?: string;
  /** Creation time, Unix seconds. */
  createdTimestamp?: number;
  /** Last update time, Unix seconds. */
  updatedTimestamp?: number;
  /** The company that created the audience. */
  createdByCompanyName?: string;
}

/** Which changed properties (camelCase names) replace the audience and which update it in place. */
export interface AudienceDiff {
  /** Changed properties that force a replacement: adAccountId, audienceType. */
  replaces: string[];
  /** Changed properties updated in place: name, description, rule. */
  updates: string[];
}

/** camelCase rule field -> API field. The order is the order of the docs. */
const RULE_FIELD_API_NAMES: Readonly<Record<keyof AudienceRuleInputs, keyof ApiAudienceRule>> = {
  customerListId: "customer_list_id",
  country: "country",
  engagementDomain: "engagement_domain",
  engagementType: "engagement_type",
  engagerType: "engager_type",
  event: "event",
  eventData: "event_data",
  eventSource: "event_source",
  ingestionSource: "ingestion_source",
  objectiveType: "objective_type",
  percentage: "percentage",
  pinId: "pin_id",
  prefill: "prefill",
  retentionDays: "retention_days",
  seedId: "seed_id",
  url: "url",
  visitorSourceId: "visitor_source_id",
  adId: "ad_id",
  campaignId: "campaign_id",
};

/** Every camelCase rule field, in the order of the docs. */
export const RULE_FIELDS: readonly (keyof AudienceRuleInputs)[] = Object.keys(RULE_FIELD_API_NAMES) as (keyof AudienceRuleInputs)[];

const API_TO_RULE_FIELD: ReadonlyMap<string, keyof AudienceRuleInputs> = new Map(
  RULE_FIELDS.map((field) => [RULE_FIELD_API_NAMES[field] as string, field]),
);

/** Rule fields holding a count: integers on the wire, digit strings accepted. */
const NUMERIC_FIELDS: ReadonlySet<string> = new Set(["engagerType", "percentage", "retentionDays"]);

/** Rule fields holding lists whose order and repetitions carry no meaning. */
const SET_FIELDS: ReadonlySet<string> = new Set(["engagementDomain", "objectiveType", "pinId", "seedId", "adId", "campaignId"]);

/** Rule fields holding operator objects whose values are sets. */
const OPERATOR_FIELDS: ReadonlySet<string> = new Set(["eventSource", "ingestionSource"]);

/** Pinterest's documented defaults per audience type, filled in when a rule leaves them out. */
const RULE_DEFAULTS: Readonly<Record<string, Readonly<AudienceRuleInputs>>> = {
  VISITOR: { retentionDays: 180, prefill: true },
  ENGAGEMENT: { retentionDays: 180 },
};

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** Copies JSON-like data so results never alias their inputs; own `__proto__` keys stay plain data. */
function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      defineData(copy, key, cloneJson((value as Record<string, unknown>)[key]));
    }
    return copy as T;
  }
  return value;
}

/** Sets an own data property, also for keys such as `__proto__` that plain assignment would treat specially. */
function defineData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A digit string becomes its integer; anything else is left as it is (validation reports it). */
function toCount(value: unknown): unknown {
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return Number(value);
  return value;
}

/** snake_case -> camelCase, for API fields this model does not know. */
function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** List fields whose repeated items are sent once: the set fields and a list of conversion tag ids. */
const SENT_ONCE_FIELDS: ReadonlySet<string> = new Set([...SET_FIELDS, "visitorSourceId"]);

/** A copy of a list with each item kept at its first occurrence only. */
function withoutRepeats(values: readonly unknown[]): unknown[] {
  return [...new Set(values)].map((item) => cloneJson(item));
}

/**
 * Maps a declared rule to the API's field names; digit strings of counts become integers, as the spec types them.
 * A list that is a set (ids, domains, objectives) is sent with each item once, in the order first given: a
 * repeated id means nothing more, and comparison already reads these lists as sets, so no change is planned.
 * When `adAccountId` is given it is copied into the rule, as Pinterest's Python SDK does.
 * Throws on a field it does not know: validation rejects those earlier, and nothing is dropped silently.
 */
export function toApiRule(rule: AudienceRuleInputs, adAccountId?: string): ApiAudienceRule {
  const api: Record<string, unknown> = {};
  if (adAccountId !== undefined) api.ad_account_id = adAccountId;
  for (const key of Object.keys(rule)) {
    if (!hasOwn(RULE_FIELD_API_NAMES, key)) {
      throw new Error(
        `The rule field "${key}" is unknown, so it cannot be sent to Pinterest. Known fields: ${RULE_FIELDS.join(", ")}. ` +
          "Fix the declaration (validation reports such fields in preview).",
      );
    }
    const value = (rule as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const apiName = RULE_FIELD_API_NAMES[key as keyof AudienceRuleInputs];
    defineData(api, apiName, NUMERIC_FIELDS.has(key) ? toCount(value) : SENT_ONCE_FIELDS.has(key) && Array.isArray(value) ? withoutRepeats(value) : cloneJson(value));
  }
  return api as ApiAudienceRule;
}

/**
 * Maps a rule as the API returns it to camelCase. Drops the echoed `ad_account_id`. Fields this model does not
 * know are kept under their camelCase name, so that a change Pinterest reports shows in a plan instead of vanishing.
 */
export function fromApiRule(rule: ApiAudienceRule | undefined): AudienceRuleInputs {
  const inputs: Record<string, unknown> = {};
  if (rule === undefined || rule === null || typeof rule !== "object") return inputs;
  for (const key of Object.keys(rule)) {
    if (key === "ad_account_id") continue;
    const value = (rule as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    defineData(inputs, API_TO_RULE_FIELD.get(key) ?? camelCase(key), cloneJson(value));
  }
  return inputs as AudienceRuleInputs;
}

/** The body of a create call. An empty or absent description is left out. */
export function toCreateRequest(inputs: AudienceInputs): ApiAudienceCreateRequest {
  const request: ApiAudienceCreateRequest = {
    ad_account_id: inputs.adAccountId,
    name: inputs.name,
    rule: toApiRule(inputs.rule, inputs.adAccountId),
    audience_type: inputs.audienceType,
  };
  const description = normalizeDescription(inputs.description);
  if (description !== "") request.description = description;
  return request;
}

/** An audience as Pinterest holds it, in camelCase; null and absent values become absent properties. */
export function fromApiAudience(audience: ApiAudience): AudienceOutputs {
  const outputs: AudienceOutputs = {
    audienceId: audience.id,
    adAccountId: audience.ad_account_id,
    name: audience.name,
    audienceType: audience.audience_type as AudienceType,
    rule: fromApiRule(audience.rule),
  };
  if (typeof audience.description === "string") outputs.description = audience.description;
  const size = asNumber(audience.size);
  if (size !== undefined) outputs.size = size;
  if (typeof audience.status === "string") outputs.status = audience.status;
  if (typeof audience.type === "string") outputs.type = audience.type;
  const created = asNumber(audience.created_timestamp);
  if (created !== undefined) outputs.createdTimestamp = created;
  const updated = asNumber(audience.updated_timestamp);
  if (updated !== undefined) outputs.updatedTimestamp = updated;
  if (typeof audience.created_by_company_name === "string") outputs.createdByCompanyName = audience.created_by_company_name;
  return outputs;
}

/** A number, or a digit string Pinterest sent for one, as a number; anything else (null, absent) is undefined. */
function asNumber(value: unknown): number | undefined {
  const count = toCount(value);
  return typeof count === "number" && Number.isFinite(count) ? count : undefined;
}

/**
 * Rule fields Pinterest may leave out of its answers although the request set them: `prefill` (write-only in
 * practice). What was last sent stands for them until Pinterest reports a value.
 */
const NOT_ALWAYS_ECHOED: readonly (keyof AudienceRuleInputs)[] = ["prefill"];

/**
 * The live audience with the rule fields Pinterest did not echo taken from `known` (what was sent, or what the
 * state last recorded), so a field Pinterest does not report is never planned as a change. Fields Pinterest does
 * report are kept as reported.
 */
export function withUnechoedFields<T extends AudienceInputs>(live: T, known: AudienceInputs | undefined): T {
  if (!known || known.audienceType !== live.audienceType || known.rule === null || typeof known.rule !== "object") return live;
  const rule: Record<string, unknown> = { ...(live.rule ?? {}) };
  let filled = false;
  for (const field of NOT_ALWAYS_ECHOED) {
    const value = (known.rule as Record<string, unknown>)[field];
    if ((rule[field] === undefined || rule[field] === null) && value !== undefined && value !== null) {
      rule[field] = cloneJson(value);
      filled = true;
    }
  }
  return filled ? { ...live, rule: rule as AudienceRuleInputs } : live;
}

/** One property that differs between a declaration and the live audience, after normalisation. */
export interface FieldDifference {
  /** The property's path: `name`, `description`, `rule.event`, … */
  field: string;
  /** The declared value (normalised; undefined when the declaration leaves the field out). */
  declared: unknown;
  /** The live value (normalised; undefined when Pinterest does not hold the field). */
  live: unknown;
}

/**
 * Every property of `declared` that `live` does not match, field by field within the rule (normalised as
 * {@link normalizeRule} does, so defaults, re-typed numbers and list order are no difference).
 */
export function fieldDifferences(declared: AudienceInputs, live: AudienceInputs): FieldDifference[] {
  const out: FieldDifference[] = [];
  if (declared.adAccountId !== live.adAccountId) out.push({ field: "adAccountId", declared: declared.adAccountId, live: live.adAccountId });
  if (declared.audienceType !== live.audienceType) out.push({ field: "audienceType", declared: declared.audienceType, live: live.audienceType });
  if (declared.name !== live.name) out.push({ field: "name", declared: declared.name, live: live.name });
  const description = [normalizeDescription(declared.description), normalizeDescription(live.description)];
  if (description[0] !== description[1]) out.push({ field: "description", declared: description[0], live: description[1] });
  const want = normalizeRule(declared.rule, declared.audienceType) as Record<string, unknown>;
  const have = normalizeRule(live.rule, live.audienceType) as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(want), ...Object.keys(have)])].sort()) {
    if (JSON.stringify(want[key]) !== JSON.stringify(have[key])) out.push({ field: `rule.${key}`, declared: want[key], live: have[key] });
  }
  return out;
}

/**
 * Statuses with which Pinterest may still answer for an audience it removed (the description lists only READY,
 * INITIALIZING and TOO_SMALL, and says nothing of removed audiences). Such an audience counts as gone.
 */
const REMOVED_STATUSES: ReadonlySet<string> = new Set(["REMOVED", "DELETED", "ARCHIVED"]);

/** Whether Pinterest's answer is an audience that was removed (and still answers, with a status saying so). */
export function isRemovedAudience(audience: ApiAudience): boolean {
  return typeof audience.status === "string" && REMOVED_STATUSES.has(audience.status.toUpperCase());
}

/** A description for comparison: undefined, null and "" are all the empty description. */
export function normalizeDescription(description: string | null | undefined): string {
  return typeof description === "string" ? description : "";
}

/** A sorted list without repetitions; non-string items are kept (validation reports them). */
function asSet(values: unknown[]): unknown[] {
  const unique = [...new Set(values)];
  return unique.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/** An operator object with each value as a sorted list: `{"=": "web"}` equals `{"=": ["web"]}`. */
function normalizeOperatorObject(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const operator of Object.keys(value).sort()) {
    const operand = (value as Record<string, unknown>)[operator];
    defineData(out, operator, typeof operand === "string" ? [operand] : Array.isArray(operand) ? asSet(operand) : canonical(operand));
  }
  return out;
}

/** JSON-like data with object keys sorted at every level, for order-blind comparison. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) defineData(out, key, canonical((value as Record<string, unknown>)[key]));
    return out;
  }
  return value;
}

/**
 * The canonical form of a rule, for comparison only (never sent): keys sorted; counts as integers ("10" is 10);
 * Pinterest's defaults filled in (retentionDays 180 for VISITOR and ENGAGEMENT, prefill true for VISITOR);
 * id and value lists sorted without repetitions, an empty list being the same as none (they are sets);
 * a single `url` string as a one-item list; a one-item `visitorSourceId` list as its string;
 * operator values as sorted lists; undefined or null values, an echoed `adAccountId`/`ad_account_id` and any other
 * field this model does not know (Pinterest may add fields its description does not list) dropped.
 */
export function normalizeRule(rule: AudienceRuleInputs | undefined, audienceType: string): AudienceRuleInputs {
  const merged: Record<string, unknown> = {};
  const defaults = hasOwn(RULE_DEFAULTS, audienceType) ? RULE_DEFAULTS[audienceType] : {};
  for (const [key, value] of Object.entries(defaults)) merged[key] = value;
  if (rule !== null && typeof rule === "object") {
    for (const key of Object.keys(rule)) {
      const value = (rule as Record<string, unknown>)[key];
      // Fields this model does not know (Pinterest may add some to its answers) cannot be declared (schema.json
      // rejects them), so comparing them would plan a change no declaration can ever make: they are kept in the
      // outputs, never compared.
      if (value === undefined || value === null || !hasOwn(RULE_FIELD_API_NAMES, key)) continue;
      defineData(merged, key, value);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(merged).sort()) {
    const value = merged[key];
    let normal: unknown;
    if (NUMERIC_FIELDS.has(key)) normal = toCount(value);
    else if (SET_FIELDS.has(key) && Array.isArray(value)) normal = value.length === 0 ? undefined : asSet(value);
    else if (OPERATOR_FIELDS.has(key)) normal = normalizeOperatorObject(value);
    else if (key === "url") {
      if (typeof value === "string") normal = [value];
      else if (Array.isArray(value)) normal = value.length === 0 ? undefined : asSet(value);
      else normal = normalizeOperatorObject(value);
    } else if (key === "visitorSourceId" && Array.isArray(value)) {
      normal = value.length === 1 ? value[0] : value.length === 0 ? undefined : asSet(value);
    } else normal = canonical(value);
    if (normal !== undefined) defineData(out, key, normal);
  }
  return out as AudienceRuleInputs;
}

/**
 * A rule without the fields that hold Pinterest's default for the audience type (`retentionDays` 180, `prefill`
 * true): the rule as a declaration would most likely write it, for showing rather than comparing.
 */
export function withoutRuleDefaults(rule: AudienceRuleInputs, audienceType: string): AudienceRuleInputs {
  const defaults: Record<string, unknown> = hasOwn(RULE_DEFAULTS, audienceType) ? RULE_DEFAULTS[audienceType] : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) {
    const isDefault = hasOwn(defaults, key) && JSON.stringify(normalizeRule({ [key]: value } as AudienceRuleInputs, audienceType)) === JSON.stringify(normalizeRule({}, audienceType));
    if (!isDefault) defineData(out, key, value);
  }
  return out as AudienceRuleInputs;
}

/** Whether two rules mean the same audience, each read with its own audience type's defaults. */
export function rulesEqual(a: AudienceRuleInputs | undefined, aType: string, b: AudienceRuleInputs | undefined, bType: string): boolean {
  return JSON.stringify(normalizeRule(a, aType)) === JSON.stringify(normalizeRule(b, bType));
}

/**
 * Which declared properties changed between `olds` and `news`, after normalisation (so values Pinterest fills in
 * or re-types are no change). adAccountId and audienceType replace the audience; name, description and rule update it.
 */
export function diffAudience(olds: AudienceInputs, news: AudienceInputs): AudienceDiff {
  const replaces: string[] = [];
  const updates: string[] = [];
  // An ad account recorded with leading zeros (before ids were checked for them) is the same account: no replacement for it.
  if (!sameId(olds.adAccountId, news.adAccountId)) replaces.push("adAccountId");
  if (olds.audienceType !== news.audienceType) replaces.push("audienceType");
  if (olds.name !== news.name) updates.push("name");
  if (normalizeDescription(olds.description) !== normalizeDescription(news.description)) updates.push("description");
  if (!rulesEqual(olds.rule, olds.audienceType, news.rule, news.audienceType)) updates.push("rule");
  return { replaces, updates };
}

/**
 * The body of an update call that makes `live` match `declared`: only the name, description or whole rule that
 * differ; undefined when nothing differs. A declaration without a description means an empty one, so when the live
 * audience has a description this sends `description: ""` to clear it. The rule is sent whole (with the ad account
 * id copied in), since the API replaces it whole.
 *
 * Removing a rule field from a declaration means the audience no longer has it: the field is unset, or back at
 * Pinterest's documented default where there is one (`retentionDays` 180, `prefill` true). A Pinterest that merges
 * the new rule into the old one keeps the removed field; the update's answer then still differs, and the step fails
 * naming the field (see read-back.ts) rather than leaving a change that every later plan shows again.
 */
export function updateRequestFor(
  declared: AudienceInputs,
  live: AudienceInputs,
): Omit<ApiAudienceUpdateRequest, "operation_type"> | undefined {
  const request: Omit<ApiAudienceUpdateRequest, "operation_type"> = {};
  let changed = false;
  if (declared.name !== live.name) {
    request.name = declared.name;
    changed = true;
  }
  const description = normalizeDescription(declared.description);
  if (description !== normalizeDescription(live.description)) {
    request.description = description;
    changed = true;
  }
  if (!rulesEqual(declared.rule, declared.audienceType, live.rule, live.audienceType)) {
    request.rule = toApiRule(declared.rule, declared.adAccountId);
    changed = true;
  }
  return changed ? request : undefined;
}
