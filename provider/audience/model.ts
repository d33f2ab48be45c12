/**
 * The audience model: the camelCase shapes users declare and Pinterest holds. What a rule may hold is schema.json's
 * (rule-fields.ts, generated from it); the mapping to the API's field names is wire.ts; comparing two audiences is
 * compare.ts. This module re-exports both, so callers name one model.
 */
import type { ApiAudience, ApiAudienceType } from "../api/types";
import type { AudienceRuleInputs } from "./rule-fields";

export type { AudienceRuleInputs, RuleFieldComparison } from "./rule-fields";
export { RULE_FIELDS } from "./rule-fields";
export { toApiRule, fromApiRule, toCreateRequest, fromApiAudience, withUnechoedFields, updateRequestFor } from "./wire";
export { fieldDifferences, propertyDifferences, diffAudience, normalizeDescription, normalizeRule, withoutRuleDefaults } from "./compare";
export type { FieldDifference, PropertyDifference, AudienceDiff } from "./compare";

/** Audience types of the API's enum. PERSONA has no documented rule: it can be read, not declared. */
export type AudienceType = ApiAudienceType;

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

/**
 * Statuses with which Pinterest may still answer for an audience it removed (the description lists only READY,
 * INITIALIZING and TOO_SMALL, and says nothing of removed audiences). Such an audience counts as gone.
 */
const REMOVED_STATUSES: ReadonlySet<string> = new Set(["REMOVED", "DELETED", "ARCHIVED"]);

/** Whether Pinterest's answer is an audience that was removed (and still answers, with a status saying so). */
export function isRemovedAudience(audience: ApiAudience): boolean {
  return typeof audience.status === "string" && REMOVED_STATUSES.has(audience.status.toUpperCase());
}
