/**
 * Comparing an audience's declaration with another (the state's, or Pinterest's): each declared property read in
 * canonical form, so that what Pinterest fills in or re-types is no difference. The differences are computed once
 * ({@link propertyDifferences}); the plan, the read-back and the update request are all derived from them.
 */
import { canonicalPinterestId } from "../api/ids";
import type { AudienceInputs } from "./model";
import { AudienceRuleInputs, RULE_COMPARISONS, RULE_DEFAULTS, RuleFieldComparison } from "./rule-fields";
import { defineData, hasOwn, toCount } from "./json";

/** One property that differs between a declaration and the live audience, after normalisation. */
export interface FieldDifference {
  /** The property's path: `name`, `description`, `rule.event`, … */
  field: string;
  /** The declared value (normalised; undefined when the declaration leaves the field out). */
  declared: unknown;
  /** The live value (normalised; undefined when Pinterest does not hold the field). */
  live: unknown;
}

/** A declared property of an audience: how it is read for comparison, and whether a change to it replaces the audience. */
interface DeclaredProperty {
  /** The property. */
  field: "adAccountId" | "audienceType" | "name" | "description" | "rule";
  /** A change replaces the audience (Pinterest cannot move an audience or change its type); else it is updated. */
  replaces: boolean;
  /** The property in canonical form. */
  normal(inputs: AudienceInputs): unknown;
}

/** The declared properties, in the order a plan lists them. */
const DECLARED_PROPERTIES: readonly DeclaredProperty[] = [
  // An ad account recorded with leading zeros (before ids were checked for them) is the same account.
  {
    field: "adAccountId",
    replaces: true,
    normal: (inputs) => (typeof inputs.adAccountId === "string" ? canonicalPinterestId(inputs.adAccountId) : inputs.adAccountId),
  },
  { field: "audienceType", replaces: true, normal: (inputs) => inputs.audienceType },
  { field: "name", replaces: false, normal: (inputs) => inputs.name },
  { field: "description", replaces: false, normal: (inputs) => normalizeDescription(inputs.description) },
  { field: "rule", replaces: false, normal: (inputs) => normalizeRule(inputs.rule, inputs.audienceType) },
];

/** One declared property that differs, with both values in canonical form and whether the change replaces the audience. */
export interface PropertyDifference extends FieldDifference {
  /** The property. */
  field: DeclaredProperty["field"];
  /** Whether the change replaces the audience. */
  replaces: boolean;
}

/** Every declared property in which `declared` and `live` differ, in canonical form: the one comparison of two audiences. */
export function propertyDifferences(declared: AudienceInputs, live: AudienceInputs): PropertyDifference[] {
  const out: PropertyDifference[] = [];
  for (const property of DECLARED_PROPERTIES) {
    const [want, have] = [property.normal(declared), property.normal(live)];
    if (JSON.stringify(want) !== JSON.stringify(have)) out.push({ field: property.field, replaces: property.replaces, declared: want, live: have });
  }
  return out;
}

/**
 * Every property of `declared` that `live` does not match, the rule field by field (`rule.event`), in canonical
 * form (so defaults, re-typed numbers and list order are no difference): what a read-back or an adoption names.
 */
export function fieldDifferences(declared: AudienceInputs, live: AudienceInputs): FieldDifference[] {
  return propertyDifferences(declared, live).flatMap(({ field, declared: want, live: have }) => {
    if (field !== "rule") return [{ field, declared: want, live: have }];
    const [wantRule, haveRule] = [want as Record<string, unknown>, have as Record<string, unknown>];
    return [...new Set([...Object.keys(wantRule), ...Object.keys(haveRule)])]
      .sort()
      .filter((key) => JSON.stringify(wantRule[key]) !== JSON.stringify(haveRule[key]))
      .map((key) => ({ field: `rule.${key}`, declared: wantRule[key], live: haveRule[key] }));
  });
}

/** Which changes replace the audience and which update it in place. */
export interface AudienceDiff {
  /** Changed properties that force a replacement: adAccountId, audienceType. */
  replaces: string[];
  /** Changed properties updated in place: name, description, rule. */
  updates: string[];
}

/** Which declared properties changed between `olds` and `news`, in canonical form, split by what the change does. */
export function diffAudience(olds: AudienceInputs, news: AudienceInputs): AudienceDiff {
  const differences = propertyDifferences(olds, news);
  return { replaces: differences.filter((d) => d.replaces).map((d) => d.field), updates: differences.filter((d) => !d.replaces).map((d) => d.field) };
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
 * The canonical form of a rule, for comparison only (never sent): keys sorted; Pinterest's defaults filled in
 * (schema.json's `default`: retentionDays 180 for VISITOR and ENGAGEMENT, prefill true for VISITOR); undefined or
 * null values, an echoed `adAccountId`/`ad_account_id` and any other field this model does not know (Pinterest may
 * add fields its description does not list) dropped; each field read as its comparison kind says (schema.json's
 * `x-compare`, see {@link normalizeField}).
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
      if (value === undefined || value === null || !hasOwn(RULE_COMPARISONS, key)) continue;
      defineData(merged, key, value);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(merged).sort()) {
    const normal = normalizeField(RULE_COMPARISONS[key as keyof AudienceRuleInputs], merged[key]);
    if (normal !== undefined) defineData(out, key, normal);
  }
  return out as AudienceRuleInputs;
}

/**
 * One rule value in canonical form, by its comparison kind: a count as an integer ("10" is 10); a set sorted without
 * repetitions, empty being none; an operator object's values as sorted lists; a single `url` string as a one-item
 * list; a one-item list of ids as its id; anything else with its object keys sorted. A value of another shape than
 * its kind's (validation reports it) is compared as it is.
 */
function normalizeField(kind: RuleFieldComparison, value: unknown): unknown {
  switch (kind) {
    case "count":
      return toCount(value);
    case "set":
      return Array.isArray(value) ? setOrNone(value) : canonical(value);
    case "operator":
      return normalizeOperatorObject(value);
    case "url":
      if (typeof value === "string") return [value];
      return Array.isArray(value) ? setOrNone(value) : normalizeOperatorObject(value);
    case "idOrIds":
      if (!Array.isArray(value)) return canonical(value);
      return value.length === 1 ? value[0] : setOrNone(value);
    case "plain":
      return canonical(value);
  }
}

/** A list as a set: sorted without repetitions; an empty list is none (undefined). */
function setOrNone(values: unknown[]): unknown[] | undefined {
  return values.length === 0 ? undefined : asSet(values);
}

/**
 * A rule without the fields that hold Pinterest's default for the audience type (`retentionDays` 180, `prefill`
 * true): the rule as a declaration would most likely write it, for showing rather than comparing.
 */
export function withoutRuleDefaults(rule: AudienceRuleInputs, audienceType: string): AudienceRuleInputs {
  const defaults: Record<string, unknown> = hasOwn(RULE_DEFAULTS, audienceType) ? RULE_DEFAULTS[audienceType] : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) {
    const isDefault =
      hasOwn(defaults, key) &&
      JSON.stringify(normalizeRule({ [key]: value } as AudienceRuleInputs, audienceType)) === JSON.stringify(normalizeRule({}, audienceType));
    if (!isDefault) defineData(out, key, value);
  }
  return out as AudienceRuleInputs;
}
