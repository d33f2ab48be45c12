/** Hostile input: whatever a declaration holds, validation ends in failures naming property paths, never a crash. */
import * as path from "path";
import { startEmulator } from "../../emulator";
import { validateDeclaration } from "../../provider/schema/validate";
import { createTestProject, removeTestProject, runProgram, startEngine } from "../harness";

const valid = { adAccountId: "549755885175", name: "Visitors", audienceType: "VISITOR", rule: { visitorSourceId: "549755885175" } };
const MB = 1024 * 1024;

/** A valid VISITOR declaration with top-level properties replaced. */
const top = (change: Record<string, unknown>): Record<string, unknown> => ({ ...valid, ...change });
/** A valid declaration of `audienceType` whose rule is `rule`. */
const withRule = (rule: unknown, audienceType = "VISITOR"): Record<string, unknown> => ({ ...valid, audienceType, rule });
/** A VISITOR rule with fields added. */
const visitorRule = (change: Record<string, unknown>): Record<string, unknown> => withRule({ ...valid.rule, ...change });
/** A declaration parsed from JSON text, so keys such as `__proto__` are own keys. */
const parsed = (json: string): unknown => JSON.parse(json);

/** Nested objects `{a: {a: …}}` or arrays `[[…]]`, `depth` levels deep, built without recursion. */
function deep(depth: number, kind: "object" | "array"): unknown {
  let value: unknown = kind === "object" ? {} : [];
  for (let i = 0; i < depth; i += 1) value = kind === "object" ? { a: value } : [value];
  return value;
}

const cyclic: Record<string, unknown> = { ...valid, rule: { visitorSourceId: "1", event: "e" } };
(cyclic.rule as Record<string, unknown>).eventData = cyclic;

/** [case, input, the property path its failure must name (a RegExp when the path is shortened)]. */
const corpus: [string, unknown, string | RegExp][] = [
  ["null", null, "adAccountId"],
  ["undefined", undefined, "adAccountId"],
  ["a number", 42, "adAccountId"],
  ["NaN", Number.NaN, "adAccountId"],
  ["a string", "audience", "adAccountId"],
  ["an empty string", "", "adAccountId"],
  ["true", true, "adAccountId"],
  ["a bigint", BigInt(7), "adAccountId"],
  ["a symbol", Symbol("x"), "adAccountId"],
  ["a function", () => valid, "adAccountId"],
  ["an empty array", [], "adAccountId"],
  ["an array holding a valid declaration", [valid], "adAccountId"],
  ["an empty object", {}, "adAccountId"],
  ["an object without a prototype", Object.assign(Object.create(null) as object, { name: "x" }), "adAccountId"],
  ["a Date", new Date(0), "adAccountId"],
  ["a Map", new Map([["name", "x"]]), "adAccountId"],
  ["adAccountId a number", top({ adAccountId: 549755885175 }), "adAccountId"],
  ["adAccountId null", top({ adAccountId: null }), "adAccountId"],
  ["adAccountId an array", top({ adAccountId: ["549755885175"] }), "adAccountId"],
  ["adAccountId an object", top({ adAccountId: { id: "1" } }), "adAccountId"],
  ["adAccountId with path traversal", top({ adAccountId: "123/../../x" }), "adAccountId"],
  ["adAccountId ../123", top({ adAccountId: "../123" }), "adAccountId"],
  ["adAccountId with a newline", top({ adAccountId: "123\n" }), "adAccountId"],
  ["adAccountId with a leading space", top({ adAccountId: " 123" }), "adAccountId"],
  ["adAccountId negative", top({ adAccountId: "-1" }), "adAccountId"],
  ["adAccountId in exponent form", top({ adAccountId: "1e5" }), "adAccountId"],
  ["adAccountId hexadecimal", top({ adAccountId: "0x1F" }), "adAccountId"],
  ["adAccountId in Arabic-Indic digits", top({ adAccountId: "١٢٣" }), "adAccountId"],
  ["adAccountId in full-width digits", top({ adAccountId: "１２３" }), "adAccountId"],
  ["adAccountId of 1 MB of digits", top({ adAccountId: "1".repeat(MB) }), "adAccountId"],
  ["name of 1 MB", top({ name: "x".repeat(MB) }), "name"],
  ["name empty", top({ name: "" }), "name"],
  ["name of unicode whitespace only", top({ name: "\u3000\u00a0 \t\n" }), "name"],
  ["name a number", top({ name: 5 }), "name"],
  ["name null", top({ name: null }), "name"],
  ["name an array", top({ name: ["a"] }), "name"],
  ["name an object", top({ name: { first: "a" } }), "name"],
  ["description of 1 MB", top({ description: "d".repeat(MB) }), "description"],
  ["description an object", top({ description: { text: "x" } }), "description"],
  ["audienceType lowercase", top({ audienceType: "visitor" }), "audienceType"],
  ["audienceType a number", top({ audienceType: 1 }), "audienceType"],
  ["audienceType null", top({ audienceType: null }), "audienceType"],
  ["audienceType PERSONA", top({ audienceType: "PERSONA" }), "audienceType"],
  ["audienceType __proto__", top({ audienceType: "__proto__" }), "audienceType"],
  ["rule a string", withRule("visitorSourceId=1"), "rule"],
  ["rule null", withRule(null), "rule"],
  ["rule a number", withRule(1), "rule"],
  ["rule an array", withRule([valid.rule]), "rule"],
  ["retentionDays negative", visitorRule({ retentionDays: -1 }), "rule.retentionDays"],
  ["retentionDays a billion", visitorRule({ retentionDays: 1e9 }), "rule.retentionDays"],
  ["retentionDays Infinity", visitorRule({ retentionDays: Number.POSITIVE_INFINITY }), "rule.retentionDays"],
  ["retentionDays NaN", visitorRule({ retentionDays: Number.NaN }), "rule.retentionDays"],
  ['retentionDays "1e3"', visitorRule({ retentionDays: "1e3" }), "rule.retentionDays"],
  ["retentionDays a boolean", visitorRule({ retentionDays: true }), "rule.retentionDays"],
  ["percentage negative", withRule({ seedId: ["1"], country: "US", percentage: -5 }, "ACTALIKE"), "rule.percentage"],
  ["percentage 1 MB of digits", withRule({ seedId: ["1"], country: "US", percentage: "9".repeat(MB) }, "ACTALIKE"), "rule.percentage"],
  ["engagerType 0", withRule({ engagerType: 0 }, "ENGAGEMENT"), "rule.engagerType"],
  ["seed id with path traversal", withRule({ seedId: ["123/../../x"], country: "US", percentage: 1 }, "ACTALIKE"), "rule.seedId[0]"],
  ["seedId of 300,000 ids", withRule({ seedId: new Array<string>(300_000).fill("1"), country: "US", percentage: 1 }, "ACTALIKE"), "rule.seedId"],
  ["customerListId an object", withRule({ customerListId: { $gt: "" } }, "CUSTOMER_LIST"), "rule.customerListId"],
  ["url of 1 MB", visitorRule({ url: "u".repeat(MB) }), "rule.url"],
  ["event of 1 MB", visitorRule({ event: "e".repeat(MB) }), "rule.event"],
  ["unknown top-level property", top({ owner: "me" }), "owner"],
  ["unknown top-level property with a 1 MB name", top({ ["k".repeat(MB)]: 1 }), /^\["k+"… \(1048576 characters\)\]$/],
  ["unknown rule field", visitorRule({ audienceSize: 1 }), "rule.audienceSize"],
  ["rule field of another audience type", visitorRule({ seedId: ["1"] }), "rule.seedId"],
  ["rule field at the top level", top({ customerListId: "1" }), "customerListId"],
  [
    "own __proto__ key at the top level",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1"},"__proto__":{"polluted":true}}`),
    "__proto__",
  ],
  [
    "own constructor key at the top level",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1"},"constructor":{"prototype":{"polluted":true}}}`),
    "constructor",
  ],
  [
    "own prototype key at the top level",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1"},"prototype":{}}`),
    "prototype",
  ],
  [
    "own __proto__ key in the rule",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","__proto__":{"polluted":true}}}`),
    "rule.__proto__",
  ],
  [
    "own constructor key in the rule",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","constructor":1}}`),
    "rule.constructor",
  ],
  [
    "own toString key in the rule",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","toString":"x"}}`),
    "rule.toString",
  ],
  [
    "own __proto__ key in event data",
    parsed(
      `{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","event":"e","eventData":{"__proto__":{"polluted":true}}}}`,
    ),
    "rule.eventData.__proto__",
  ],
  [
    "own __proto__ key in a url operator",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","url":{"__proto__":"x"}}}`),
    "rule.url",
  ],
  [
    "own __proto__ key in an event source",
    parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","eventSource":{"__proto__":["web"]}}}`),
    "rule.eventSource.__proto__",
  ],
  ["objects nested 10,000 deep in event data", visitorRule({ event: "e", eventData: deep(10_000, "object") }), "rule.eventData"],
  ["arrays nested 10,000 deep as the rule", withRule(deep(10_000, "array")), "rule[0]"],
  ["objects nested 10,000 deep under an unknown key", top({ junk: deep(10_000, "object") }), "junk"],
  ["arrays nested 10,000 deep as a url", visitorRule({ url: deep(10_000, "array") }), "rule.url"],
  ["a declaration that contains itself", cyclic, "rule.eventData"],
  // Added in the issue 6 review: out-of-range numbers at each bound, ids that would enter a URL, another type's fields.
  ["percentage 11 (above 10)", withRule({ seedId: ["1"], country: "US", percentage: 11 }, "ACTALIKE"), "rule.percentage"],
  ["percentage 0", withRule({ seedId: ["1"], country: "US", percentage: 0 }, "ACTALIKE"), "rule.percentage"],
  ["percentage fractional", withRule({ seedId: ["1"], country: "US", percentage: 2.5 }, "ACTALIKE"), "rule.percentage"],
  ["retentionDays 0", visitorRule({ retentionDays: 0 }), "rule.retentionDays"],
  ["retentionDays 541 (above 540)", visitorRule({ retentionDays: 541 }), "rule.retentionDays"],
  ["engagerType 99", withRule({ engagerType: 99 }, "ENGAGEMENT"), "rule.engagerType"],
  ["country of three letters", withRule({ seedId: ["1"], country: "USA", percentage: 1 }, "ACTALIKE"), "rule.country"],
  ["importId with path traversal", top({ importId: "123/../../x" }), "importId"],
  ["importId a number", top({ importId: 123 }), "importId"],
  ["importId of 19 digits", top({ importId: "1234567890123456789" }), "importId"],
  ["adAccountId of 19 digits", top({ adAccountId: "1234567890123456789" }), "adAccountId"],
  ["customerListId with path traversal", withRule({ customerListId: "123/../../x" }, "CUSTOMER_LIST"), "rule.customerListId"],
  ["visitorSourceId ../1", visitorRule({ visitorSourceId: "../1" }), "rule.visitorSourceId"],
  ["a VISITOR field in a CUSTOMER_LIST rule", withRule({ customerListId: "1", visitorSourceId: "1" }, "CUSTOMER_LIST"), "rule.visitorSourceId"],
  ["audienceType constructor", top({ audienceType: "constructor" }), "audienceType"],
  // Added in issue 12: input that passed check and then failed at `up`, and odd values.
  ["engagementDomain empty", withRule({ engagementDomain: [] }, "ENGAGEMENT"), "rule.engagementDomain"],
  ["pinId empty", withRule({ pinId: [] }, "ENGAGEMENT"), "rule.pinId"],
  ["adId empty", withRule({ adId: [] }, "ENGAGEMENT"), "rule.adId"],
  ["campaignId empty", withRule({ campaignId: [] }, "ENGAGEMENT"), "rule.campaignId"],
  ["objectiveType empty", withRule({ objectiveType: [] }, "ENGAGEMENT"), "rule.objectiveType"],
  ["eventData value NaN", visitorRule({ event: "e", eventData: { value: Number.NaN } }), "rule.eventData.value"],
  ["eventData value Infinity", visitorRule({ event: "e", eventData: { value: Number.POSITIVE_INFINITY } }), "rule.eventData.value"],
  ["eventData value -Infinity", visitorRule({ event: "e", eventData: { value: Number.NEGATIVE_INFINITY } }), "rule.eventData.value"],
  ["eventData value a BigInt", visitorRule({ event: "e", eventData: { value: BigInt(116) } }), "rule.eventData.value"],
  [
    "eventData NaN inside a line item",
    visitorRule({ event: "e", eventData: { line_items: [{ product_price: Number.NaN }] } }),
    "rule.eventData.line_items[0].product_price",
  ],
  ["eventData value a function", visitorRule({ event: "e", eventData: { value: () => 1 } }), "rule.eventData.value"],
  ["name of zero-width spaces only", top({ name: "\u200b\u200b\u200b" }), "name"],
  ["name of a zero-width joiner and a byte-order mark", top({ name: "\u200d\ufeff" }), "name"],
  ["name of control characters only", top({ name: "\u0000\u0001\u001f\u007f" }), "name"],
  ["name of a Hangul filler", top({ name: "\u3164" }), "name"],
  ["country ZZ (names no country)", withRule({ seedId: ["1"], country: "ZZ", percentage: 1 }, "ACTALIKE"), "rule.country"],
  ["country UK (reserved; the United Kingdom is GB)", withRule({ seedId: ["1"], country: "UK", percentage: 1 }, "ACTALIKE"), "rule.country"],
  ["country EU", withRule({ seedId: ["1"], country: "EU", percentage: 1 }, "ACTALIKE"), "rule.country"],
  ["a 17-digit seed id as a number", withRule({ seedId: [12345678901234567], country: "US", percentage: 1 }, "ACTALIKE"), "rule.seedId[0]"],
  // Added in issue 18: Pinterest reads an id with leading zeros as the id without them, and no id is 0.
  ["adAccountId with a leading zero", top({ adAccountId: "0549755885175" }), "adAccountId"],
  ["adAccountId 0", top({ adAccountId: "0" }), "adAccountId"],
  ["adAccountId of 1 MB of zeros", top({ adAccountId: "0".repeat(MB) }), "adAccountId"],
  ["importId of 18 zeros", top({ importId: "0".repeat(18) }), "importId"],
  ["visitorSourceId with a leading zero in a list", visitorRule({ visitorSourceId: ["1", "01"] }), "rule.visitorSourceId[1]"],
];

/** [case, declaration]: values at the edge of what the API accepts. Every one must pass. */
const boundaries: [string, unknown][] = [
  ["a name of one character", top({ name: "x" })],
  ["a name of 255 characters", top({ name: "n".repeat(255) })],
  ["a name with a zero-width joiner inside an emoji", top({ name: "Family 👩\u200d👧" })],
  ["a name with a visible character after zero-width ones", top({ name: "\u200b\u200bA" })],
  ["a description of 2,000 characters", top({ description: "d".repeat(2000) })],
  ["18-digit ids", top({ adAccountId: "1".repeat(18), importId: "9".repeat(18) })],
  ["a one-digit id", top({ adAccountId: "1" })],
  ["retentionDays 1", visitorRule({ retentionDays: 1 })],
  ["retentionDays 540", visitorRule({ retentionDays: 540 })],
  ['retentionDays "540"', visitorRule({ retentionDays: "540" })],
  ["percentage 1", withRule({ seedId: ["1"], country: "US", percentage: 1 }, "ACTALIKE")],
  ['percentage "10"', withRule({ seedId: ["1"], country: "US", percentage: "10" }, "ACTALIKE")],
  ["engagerType 2", withRule({ engagerType: 2 }, "ENGAGEMENT")],
  ["one engagement domain", withRule({ engagementDomain: ["www.example.com"] }, "ENGAGEMENT")],
  ["one pin id", withRule({ pinId: ["34567"] }, "ENGAGEMENT")],
  ["one ad id", withRule({ adId: ["687201361754"] }, "ENGAGEMENT")],
  ["one campaign id", withRule({ campaignId: ["626744528398"] }, "ENGAGEMENT")],
  ["one objective", withRule({ objectiveType: ["AWARENESS"] }, "ENGAGEMENT")],
  ["one seed id", withRule({ seedId: ["2542620639259"], country: "US", percentage: 1 }, "ACTALIKE")],
  ["a repeated seed id (sent once)", withRule({ seedId: ["2542620639259", "2542620639259"], country: "US", percentage: 1 }, "ACTALIKE")],
  ["country XK (Kosovo, in use though not assigned by ISO)", withRule({ seedId: ["1"], country: "XK", percentage: 1 }, "ACTALIKE")],
  ["country AX (ISO 3166-1)", withRule({ seedId: ["1"], country: "AX", percentage: 1 }, "ACTALIKE")],
  ["a url of 2,048 characters", visitorRule({ url: "u".repeat(2048) })],
  [
    "eventData of finite numbers, strings, booleans and null",
    visitorRule({ event: "checkout", eventData: { value: 1.5e300, order_quantity: -0, currency: "USD", gift: false, note: null } }),
  ],
  ["eventData nested to the depth limit", visitorRule({ event: "e", eventData: deep(29, "object") })],
];

describe("hostile input", () => {
  it.each(corpus)("%s: is rejected at its property path, without throwing", (_what, input, property) => {
    let failures: ReturnType<typeof validateDeclaration> = [];
    expect(() => {
      failures = validateDeclaration(input);
    }).not.toThrow();
    const paths = failures.map((failure) => failure.property);
    if (typeof property === "string") expect(paths).toContain(property);
    else expect(paths).toEqual(expect.arrayContaining([expect.stringMatching(property)]));
    for (const failure of failures) {
      expect(typeof failure.property).toBe("string");
      expect(failure.reason.length).toBeGreaterThan(10);
      expect(failure.reason.length).toBeLessThan(1000); // huge values are never echoed whole
      expect(failure.property.length).toBeLessThan(200);
    }
  });

  it.each(boundaries)("%s: is accepted", (_what, input) => {
    expect(validateDeclaration(input)).toEqual([]);
  });

  it("rejects nesting one level past the limit", () => {
    expect(validateDeclaration(visitorRule({ event: "e", eventData: deep(30, "object") })).map((failure) => failure.property)).toEqual([
      "rule.eventData",
    ]);
  });

  it("does not obey own __proto__ or constructor keys", () => {
    for (const [, input] of corpus) validateDeclaration(input);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
  });

  it("names the offending key of a prototype-named property", () => {
    const failures = validateDeclaration(corpus.find(([what]) => what === "own __proto__ key in the rule")?.[1]);
    expect(failures.map((failure) => failure.property)).toContain("rule.__proto__");
  });

  it("reports excessive nesting at the field where it starts", () => {
    const failures = validateDeclaration(visitorRule({ event: "e", eventData: deep(10_000, "object") }));
    expect(failures).toEqual([{ property: "rule.eventData", reason: expect.stringMatching(/more than 32 levels deep/) }]);
  });

  it("reports too many values at the field holding them", () => {
    const failures = validateDeclaration(withRule({ seedId: new Array<string>(300_000).fill("1"), country: "US", percentage: 1 }, "ACTALIKE"));
    expect(failures).toEqual([{ property: "rule.seedId", reason: expect.stringMatching(/^rule\.seedId holds more than 200000 values/) }]);
  });

  it("accepts unicode names and descriptions (never stricter than the API)", () => {
    expect(validateDeclaration(top({ name: "Käufer 🛒 東京 — قائمة", description: "Ünïcödé ✓" }))).toEqual([]);
  });

  it("accepts nesting a real declaration needs (event data line items)", () => {
    const eventData = { value: 116, line_items: [{ product_name: "Pillows", product_id: "11", product_price: 48 }] };
    expect(validateDeclaration(visitorRule({ event: "checkout", eventData }))).toEqual([]);
  });

  it("does not throw when reading the input throws", () => {
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("trap");
        },
      },
    );
    const getter = Object.defineProperty({ ...valid }, "name", {
      enumerable: true,
      get: () => {
        throw new Error("getter");
      },
    });
    for (const input of [trap, getter]) {
      let failures: ReturnType<typeof validateDeclaration> = [];
      expect(() => {
        failures = validateDeclaration(input);
      }).not.toThrow();
      expect(failures).toHaveLength(1);
      expect(failures[0].reason).toMatch(/plain data/);
    }
  });
});

describe("hostile input through the plugin's Check", () => {
  /** [resource name, declaration as JSON text (so own `constructor`/`__proto__` keys survive), property the failure must name]. */
  const cases: [string, string, string][] = [
    ["traversal-account", JSON.stringify(top({ adAccountId: "123/../../x" })), "adAccountId"],
    ["traversal-import", JSON.stringify(top({ importId: "123/../../x" })), "importId"],
    ["empty-name", JSON.stringify(top({ name: "" })), "name"],
    ["huge-name", JSON.stringify(top({ name: "x".repeat(100_000) })), "name"],
    ["negative-retention", JSON.stringify(visitorRule({ retentionDays: -1 })), "rule.retentionDays"],
    ["percentage-11", JSON.stringify(withRule({ seedId: ["1"], country: "US", percentage: 11 }, "ACTALIKE")), "rule.percentage"],
    ["unknown-field", JSON.stringify(top({ owner: "me" })), "owner"],
    ["other-type-field", JSON.stringify(visitorRule({ seedId: ["1"] })), "rule.seedId"],
    ["constructor-key", `{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","constructor":1}}`, "rule.constructor"],
    ["deep-junk", JSON.stringify(visitorRule({ event: "e", eventData: deep(64, "object") })), "rule.eventData"],
    ["zero-padded-account", JSON.stringify(top({ adAccountId: "0549755885175" })), "adAccountId"],
  ];
  const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience, type AudienceArgs } from "pulumi-pinterest-audiences";
const cases = JSON.parse(new pulumi.Config("test").require("cases")) as [string, string][];
for (const [name, declaration] of cases) new Audience(name, JSON.parse(declaration) as AudienceArgs);
`;

  test("each fails Check naming the property, in preview and in up, with zero API requests", async () => {
    const emulator = await startEmulator({ port: 0 });
    const project = await createTestProject({ programSource: PROGRAM, projectName: "hostile" });
    try {
      const program = await runProgram(project, { config: { "test:cases": JSON.stringify(cases.map(([name, json]) => [name, json])) } });
      expect(program.resources).toHaveLength(cases.length);
      const engine = await startEngine({
        cwd: project.dir,
        config: { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url },
        secretConfigKeys: ["pinterest:accessToken"],
        statePath: path.join(project.dir, ".state", "hostile.json"),
      });
      const named: string[] = [];
      let creates = 0;
      try {
        for (const [name, , property] of cases) {
          const resource = program.resources.find((r) => r.name === name);
          expect(resource).toBeDefined();
          // One resource per operation: after a failed step the engine starts no other.
          const preview = await engine.preview([resource as NonNullable<typeof resource>]);
          const up = await engine.up([resource as NonNullable<typeof resource>]);
          creates += up.calls.create;
          for (const result of [preview, up]) {
            expect({ name, ok: result.ok }).toEqual({ name, ok: false });
            const properties = result.steps.flatMap((step) => step.failures.map((failure) => failure.property));
            expect({ name, names: properties.includes(property) }).toEqual({ name, names: true });
          }
          named.push(`${name} -> ${property}`);
        }
      } finally {
        await engine.stop();
      }
      const requests = emulator.counters().requests;
      expect(creates).toBe(0);
      expect(requests).toBe(0);
      expect(emulator.audiences("549755885175")).toEqual([]);
    } finally {
      await removeTestProject(project);
      await emulator.stop();
    }
  });
});
