/**
 * The typed declaration of an audience: one shape per declarable audience type, so the compiler rejects what the
 * provider would reject (a VISITOR rule without `visitorSourceId`, a field of another type, PERSONA), and every
 * rule field accepts a Pulumi `Input` (`seedId: [seed.id]`).
 *
 * Which fields each type's rule has, and which are required, is `RULE_SHAPES`, and the fields' value types and
 * documentation are those of `AudienceRuleInputs`: both generated from schema.json (rule-fields.ts), its `$defs`
 * customerListRule, visitorRule, engagementRule and actalikeRule.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AudienceDeclarationFields, AudienceRuleInputs, RULE_SHAPES } from "./rule-fields";
import type { DeclaredInput, InputsOf } from "../plugin/inputs";

export { RULE_SHAPES } from "./rule-fields";
export type { RuleShape } from "./rule-fields";

/** The audience types a program may declare. PERSONA, in the API's enum without a documented rule, is not one. */
export type DeclarableAudienceType = keyof typeof RULE_SHAPES;

/**
 * What a rule field accepts: its value, or a Pulumi `Input` of it, with list items and object values accepted as
 * Inputs too (`seedId: [seed.id]`, `url: [site.url]`).
 */
export type RuleInput<T> = DeclaredInput<T>;

/** The named rule fields of `AudienceRuleInputs`, required, as Inputs (their documentation is kept). */
type RequiredFields<K extends keyof AudienceRuleInputs> = { [P in K]-?: RuleInput<NonNullable<AudienceRuleInputs[P]>> };
/** The named rule fields of `AudienceRuleInputs`, optional, as Inputs (their documentation is kept). */
type OptionalFields<K extends keyof AudienceRuleInputs> = { [P in K]+?: RuleInput<NonNullable<AudienceRuleInputs[P]>> };
/** The plain (already resolved) rule of an audience type: the values a declaration file holds. */
type PlainFields<T extends DeclarableAudienceType> = { [P in (typeof RULE_SHAPES)[T]["required"][number]]-?: NonNullable<AudienceRuleInputs[P]> } & {
  [P in (typeof RULE_SHAPES)[T]["optional"][number]]+?: NonNullable<AudienceRuleInputs[P]>;
};

/** The rule of an audience type, each field an Input. */
export type RuleInputsOf<T extends DeclarableAudienceType> = RequiredFields<(typeof RULE_SHAPES)[T]["required"][number]> &
  OptionalFields<(typeof RULE_SHAPES)[T]["optional"][number]>;

/** Rule of a CUSTOMER_LIST audience: the people of one uploaded customer list. */
export type CustomerListRuleInputs = RuleInputsOf<"CUSTOMER_LIST">;
/** Rule of a VISITOR audience: people seen by your conversion (Pinterest) tag. `visitorSourceId` is required. */
export type VisitorRuleInputs = RuleInputsOf<"VISITOR">;
/** Rule of an ENGAGEMENT audience: people who engaged with your pins. No field is required, but give at least one. */
export type EngagementRuleInputs = RuleInputsOf<"ENGAGEMENT">;
/** Rule of an ACTALIKE audience: a lookalike of seed audiences. `seedId`, `country` and `percentage` are required. */
export type ActalikeRuleInputs = RuleInputsOf<"ACTALIKE">;

/** What every audience declaration has, whatever its type (schema.json's root: adAccountId, name, description, importId). */
export type AudienceArgsBase = InputsOf<AudienceDeclarationFields>;

/** A CUSTOMER_LIST audience: people from a customer list you uploaded. */
export interface CustomerListAudienceArgs extends AudienceArgsBase {
  /** The audience type; changing it replaces the audience. */
  audienceType: "CUSTOMER_LIST";
  /** Which customer list. Changing it updates in place. */
  rule: pulumi.Input<CustomerListRuleInputs>;
}

/** A VISITOR audience: people who visited your site or fired a Pinterest tag event. */
export interface VisitorAudienceArgs extends AudienceArgsBase {
  /** The audience type; changing it replaces the audience. */
  audienceType: "VISITOR";
  /** Which tag, events and URLs. Changing it updates in place. */
  rule: pulumi.Input<VisitorRuleInputs>;
}

/** An ENGAGEMENT audience: people who engaged with your pins. */
export interface EngagementAudienceArgs extends AudienceArgsBase {
  /** The audience type; changing it replaces the audience. */
  audienceType: "ENGAGEMENT";
  /** Which engagements count. Changing it updates in place. */
  rule: pulumi.Input<EngagementRuleInputs>;
}

/** An ACTALIKE audience: a lookalike of seed audiences in one country. */
export interface ActalikeAudienceArgs extends AudienceArgsBase {
  /** The audience type; changing it replaces the audience. */
  audienceType: "ACTALIKE";
  /** Seeds, country and size. Changing it updates in place. */
  rule: pulumi.Input<ActalikeRuleInputs>;
}

/**
 * What a program declares for one audience (camelCase of Pinterest's fields; shape in schema.json), discriminated
 * by `audienceType`: the rule's fields are those of that type.
 */
export type AudienceArgs = CustomerListAudienceArgs | VisitorAudienceArgs | EngagementAudienceArgs | ActalikeAudienceArgs;

/**
 * One valid declaration as a file holds it (plain values, no Inputs), discriminated by `audienceType`; what
 * `loadDeclarationsOrThrow` returns, ready to pass to `new Audience(name, declaration)`.
 */
export type AudienceDeclaration = {
  [T in DeclarableAudienceType]: AudienceDeclarationFields & {
    /** The audience type. */
    audienceType: T;
    /** The rule of that type. */
    rule: PlainFields<T>;
  };
}[DeclarableAudienceType];
