/** schema.json and validateDeclaration: valid declarations pass; each rule of the schema fails with its path and a useful reason. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { RULE_FIELDS } from "../../provider/audience/model";
import { packageRoot } from "../../provider/schema/package-root";
import { DeclarationFailure, validateDeclaration } from "../../provider/schema/validate";

const FIXTURES = path.join(__dirname, "..", "fixtures", "declarations");
const ROOT = path.join(__dirname, "..", "..");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")) as Record<string, unknown>;

function fixture(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(FIXTURES, file), "utf8");
  return (file.endsWith(".yaml") ? parseYaml(text) : JSON.parse(text)) as Record<string, unknown>;
}

const base = {
  VISITOR: { adAccountId: "549755885175", name: "Visitors", audienceType: "VISITOR", rule: { visitorSourceId: "549755885175" } },
  CUSTOMER_LIST: { adAccountId: "549755885175", name: "List", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } },
  ENGAGEMENT: { adAccountId: "549755885175", name: "Engagers", audienceType: "ENGAGEMENT", rule: { engagerType: 1 } },
  ACTALIKE: {
    adAccountId: "549755885175",
    name: "Lookalike",
    audienceType: "ACTALIKE",
    rule: { seedId: ["2542620639259"], country: "US", percentage: 5 },
  },
};
type BaseType = keyof typeof base;

/** A declaration of `type` with top-level or rule fields replaced; `undefined` removes a field. */
function variant(type: BaseType, top: Record<string, unknown>, rule: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base[type], ...top };
  if (!("rule" in top)) out.rule = { ...base[type].rule, ...rule };
  for (const target of [out, out.rule as Record<string, unknown>]) {
    if (target === null || typeof target !== "object") continue;
    for (const key of Object.keys(target)) if (target[key] === undefined) delete target[key];
  }
  return out;
}

function failureAt(failures: DeclarationFailure[], property: string): DeclarationFailure | undefined {
  return failures.find((failure) => failure.property === property);
}

describe("valid declarations pass", () => {
  const files = fs.readdirSync(FIXTURES).filter((file) => /\.(json|yaml)$/.test(file));
  it("has fixtures of every declarable audience type", () => {
    const types = new Set(files.map((file) => fixture(file).audienceType));
    expect([...types].sort()).toEqual(["ACTALIKE", "CUSTOMER_LIST", "ENGAGEMENT", "VISITOR"]);
  });
  it.each(files)("%s has no failures", (file) => {
    expect(validateDeclaration(fixture(file))).toEqual([]);
  });
  it.each(Object.keys(base))("the minimal %s declaration has no failures", (type) => {
    expect(validateDeclaration(base[type as BaseType])).toEqual([]);
  });
  it.each<[string, Record<string, unknown>]>([
    ["numbers as digit strings", variant("ACTALIKE", {}, { percentage: "1" })],
    ["retentionDays at both ends", variant("VISITOR", {}, { retentionDays: "540" })],
    ["retentionDays 1", variant("ENGAGEMENT", {}, { retentionDays: 1 })],
    ["engagerType as a string", variant("ENGAGEMENT", {}, { engagerType: "2" })],
    ["any two-letter country, not only US/CA/GB", variant("ACTALIKE", {}, { country: "DE" })],
    ["a partner-defined event", variant("VISITOR", {}, { event: "partner_defined_event" })],
    ["url as a list", variant("VISITOR", {}, { url: ["https://a.example/x", "https://a.example/y"] })],
    ["url with !=", variant("VISITOR", {}, { url: { "!=": "https://a.example/x" } })],
    ["url with not_contains and a list", variant("VISITOR", {}, { url: { not_contains: ["/x", "/y"] } })],
    ["visitorSourceId as a list, as the docs' example sends it", variant("VISITOR", {}, { visitorSourceId: ["1", "2"] })],
    ["description null", variant("VISITOR", { description: null })],
    ["description empty", variant("VISITOR", { description: "" })],
    ["a unicode name", variant("VISITOR", { name: "Besucher – Größe 🛍" })],
    ["a $schema key and Pulumi's __provider key", variant("VISITOR", { $schema: "./schema.json", __provider: "exports.handler = …" })],
    ["an 18-digit id", variant("VISITOR", { adAccountId: "123456789012345678" })],
    ["all ingestion sources", variant("VISITOR", {}, { ingestionSource: { "=": ["tag", "mmp", "file_upload", "conversions_api"] } })],
  ])("accepts %s", (_name, declaration) => {
    expect(validateDeclaration(declaration)).toEqual([]);
  });
});

/** [what, declaration, property path, words the reason must contain]. */
const failing: [string, Record<string, unknown>, string, RegExp][] = [
  ["missing adAccountId", variant("VISITOR", { adAccountId: undefined }), "adAccountId", /required.*digits/],
  ["missing name", variant("VISITOR", { name: undefined }), "name", /required/],
  ["missing audienceType", variant("VISITOR", { audienceType: undefined }), "audienceType", /required.*CUSTOMER_LIST/],
  ["missing rule", { ...base.VISITOR, rule: undefined }, "rule", /required/],
  ["non-digit adAccountId", variant("VISITOR", { adAccountId: "act_1" }), "adAccountId", /digits only.*"act_1"/],
  ["19-digit adAccountId", variant("VISITOR", { adAccountId: "1234567890123456789" }), "adAccountId", /at most 18/],
  ["numeric adAccountId", variant("VISITOR", { adAccountId: 549755885175 }), "adAccountId", /digits only.*549755885175/],
  ["empty name", variant("VISITOR", { name: "" }), "name", /1 to 255.*empty string/],
  ["blank name", variant("VISITOR", { name: "   " }), "name", /not only spaces/],
  ["256-character name", variant("VISITOR", { name: "n".repeat(256) }), "name", /1 to 255.*256 characters/],
  ["numeric description", variant("VISITOR", { description: 5 }), "description", /text.*got 5/],
  ["2001-character description", variant("VISITOR", { description: "d".repeat(2001) }), "description", /2,000/],
  ["unknown audienceType", variant("VISITOR", { audienceType: "visitor" }), "audienceType", /one of CUSTOMER_LIST, VISITOR, ENGAGEMENT, ACTALIKE/],
  ["PERSONA", variant("VISITOR", { audienceType: "PERSONA" }), "audienceType", /PERSONA has no documented rule/],
  ["rule as a list", { ...base.VISITOR, rule: [] }, "rule", /object.*list of 0 items/],
  ["unknown top-level property", variant("VISITOR", { owner: "me" }), "owner", /not a property.*allowed: adAccountId/],
  ["snake_case top-level property", variant("VISITOR", { audience_type: "VISITOR" }), "audience_type", /did you mean audienceType/],
  ["a rule field at the top level", variant("VISITOR", { retentionDays: 30 }), "retentionDays", /rule field: put it under rule/],
  [
    "CUSTOMER_LIST without customerListId",
    variant("CUSTOMER_LIST", {}, { customerListId: undefined }),
    "rule.customerListId",
    /required for CUSTOMER_LIST/,
  ],
  ["ACTALIKE without seedId", variant("ACTALIKE", {}, { seedId: undefined }), "rule.seedId", /required for ACTALIKE.*audience id/],
  ["ACTALIKE without country", variant("ACTALIKE", {}, { country: undefined }), "rule.country", /required for ACTALIKE.*country code/],
  ["ACTALIKE without percentage", variant("ACTALIKE", {}, { percentage: undefined }), "rule.percentage", /required for ACTALIKE.*1 to 10/],
  [
    "VISITOR without visitorSourceId",
    variant("VISITOR", {}, { visitorSourceId: undefined }),
    "rule.visitorSourceId",
    /required for VISITOR.*conversion tag/,
  ],
  ["ENGAGEMENT with an empty rule", { ...base.ENGAGEMENT, rule: {} }, "rule", /at least one ENGAGEMENT rule field/],
  [
    "seedId in a VISITOR rule",
    variant("VISITOR", {}, { seedId: ["1"] }),
    "rule.seedId",
    /^rule\.seedId is not a field of VISITOR audiences \(it belongs to ACTALIKE\)$/,
  ],
  [
    "customerListId in an ACTALIKE rule",
    variant("ACTALIKE", {}, { customerListId: "1" }),
    "rule.customerListId",
    /not a field of ACTALIKE.*belongs to CUSTOMER_LIST/,
  ],
  [
    "visitorSourceId in an ENGAGEMENT rule",
    variant("ENGAGEMENT", {}, { visitorSourceId: "1" }),
    "rule.visitorSourceId",
    /not a field of ENGAGEMENT.*belongs to VISITOR/,
  ],
  ["engagementType in a VISITOR rule", variant("VISITOR", {}, { engagementType: "click" }), "rule.engagementType", /belongs to ENGAGEMENT/],
  ["prefill in an ENGAGEMENT rule", variant("ENGAGEMENT", {}, { prefill: true }), "rule.prefill", /belongs to VISITOR/],
  ["retentionDays in an ACTALIKE rule", variant("ACTALIKE", {}, { retentionDays: 30 }), "rule.retentionDays", /belongs to VISITOR and ENGAGEMENT/],
  [
    "unknown rule field",
    variant("VISITOR", {}, { audienceSize: 5 }),
    "rule.audienceSize",
    /not a rule field \(VISITOR rules take: .*visitorSourceId/,
  ],
  ["snake_case rule field", variant("VISITOR", {}, { retention_days: 30 }), "rule.retention_days", /did you mean retentionDays\?/],
  ["adAccountId inside the rule", variant("VISITOR", {}, { adAccountId: "1" }), "rule.adAccountId", /top level/],
  ["non-digit customerListId", variant("CUSTOMER_LIST", {}, { customerListId: "list-1" }), "rule.customerListId", /customer list id: digits only/],
  ["lowercase country", variant("ACTALIKE", {}, { country: "us" }), "rule.country", /two-letter uppercase/],
  ["three-letter country", variant("ACTALIKE", {}, { country: "USA" }), "rule.country", /two-letter/],
  ["percentage 0", variant("ACTALIKE", {}, { percentage: 0 }), "rule.percentage", /1 to 10.*got 0/],
  ["percentage 11", variant("ACTALIKE", {}, { percentage: 11 }), "rule.percentage", /1 to 10/],
  ['percentage "11"', variant("ACTALIKE", {}, { percentage: "11" }), "rule.percentage", /1 to 10.*"11"/],
  ["percentage 2.5", variant("ACTALIKE", {}, { percentage: 2.5 }), "rule.percentage", /integer/],
  ["retentionDays 0", variant("VISITOR", {}, { retentionDays: 0 }), "rule.retentionDays", /1 to 540/],
  ["retentionDays 541", variant("VISITOR", {}, { retentionDays: 541 }), "rule.retentionDays", /1 to 540.*541/],
  ['retentionDays "541"', variant("ENGAGEMENT", {}, { retentionDays: "541" }), "rule.retentionDays", /1 to 540/],
  ['retentionDays "30 days"', variant("VISITOR", {}, { retentionDays: "30 days" }), "rule.retentionDays", /digit string/],
  ["engagerType 3", variant("ENGAGEMENT", {}, { engagerType: 3 }), "rule.engagerType", /1 to 2/],
  ["engagementType share", variant("ENGAGEMENT", {}, { engagementType: "share" }), "rule.engagementType", /click, save, closeup, comment, like/],
  ["event with a space", variant("VISITOR", {}, { event: "add to cart" }), "rule.event", /without spaces/],
  ["eventData without event", variant("VISITOR", {}, { eventData: { page_name: "x" } }), "rule.event", /required when rule\.eventData is set/],
  ["eventData as a string", variant("VISITOR", {}, { event: "pagevisit", eventData: "x" }), "rule.eventData", /object of event data fields/],
  ["eventSource value", variant("VISITOR", {}, { eventSource: { "=": ["tv"] } }), 'rule.eventSource["="][0]', /web, mobile, offline.*"tv"/],
  ["eventSource operator", variant("VISITOR", {}, { eventSource: { "!=": ["web"] } }), 'rule.eventSource["!="]', /not allowed here/],
  ["eventSource empty list", variant("VISITOR", {}, { eventSource: { "=": [] } }), 'rule.eventSource["="]', /one or more/],
  ["eventSource as a list", variant("VISITOR", {}, { eventSource: ["web"] }), "rule.eventSource", /\{"=": \[\.\.\.\]\}/],
  ["ingestionSource value", variant("VISITOR", {}, { ingestionSource: { "=": ["api"] } }), 'rule.ingestionSource["="][0]', /conversions_api/],
  ["objectiveType value", variant("ENGAGEMENT", {}, { objectiveType: ["WEB_SESSIONS"] }), "rule.objectiveType[0]", /AWARENESS, CONSIDERATION/],
  [
    "objectiveType as a string",
    variant("ENGAGEMENT", {}, { objectiveType: "AWARENESS" }),
    "rule.objectiveType",
    /list of one or more campaign objectives/,
  ],
  ["non-digit pin id", variant("ENGAGEMENT", {}, { pinId: ["34567", "x"] }), "rule.pinId[1]", /pin id: digits only/],
  ["empty seedId", variant("ACTALIKE", {}, { seedId: [] }), "rule.seedId", /list of one or more audience ids.*got a list of 0 items/],
  ["19-digit seed id", variant("ACTALIKE", {}, { seedId: ["1234567890123456789"] }), "rule.seedId[0]", /at most 18/],
  ["non-digit ad id", variant("ENGAGEMENT", {}, { adId: ["12a"] }), "rule.adId[0]", /ad id/],
  ["campaignId as a string", variant("ENGAGEMENT", {}, { campaignId: "626744528398" }), "rule.campaignId", /list of one or more campaign ids/],
  [
    "engagementDomain as a string",
    variant("ENGAGEMENT", {}, { engagementDomain: "www.example.com" }),
    "rule.engagementDomain",
    /list of one or more domain names/,
  ],
  ["engagementDomain with a space", variant("ENGAGEMENT", {}, { engagementDomain: ["www.example .com"] }), "rule.engagementDomain[0]", /domain name/],
  ["url operator unknown", variant("VISITOR", {}, { url: { like: "/x" } }), "rule.url", /=, !=, contains, not_contains/],
  ["url with two operators", variant("VISITOR", {}, { url: { "=": "/a", "!=": "/b" } }), "rule.url", /exactly one operator/],
  ["url empty object", variant("VISITOR", {}, { url: {} }), "rule.url", /exactly one operator/],
  ["url empty string", variant("ENGAGEMENT", {}, { url: "" }), "rule.url", /URL string/],
  ["url 2049 characters", variant("VISITOR", {}, { url: "u".repeat(2049) }), "rule.url", /2048/],
  ["url operand a number", variant("VISITOR", {}, { url: { contains: 5 } }), "rule.url", /value is a string or a list of one or more strings/],
  ["visitorSourceId not digits", variant("VISITOR", {}, { visitorSourceId: "tag-1" }), "rule.visitorSourceId", /conversion tag id/],
  ["visitorSourceId empty list", variant("VISITOR", {}, { visitorSourceId: [] }), "rule.visitorSourceId", /or a list of one or more of them/],
  ["prefill as a string", variant("VISITOR", {}, { prefill: "true" }), "rule.prefill", /true or false.*"true"/],
  ["name of zero-width spaces only", variant("VISITOR", { name: "\u200b\u200b" }), "name", /at least one visible character.*got "\\u200b\\u200b"$/],
  ["country ZZ", variant("ACTALIKE", {}, { country: "ZZ" }), "rule.country", /ISO 3166-1 country code.*"GB" for the United Kingdom.*got "ZZ"/],
  ["empty pinId", variant("ENGAGEMENT", {}, { pinId: [] }), "rule.pinId", /list of one or more pin ids.*got a list of 0 items/],
  [
    "eventData value NaN",
    variant("VISITOR", {}, { event: "e", eventData: { value: Number.NaN } }),
    "rule.eventData.value",
    /JSON data.*not NaN.*got NaN$/,
  ],
  [
    "eventData Infinity inside a line item",
    variant("VISITOR", {}, { event: "e", eventData: { value: 1, line_items: [{ product_id: "1" }, { product_price: Number.POSITIVE_INFINITY }] } }),
    "rule.eventData.line_items[1].product_price",
    /JSON data.*got Infinity$/,
  ],
  [
    "eventData value a BigInt",
    variant("VISITOR", {}, { event: "e", eventData: { value: BigInt(116) } }),
    "rule.eventData.value",
    /JSON data.*got the BigInt 116n$/,
  ],
  [
    "a 12-digit adAccountId as a number",
    variant("VISITOR", { adAccountId: 549755885175 }),
    "adAccountId",
    /put the id in quotes, e\.g\. "549755885175"; got the number 549755885175$/,
  ],
  [
    "a 17-digit importId as a number",
    variant("VISITOR", { importId: 12345678901234567 }),
    "importId",
    /put the id in quotes.*got the number 12345678901234568, which has lost digits$/,
  ],
  [
    "adAccountId with a leading zero",
    variant("VISITOR", { adAccountId: "0549755885175" }),
    "adAccountId",
    /^adAccountId must not start with 0 \(Pinterest writes ids without leading zeros.*\): write "549755885175"$/,
  ],
  [
    "seed id with leading zeros",
    variant("ACTALIKE", {}, { seedId: ["002542620639259"] }),
    "rule.seedId[0]",
    /must not start with 0.*write "2542620639259"$/,
  ],
  [
    "customerListId 0",
    variant("CUSTOMER_LIST", {}, { customerListId: "0" }),
    "rule.customerListId",
    /is not an id: Pinterest ids start with a digit from 1 to 9 \(no id is 0\).*got "0"$/,
  ],
];

describe("each rule of the schema fails with its property path and a useful reason", () => {
  it.each(failing)("%s", (_what, declaration, property, reason) => {
    const failures = validateDeclaration(declaration);
    const failure = failureAt(failures, property);
    expect({ failures, found: failure !== undefined }).toMatchObject({ found: true });
    expect(failure?.reason).toMatch(reason);
    expect(failure?.reason.startsWith(property) || property === "").toBe(true);
  });

  it("reports one failure per property path (ajv's branch noise deduplicated)", () => {
    for (const [, declaration] of failing) {
      const paths = validateDeclaration(declaration).map((failure) => failure.property);
      expect(new Set(paths).size).toBe(paths.length);
    }
  });

  it("reports every problem of a declaration, not only the first", () => {
    const failures = validateDeclaration(variant("ACTALIKE", { name: "" }, { country: "us", percentage: 12, retentionDays: 3 }));
    expect(failures.map((failure) => failure.property).sort()).toEqual(["name", "rule.country", "rule.percentage", "rule.retentionDays"]);
  });

  it("quotes at most a short piece of a long value", () => {
    const [failure] = validateDeclaration(variant("VISITOR", { name: "x".repeat(100_000) }));
    expect(failure.reason.length).toBeLessThan(200);
    expect(failure.reason).toContain("100000 characters");
  });
});

describe("values Pulumi does not know yet (preview)", () => {
  const { unknownValue } = require("@pulumi/pulumi/runtime/rpc") as { unknownValue: string };

  it.each<[string, Record<string, unknown>]>([
    ["adAccountId", variant("VISITOR", { adAccountId: unknownValue })],
    ["name", variant("VISITOR", { name: unknownValue })],
    ["audienceType", variant("VISITOR", { audienceType: unknownValue })],
    ["the whole rule", { ...base.ACTALIKE, rule: unknownValue }],
    ["a rule field", variant("ACTALIKE", {}, { percentage: unknownValue })],
    ["an id in a list", variant("ACTALIKE", {}, { seedId: ["1", unknownValue] })],
  ])("are not reported: %s", (_what, declaration) => {
    expect(validateDeclaration(declaration)).toEqual([]);
  });

  it("still reports what is known", () => {
    const failures = validateDeclaration(variant("ACTALIKE", { adAccountId: unknownValue, name: "" }, { percentage: 11 }));
    expect(failures.map((failure) => failure.property).sort()).toEqual(["name", "rule.percentage"]);
  });
});

describe("schema.json", () => {
  type Node = Record<string, unknown>;
  const defs = schema.$defs as Record<string, Node>;
  const properties = schema.properties as Record<string, Node>;

  it("is a draft 2020-12 schema with an $id and a title", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(typeof schema.$id).toBe("string");
    expect(typeof schema.title).toBe("string");
    expect(schema.additionalProperties).toBe(false);
    expect(properties.rule.additionalProperties).toBe(false);
  });

  it("describes every property, for editors", () => {
    const undocumented: string[] = [];
    for (const [name, node] of Object.entries(properties)) if (typeof node.description !== "string") undocumented.push(name);
    for (const [name, node] of Object.entries(defs)) if (typeof node.description !== "string") undocumented.push(`$defs/${name}`);
    expect(undocumented).toEqual([]);
  });

  it("states the id rule once: the only pattern taking ids is $defs/pinterestId's, and every id refers to it", () => {
    const patterns: string[] = [];
    const refs: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== "object") return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "pattern" && typeof value === "string") patterns.push(`${at}: ${value}`);
        if (key === "$ref" && value === "#/$defs/pinterestId") refs.push(at);
        walk(value, `${at}/${key}`);
      }
    };
    walk(schema, "#");
    // An id pattern takes a 12-digit id and refuses anything but digits; event names and domains take both.
    const idPatterns = patterns.filter((entry) => {
      const pattern = new RegExp(entry.slice(entry.indexOf(": ") + 2), "u");
      return pattern.test("549755885175") && !pattern.test("a1");
    });
    expect(idPatterns).toEqual(["#/$defs/pinterestId: ^[1-9]\\d{0,17}$"]);
    expect(refs).toHaveLength(13);
    for (const [id, ok] of [
      ["1", true],
      ["549755885175", true],
      ["9".repeat(18), true],
      ["0", false],
      ["0111", false],
      ["1".repeat(19), false],
    ] as const) {
      expect({ id, ok: new RegExp(defs.pinterestId.pattern as string, "u").test(id) }).toEqual({ id, ok });
    }
  });

  it("declares exactly the rule fields model.ts maps", () => {
    expect(Object.keys(properties.rule.properties as Node).sort()).toEqual([...RULE_FIELDS].sort());
  });

  it("gives each audience type its documented rule fields and required ones", () => {
    const byType: Record<string, { fields: string[]; required: unknown }> = {};
    for (const branch of schema.allOf as Node[]) {
      const type = (((branch.if as Node).properties as Node).audienceType as Node).const as string;
      const ref = (((branch.then as Node).properties as Node).rule as Node).$ref as string;
      const rule = defs[ref.replace("#/$defs/", "")];
      byType[type] = { fields: Object.keys(rule.properties as Node).sort(), required: rule.required ?? [] };
    }
    expect(byType).toEqual({
      CUSTOMER_LIST: { fields: ["customerListId"], required: ["customerListId"] },
      ACTALIKE: { fields: ["country", "percentage", "seedId"], required: ["seedId", "country", "percentage"] },
      VISITOR: {
        fields: ["event", "eventData", "eventSource", "ingestionSource", "prefill", "retentionDays", "url", "visitorSourceId"],
        required: ["visitorSourceId"],
      },
      ENGAGEMENT: {
        fields: ["adId", "campaignId", "engagementDomain", "engagementType", "engagerType", "objectiveType", "pinId", "retentionDays", "url"],
        required: [],
      },
    });
  });
});

describe("compilation and lookup", () => {
  it("compiles schema.json lazily, once per process", () => {
    jest.isolateModules(() => {
      const readFileSync = jest.spyOn(require("fs") as typeof fs, "readFileSync"); // the module object itself: its properties can be spied on
      try {
        const schemaReads = (): number => readFileSync.mock.calls.filter(([file]) => String(file).endsWith("schema.json")).length;
        const fresh = require("../../provider/schema/validate") as typeof import("../../provider/schema/validate");
        expect(schemaReads()).toBe(0);
        for (let i = 0; i < 50; i += 1) fresh.validateDeclaration(i % 2 === 0 ? base.VISITOR : { name: i });
        expect(schemaReads()).toBe(1);
      } finally {
        readFileSync.mockRestore();
      }
    });
  });

  it("finds the package root from the source directory and from a compiled dist/provider directory", () => {
    expect(packageRoot(path.join(ROOT, "provider"))).toBe(ROOT);
    expect(packageRoot(path.join(ROOT, "dist", "provider"))).toBe(ROOT);
  });

  it("says what to do when schema.json is missing", () => {
    const lonely = fs.mkdtempSync(path.join(os.tmpdir(), "no-schema-"));
    try {
      fs.writeFileSync(path.join(lonely, "schema.json"), "{}"); // schema.json without package.json is not a package root
      expect(() => packageRoot(lonely)).toThrow(/schema\.json was not found.*Reinstall/);
    } finally {
      fs.rmSync(lonely, { recursive: true, force: true });
    }
  });

  it("validates 1,000 declarations in a row, valid and invalid, with one compiled validator (npm run bench times it)", () => {
    const declarations = [...Object.values(base), ...failing.map(([, declaration]) => declaration)];
    let failures = 0;
    for (let i = 0; i < 1000; i += 1) failures += validateDeclaration(declarations[i % declarations.length]).length;
    expect(failures).toBeGreaterThan(0);
  });
});
