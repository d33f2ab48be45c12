/**
 * The mapping between the camelCase shapes users declare and the API's snake_case wire shapes: the only module that
 * knows API field names. Which rule fields exist, and how each is compared, is schema.json's (see rule-fields.ts).
 */
import type { ApiAudience, ApiAudienceCreateRequest, ApiAudienceRule, ApiAudienceUpdateRequest } from "../api/types";
import type { AudienceInputs, AudienceOutputs, AudienceType } from "./model";
import { AudienceRuleInputs, RULE_COMPARISONS, RULE_FIELDS } from "./rule-fields";
import { cloneJson, defineData, hasOwn, toCount } from "./json";
import { normalizeDescription, propertyDifferences } from "./compare";

/** camelCase rule field -> API field. */
export const RULE_FIELD_API_NAMES: Readonly<Record<keyof AudienceRuleInputs, keyof ApiAudienceRule>> = {
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

const API_TO_RULE_FIELD: ReadonlyMap<string, keyof AudienceRuleInputs> = new Map(
  RULE_FIELDS.map((field) => [RULE_FIELD_API_NAMES[field] as string, field]),
);

/** snake_case -> camelCase, for API fields this model does not know. */
function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** List fields whose repeated items are sent once: the sets, and a list of conversion tag ids. */
const SENT_ONCE_FIELDS: ReadonlySet<string> = new Set(RULE_FIELDS.filter((field) => ["set", "idOrIds"].includes(RULE_COMPARISONS[field])));

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
    defineData(
      api,
      apiName,
      RULE_COMPARISONS[key as keyof AudienceRuleInputs] === "count"
        ? toCount(value)
        : SENT_ONCE_FIELDS.has(key) && Array.isArray(value)
          ? withoutRepeats(value)
          : cloneJson(value),
    );
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

/**
 * The body of an update call that makes `live` match `declared`: only the name, description or whole rule that
 * differ (as {@link propertyDifferences} finds them); undefined when nothing differs. A declaration without a
 * description means an empty one, so when the live audience has a description this sends `description: ""` to clear
 * it. The rule is sent whole (with the ad account id copied in), since the API replaces it whole.
 *
 * Removing a rule field from a declaration means the audience no longer has it: the field is unset, or back at
 * Pinterest's documented default where there is one (`retentionDays` 180, `prefill` true). A Pinterest that merges
 * the new rule into the old one keeps the removed field; the update's answer then still differs, and the step fails
 * naming the field (see read-back.ts) rather than leaving a change that every later plan shows again.
 */
export function updateRequestFor(declared: AudienceInputs, live: AudienceInputs): Omit<ApiAudienceUpdateRequest, "operation_type"> | undefined {
  const request: Omit<ApiAudienceUpdateRequest, "operation_type"> = {};
  for (const { field } of propertyDifferences(declared, live)) {
    if (field === "name") request.name = declared.name;
    else if (field === "description") request.description = normalizeDescription(declared.description);
    else if (field === "rule") request.rule = toApiRule(declared.rule, declared.adAccountId);
  }
  return Object.keys(request).length > 0 ? request : undefined;
}
