/**
 * The declarations' fields, generated from schema.json by scripts/generate-rule-fields.js (`npm run generate`): do not
 * edit. schema.json is the one statement of a declaration's shape; test/audience/rule-fields.test.ts fails when this
 * file is not what it gives.
 */

/** How a rule field is compared with what Pinterest holds (schema.json's `x-compare`). */
export type RuleFieldComparison =
  /** the value as written (objects with their keys in any order) */
  | "plain"
  /** an integer; a digit string is the same number */
  | "count"
  /** a list whose order and repetitions carry no meaning; an empty list is none */
  | "set"
  /** an operator object whose values are sets */
  | "operator"
  /** a URL (a one-item set), a set of URLs, or an operator object */
  | "url"
  /** an id, or a set of ids (a one-item list is its id) */
  | "idOrIds";

/**
 * The rule of an audience, in camelCase. Which fields belong to which audience type is {@link RULE_SHAPES}.
 * Numbers may be given as integers or digit strings (Pinterest's own examples send strings).
 */
export interface AudienceRuleInputs {
  /** Customer list id. CUSTOMER_LIST audiences; required there. */
  customerListId?: string;
  /**
   * Two-letter uppercase country code (ISO 3166-1 alpha-2) of the lookalike's market, e.g. US, CA, GB (the docs list
   * these as examples, not as the only ones). Every code ISO 3166-1 assigns to a country is accepted, plus XK
   * (Kosovo); codes that name no country (ZZ, EU, UN, AA) and the reserved UK are rejected, since no lookalike market
   * can have them (the United Kingdom is GB). ACTALIKE audiences; required there.
   */
  country?: string;
  /**
   * Your verified domains whose engagers join the audience, e.g. ["www.example.com"]. At least one when given
   * (Pinterest rejects an empty list; leave the field out instead). ENGAGEMENT audiences. Compared as a set; a value
   * given twice is sent once.
   */
  engagementDomain?: string[];
  /**
   * Which engagement counts: click, save, closeup, comment or like. All engagements when left out. ENGAGEMENT
   * audiences.
   */
  engagementType?: string;
  /** Engager type, 1 or 2. ENGAGEMENT audiences. */
  engagerType?: number | string;
  /**
   * A Pinterest tag event: pagevisit, signup, checkout, viewcategory, search, addtocart, watchvideo, lead, custom, or
   * a partner-defined event. VISITOR audiences.
   */
  event?: string;
  /**
   * Event data fields to match, under Pinterest's own (snake_case) names, e.g. {"page_name": "shoes"}; custom fields
   * are allowed. Values are JSON data: strings, finite numbers, booleans, null, lists and objects of them (NaN,
   * Infinity, BigInt and other non-JSON values are rejected, since they cannot be sent). Pinterest evaluates them only
   * with an `event`. VISITOR audiences.
   */
  eventData?: Record<string, unknown>;
  /** Where the events come from: {"=": [...]} of web, mobile, offline. VISITOR audiences. Values compared as a set. */
  eventSource?: { "=": string[] };
  /**
   * How the events reached Pinterest: {"=": [...]} of tag, mmp, file_upload, conversions_api. VISITOR audiences.
   * Values compared as a set.
   */
  ingestionSource?: { "=": string[] };
  /**
   * Campaign objectives to filter engagement by: AWARENESS, CONSIDERATION, WEB_CONVERSION, CATALOG_SALES,
   * VIDEO_COMPLETION. At least one when given (Pinterest rejects an empty list; leave the field out instead).
   * ENGAGEMENT audiences. Compared as a set; a value given twice is sent once.
   */
  objectiveType?: string[];
  /** Size of the lookalike: 1 to 10 percent of the country's Pinterest users. ACTALIKE audiences; required there. */
  percentage?: number | string;
  /**
   * Ids of engaged organic pins. At least one when given (Pinterest rejects an empty list; leave the field out
   * instead). ENGAGEMENT audiences. Compared as a set; an id given twice is sent once.
   */
  pinId?: string[];
  /**
   * Whether to pre-populate the audience from existing data (true) or start empty (false). Pinterest uses true when
   * left out. VISITOR audiences.
   */
  prefill?: boolean;
  /** Days a person stays in the audience, 1 to 540. Pinterest uses 180 when left out. VISITOR and ENGAGEMENT audiences. */
  retentionDays?: number | string;
  /**
   * Ids of the seed audiences the lookalike is built from. At least one when given (Pinterest rejects an empty list;
   * leave the field out instead). ACTALIKE audiences; required there. Compared as a set; an id given twice is sent
   * once.
   */
  seedId?: string[];
  /**
   * For VISITOR: the conversion tag event URLs to match, as a URL, a list of URLs, or an object with one operator (=,
   * !=, contains, not_contains), e.g. {"contains": "/view_item/shoe"}. For ENGAGEMENT: the engaged pin's URL. A single
   * URL equals a one-item list; lists are compared as sets.
   */
  url?: string | string[] | Record<string, string | string[]>;
  /**
   * The conversion tag (Pinterest tag) id used on your website. VISITOR audiences; required there. The spec types it
   * as a string while its own example sends a list, so a list of ids is accepted too.
   */
  visitorSourceId?: string | string[];
  /**
   * Ad ids to filter engagement by. At least one when given (Pinterest rejects an empty list; leave the field out
   * instead). ENGAGEMENT audiences. Compared as a set; an id given twice is sent once.
   */
  adId?: string[];
  /**
   * Campaign ids to filter engagement by. At least one when given (Pinterest rejects an empty list; leave the field
   * out instead). ENGAGEMENT audiences. Compared as a set; an id given twice is sent once.
   */
  campaignId?: string[];
}

/** Every rule field, in schema.json's order (the order of Pinterest's docs). */
export const RULE_FIELDS = ["customerListId", "country", "engagementDomain", "engagementType", "engagerType", "event", "eventData", "eventSource", "ingestionSource", "objectiveType", "percentage", "pinId", "prefill", "retentionDays", "seedId", "url", "visitorSourceId", "adId", "campaignId"] as const satisfies readonly (keyof AudienceRuleInputs)[];

/** How each rule field is compared (schema.json's `x-compare`). */
export const RULE_COMPARISONS: Readonly<Record<keyof AudienceRuleInputs, RuleFieldComparison>> = {
  customerListId: "plain",
  country: "plain",
  engagementDomain: "set",
  engagementType: "plain",
  engagerType: "count",
  event: "plain",
  eventData: "plain",
  eventSource: "operator",
  ingestionSource: "operator",
  objectiveType: "set",
  percentage: "count",
  pinId: "set",
  prefill: "plain",
  retentionDays: "count",
  seedId: "set",
  url: "url",
  visitorSourceId: "idOrIds",
  adId: "set",
  campaignId: "set",
};

/** The fields of one audience type's rule: those it requires and those it may have. */
export interface RuleShape {
  /** Fields the rule must have. */
  readonly required: readonly (keyof AudienceRuleInputs)[];
  /** Fields the rule may have. */
  readonly optional: readonly (keyof AudienceRuleInputs)[];
}

/** The rule fields of every declarable audience type (schema.json's rule definition of each). */
export const RULE_SHAPES = {
  CUSTOMER_LIST: { required: ["customerListId"], optional: [] },
  VISITOR: { required: ["visitorSourceId"], optional: ["event", "eventData", "eventSource", "ingestionSource", "prefill", "retentionDays", "url"] },
  ENGAGEMENT: { required: [], optional: ["engagementDomain", "engagementType", "engagerType", "objectiveType", "pinId", "retentionDays", "url", "adId", "campaignId"] },
  ACTALIKE: { required: ["seedId", "country", "percentage"], optional: [] },
} as const satisfies Record<string, RuleShape>;

/** Pinterest's documented defaults per audience type (schema.json's `default`), filled in when a rule leaves them out. */
export const RULE_DEFAULTS: Readonly<Record<string, Readonly<AudienceRuleInputs>>> = {
  VISITOR: { prefill: true, retentionDays: 180 },
  ENGAGEMENT: { retentionDays: 180 },
};

/** The fields every audience declaration has besides its type and rule (schema.json's root). */
export interface AudienceDeclarationFields {
  /**
   * The ad account that owns the audience (digits, at most 18, not starting with 0). Changing it replaces the
   * audience.
   */
  adAccountId: string;
  /**
   * Audience name. At most 255 characters (a sanity bound of this package; Pinterest documents none). It must hold at
   * least one visible character: a name of only spaces, control characters or zero-width characters (such as U+200B)
   * is rejected, since it would show as a blank name in Ads Manager. The name is sent exactly as written.
   */
  name: string;
  /**
   * Audience description. Leaving it out, null and "" all mean no description; an existing one is cleared. At most
   * 2,000 characters (a sanity bound of this package; Pinterest documents none).
   */
  description?: string | null;
  /**
   * Adopt the existing audience with this id instead of creating one. The declaration must match the audience as it is
   * (`pinterest-audiences import` writes such declarations). Used instead of Pulumi's `import` option, which the
   * engine cannot serve to dynamic providers. Changing or removing it later changes nothing.
   */
  importId?: string;
}
