/** The field model: API mapping round trips, normalisation without permadiffs, the diff table and minimal updates. */
import type { ApiAudience, ApiAudienceRule } from "../../provider/api/types";
import {
  AudienceInputs,
  AudienceRuleInputs,
  diffAudience,
  fromApiAudience,
  fromApiRule,
  normalizeRule,
  RULE_FIELDS,
  toApiRule,
  toCreateRequest,
  updateRequestFor,
} from "../../provider/audience/model";

const visitor: AudienceInputs = {
  adAccountId: "549755885175",
  name: "Site visitors, last 30 days",
  description: "Everyone who loaded a product page",
  audienceType: "VISITOR",
  rule: { visitorSourceId: "549755885175", retentionDays: 30, eventSource: { "=": ["web"] } },
};

/** One value of every rule field, so mapping tests cover all of them. */
const everyField: Required<AudienceRuleInputs> = {
  customerListId: "5497558859876",
  country: "US",
  engagementDomain: ["www.example.com"],
  engagementType: "click",
  engagerType: 1,
  event: "checkout",
  eventData: { page_name: "shoe", line_items: [{ product_id: "11" }] },
  eventSource: { "=": ["web", "mobile"] },
  ingestionSource: { "=": ["tag"] },
  objectiveType: ["AWARENESS"],
  percentage: 3,
  pinId: ["34567"],
  prefill: false,
  retentionDays: 30,
  seedId: ["2542620639259", "2542620639261"],
  url: { contains: "/view_item/shoe" },
  visitorSourceId: "549755885175",
  adId: ["687201361754"],
  campaignId: ["626744528398"],
};

const apiAudience: ApiAudience = {
  type: "audience",
  id: "2542620639259",
  ad_account_id: "549755885175",
  name: "Site visitors, last 30 days",
  audience_type: "VISITOR",
  description: "Everyone who loaded a product page",
  rule: { ad_account_id: "549755885175", visitor_source_id: "549755885175", retention_days: 30, prefill: true, event_source: { "=": ["web"] } },
  size: 1200,
  status: "READY",
  created_timestamp: 1700000000,
  updated_timestamp: 1700000100,
  created_by_company_name: "Example Co",
};

describe("mapping to and from the API", () => {
  it("maps every rule field to its snake_case API name", () => {
    expect(Object.keys(toApiRule(everyField)).sort()).toEqual([
      "ad_id",
      "campaign_id",
      "country",
      "customer_list_id",
      "engagement_domain",
      "engagement_type",
      "engager_type",
      "event",
      "event_data",
      "event_source",
      "ingestion_source",
      "objective_type",
      "percentage",
      "pin_id",
      "prefill",
      "retention_days",
      "seed_id",
      "url",
      "visitor_source_id",
    ]);
    expect(RULE_FIELDS).toHaveLength(19);
  });

  it("round-trips every rule field through the API shape", () => {
    expect(fromApiRule(toApiRule(everyField, "549755885175"))).toEqual(everyField);
  });

  it("passes event data keys through unchanged (they are Pinterest's own field names)", () => {
    expect(toApiRule({ event: "checkout", eventData: { page_name: "x" } }).event_data).toEqual({ page_name: "x" });
  });

  it("copies the ad account id into the rule only when asked, and fromApiRule drops it", () => {
    expect(toApiRule({ customerListId: "1" })).toEqual({ customer_list_id: "1" });
    expect(toApiRule({ customerListId: "1" }, "9")).toEqual({ ad_account_id: "9", customer_list_id: "1" });
    expect(fromApiRule({ ad_account_id: "9", customer_list_id: "1" })).toEqual({ customerListId: "1" });
  });

  it("sends counts given as digit strings as integers, as the spec types them", () => {
    expect(toApiRule({ seedId: ["1"], country: "US", percentage: "10" })).toMatchObject({ percentage: 10 });
    expect(toApiRule({ retentionDays: "180", engagerType: "2" })).toEqual({ retention_days: 180, engager_type: 2 });
  });

  it("throws on an unknown rule field instead of dropping it", () => {
    const rule = { visitorSourceId: "1", audienceSize: 5 } as unknown as AudienceRuleInputs;
    expect(() => toApiRule(rule)).toThrow(/"audienceSize" is unknown.*Known fields: customerListId/);
  });

  it("does not let the result alias the declaration", () => {
    const rule: AudienceRuleInputs = { seedId: ["1"], country: "US", percentage: 1 };
    const api = toApiRule(rule);
    (api.seed_id as string[]).push("2");
    expect(rule.seedId).toEqual(["1"]);
  });

  it("keeps API rule fields it does not know, camelCased, so drift shows instead of vanishing", () => {
    const rule = { customer_list_id: "1", some_new_field: "x" } as ApiAudienceRule;
    expect(fromApiRule(rule)).toEqual({ customerListId: "1", someNewField: "x" });
  });

  it("reads an absent or null rule as empty, and null fields as absent", () => {
    expect(fromApiRule(undefined)).toEqual({});
    expect(fromApiRule({ customer_list_id: "1", country: null } as unknown as ApiAudienceRule)).toEqual({ customerListId: "1" });
  });

  it("builds a create request; an absent or empty description is left out", () => {
    expect(toCreateRequest(visitor)).toEqual({
      ad_account_id: "549755885175",
      name: "Site visitors, last 30 days",
      audience_type: "VISITOR",
      description: "Everyone who loaded a product page",
      rule: { ad_account_id: "549755885175", visitor_source_id: "549755885175", retention_days: 30, event_source: { "=": ["web"] } },
    });
    expect(toCreateRequest({ ...visitor, description: undefined })).not.toHaveProperty("description");
    expect(toCreateRequest({ ...visitor, description: "" })).not.toHaveProperty("description");
  });

  it("reads an API audience into outputs", () => {
    expect(fromApiAudience(apiAudience)).toEqual({
      audienceId: "2542620639259",
      adAccountId: "549755885175",
      name: "Site visitors, last 30 days",
      description: "Everyone who loaded a product page",
      audienceType: "VISITOR",
      rule: { visitorSourceId: "549755885175", retentionDays: 30, prefill: true, eventSource: { "=": ["web"] } },
      size: 1200,
      status: "READY",
      type: "audience",
      createdTimestamp: 1700000000,
      updatedTimestamp: 1700000100,
      createdByCompanyName: "Example Co",
    });
  });

  it("turns nulls of an API audience into absent outputs", () => {
    const outputs = fromApiAudience({
      ...apiAudience,
      description: null,
      size: null,
      created_timestamp: null,
      updated_timestamp: null,
      created_by_company_name: null,
    });
    for (const key of ["description", "size", "createdTimestamp", "updatedTimestamp", "createdByCompanyName"]) {
      expect(outputs).not.toHaveProperty(key);
    }
  });

  it("shows no change between a declaration and the audience created from it", () => {
    const live = fromApiAudience(apiAudience);
    expect(diffAudience(visitor, live)).toEqual({ replaces: [], updates: [] });
    expect(updateRequestFor(visitor, live)).toBeUndefined();
  });
});

describe("normalisation: no permadiff for what Pinterest adds or re-types", () => {
  const same: [string, string, AudienceRuleInputs, AudienceRuleInputs][] = [
    ["numbers given as strings", "ACTALIKE", { seedId: ["1"], country: "US", percentage: "10" }, { seedId: ["1"], country: "US", percentage: 10 }],
    ["engagerType as a string", "ENGAGEMENT", { engagerType: "1" }, { engagerType: 1, retentionDays: 180 }],
    ["retentionDays left out (VISITOR)", "VISITOR", { visitorSourceId: "1" }, { visitorSourceId: "1", retentionDays: 180, prefill: true }],
    ["retentionDays left out (ENGAGEMENT)", "ENGAGEMENT", { engagerType: 1 }, { engagerType: 1, retentionDays: "180" }],
    [
      "prefill left out (VISITOR)",
      "VISITOR",
      { visitorSourceId: "1", retentionDays: 30 },
      { visitorSourceId: "1", retentionDays: 30, prefill: true },
    ],
    ["the echoed ad account id", "CUSTOMER_LIST", { customerListId: "1" }, { customerListId: "1", ad_account_id: "9" } as AudienceRuleInputs],
    ["key order", "ACTALIKE", { seedId: ["1"], country: "US", percentage: 1 }, { percentage: 1, country: "US", seedId: ["1"] }],
    [
      "a single url string and its one-item list",
      "VISITOR",
      { visitorSourceId: "1", url: "https://a/x" },
      { visitorSourceId: "1", url: ["https://a/x"] },
    ],
    [
      "seed ids in another order",
      "ACTALIKE",
      { seedId: ["2", "1"], country: "US", percentage: 1 },
      { seedId: ["1", "2", "1"], country: "US", percentage: 1 },
    ],
    [
      "operator values in another order",
      "VISITOR",
      { visitorSourceId: "1", eventSource: { "=": ["web", "mobile"] } },
      { visitorSourceId: "1", eventSource: { "=": ["mobile", "web"] } },
    ],
    ["a one-item visitorSourceId list", "VISITOR", { visitorSourceId: ["1"] }, { visitorSourceId: "1" }],
    ["an empty id list and none", "ENGAGEMENT", { engagerType: 1, adId: [] }, { engagerType: 1 }],
    [
      "event data key order",
      "VISITOR",
      { visitorSourceId: "1", event: "e", eventData: { a: 1, b: { c: 1, d: 2 } } },
      { visitorSourceId: "1", event: "e", eventData: { b: { d: 2, c: 1 }, a: 1 } },
    ],
    ["undefined fields", "CUSTOMER_LIST", { customerListId: "1", country: undefined }, { customerListId: "1" }],
  ];
  it.each(same)("%s", (_what, type, declared, live) => {
    expect(normalizeRule(declared, type)).toEqual(normalizeRule(live, type));
    const olds: AudienceInputs = { adAccountId: "1", name: "n", audienceType: type as AudienceInputs["audienceType"], rule: live };
    expect(diffAudience(olds, { ...olds, rule: declared })).toEqual({ replaces: [], updates: [] });
  });

  const different: [string, string, AudienceRuleInputs, AudienceRuleInputs][] = [
    ["retentionDays 30 vs 60", "VISITOR", { visitorSourceId: "1", retentionDays: 30 }, { visitorSourceId: "1", retentionDays: 60 }],
    ["retentionDays left out vs 30", "ENGAGEMENT", { engagerType: 1 }, { engagerType: 1, retentionDays: 30 }],
    ["prefill false vs left out", "VISITOR", { visitorSourceId: "1", prefill: false }, { visitorSourceId: "1" }],
    ["another seed list", "ACTALIKE", { seedId: ["1"], country: "US", percentage: 1 }, { seedId: ["1", "2"], country: "US", percentage: 1 }],
    ["another percentage", "ACTALIKE", { seedId: ["1"], country: "US", percentage: "5" }, { seedId: ["1"], country: "US", percentage: 6 }],
    ["another country", "ACTALIKE", { seedId: ["1"], country: "US", percentage: 1 }, { seedId: ["1"], country: "CA", percentage: 1 }],
    ["another url operator", "VISITOR", { visitorSourceId: "1", url: { contains: "/x" } }, { visitorSourceId: "1", url: { not_contains: "/x" } }],
    [
      "another event source",
      "VISITOR",
      { visitorSourceId: "1", eventSource: { "=": ["web"] } },
      { visitorSourceId: "1", eventSource: { "=": ["mobile"] } },
    ],
    [
      "event data changed",
      "VISITOR",
      { visitorSourceId: "1", event: "e", eventData: { a: 1 } },
      { visitorSourceId: "1", event: "e", eventData: { a: 2 } },
    ],
    [
      "event data list order",
      "VISITOR",
      { visitorSourceId: "1", event: "e", eventData: { l: [1, 2] } },
      { visitorSourceId: "1", event: "e", eventData: { l: [2, 1] } },
    ],
    ["a field added", "ENGAGEMENT", { engagerType: 1 }, { engagerType: 1, engagementType: "save" }],
  ];
  it.each(different)("detects a real change: %s", (_what, type, declared, live) => {
    expect(normalizeRule(declared, type)).not.toEqual(normalizeRule(live, type));
    const olds: AudienceInputs = { adAccountId: "1", name: "n", audienceType: type as AudienceInputs["audienceType"], rule: live };
    expect(diffAudience(olds, { ...olds, rule: declared })).toEqual({ replaces: [], updates: ["rule"] });
  });

  it("applies defaults only to the audience types Pinterest fills them in for", () => {
    expect(normalizeRule({ seedId: ["1"], country: "US", percentage: 1 }, "ACTALIKE")).toEqual({ country: "US", percentage: 1, seedId: ["1"] });
    expect(normalizeRule({ customerListId: "1" }, "CUSTOMER_LIST")).toEqual({ customerListId: "1" });
    expect(normalizeRule(undefined, "VISITOR")).toEqual({ prefill: true, retentionDays: 180 });
  });

  it("returns keys sorted, so serialised forms compare equal", () => {
    expect(Object.keys(normalizeRule({ visitorSourceId: "1", url: "u", event: "e" }, "VISITOR"))).toEqual([
      "event",
      "prefill",
      "retentionDays",
      "url",
      "visitorSourceId",
    ]);
  });

  it("does not change its argument", () => {
    const rule: AudienceRuleInputs = { seedId: ["2", "1"], country: "US", percentage: "3" };
    normalizeRule(rule, "ACTALIKE");
    expect(rule).toEqual({ seedId: ["2", "1"], country: "US", percentage: "3" });
  });
});

describe("diffAudience: each property's kind of change", () => {
  const table: [string, Partial<AudienceInputs>, { replaces: string[]; updates: string[] }][] = [
    ["nothing", {}, { replaces: [], updates: [] }],
    ["adAccountId", { adAccountId: "549755885176" }, { replaces: ["adAccountId"], updates: [] }],
    ["audienceType", { audienceType: "ENGAGEMENT", rule: { engagerType: 1 } }, { replaces: ["audienceType"], updates: ["rule"] }],
    ["name", { name: "Renamed" }, { replaces: [], updates: ["name"] }],
    ["description", { description: "Other" }, { replaces: [], updates: ["description"] }],
    ["description removed", { description: undefined }, { replaces: [], updates: ["description"] }],
    ["rule", { rule: { ...visitor.rule, retentionDays: 60 } }, { replaces: [], updates: ["rule"] }],
    ["name and rule", { name: "Renamed", rule: { visitorSourceId: "2" } }, { replaces: [], updates: ["name", "rule"] }],
  ];
  it.each(table)("%s", (_what, change, expected) => {
    expect(diffAudience(visitor, { ...visitor, ...change })).toEqual(expected);
  });

  it("treats undefined, null and empty descriptions as the same", () => {
    const none = { ...visitor, description: undefined };
    expect(diffAudience(none, { ...visitor, description: "" }).updates).toEqual([]);
    expect(diffAudience(none, { ...visitor, description: null as unknown as string }).updates).toEqual([]);
  });
});

describe("updateRequestFor: only what differs", () => {
  const live = fromApiAudience(apiAudience);

  it("is undefined when nothing differs", () => {
    expect(updateRequestFor(visitor, live)).toBeUndefined();
  });

  it("sends only a changed name", () => {
    expect(updateRequestFor({ ...visitor, name: "Renamed" }, live)).toEqual({ name: "Renamed" });
  });

  it("sends only a changed description", () => {
    expect(updateRequestFor({ ...visitor, description: "New" }, live)).toEqual({ description: "New" });
  });

  it("clears a live description when the declaration has none", () => {
    expect(updateRequestFor({ ...visitor, description: undefined }, live)).toEqual({ description: "" });
    expect(updateRequestFor({ ...visitor, description: undefined }, { ...live, description: undefined })).toBeUndefined();
  });

  it("sends the whole declared rule when any of it differs", () => {
    expect(updateRequestFor({ ...visitor, rule: { ...visitor.rule, retentionDays: "60" } }, live)).toEqual({
      rule: { ad_account_id: "549755885175", visitor_source_id: "549755885175", retention_days: 60, event_source: { "=": ["web"] } },
    });
  });

  it("sends name, description and rule together when all differ", () => {
    const request = updateRequestFor({ ...visitor, name: "N", description: "D", rule: { visitorSourceId: "7" } }, live);
    expect(Object.keys(request ?? {}).sort()).toEqual(["description", "name", "rule"]);
  });
});
