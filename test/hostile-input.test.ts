/** Hostile input: whatever a declaration holds, validation ends in failures naming property paths, never a crash. */
import * as path from "path";
import { startEmulator } from "../emulator";
import { validateDeclaration } from "../provider/validate";
import { createTestProject, removeTestProject, runProgram, startEngine } from "./harness";

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

/** [case, input]. Every one must fail at a named property path. */
const corpus: [string, unknown][] = [
  ["null", null],
  ["undefined", undefined],
  ["a number", 42],
  ["NaN", Number.NaN],
  ["a string", "audience"],
  ["an empty string", ""],
  ["true", true],
  ["a bigint", BigInt(7)],
  ["a symbol", Symbol("x")],
  ["a function", () => valid],
  ["an empty array", []],
  ["an array holding a valid declaration", [valid]],
  ["an empty object", {}],
  ["an object without a prototype", Object.assign(Object.create(null) as object, { name: "x" })],
  ["a Date", new Date(0)],
  ["a Map", new Map([["name", "x"]])],
  ["adAccountId a number", top({ adAccountId: 549755885175 })],
  ["adAccountId null", top({ adAccountId: null })],
  ["adAccountId an array", top({ adAccountId: ["549755885175"] })],
  ["adAccountId an object", top({ adAccountId: { id: "1" } })],
  ["adAccountId with path traversal", top({ adAccountId: "123/../../x" })],
  ["adAccountId ../123", top({ adAccountId: "../123" })],
  ["adAccountId with a newline", top({ adAccountId: "123\n" })],
  ["adAccountId with a leading space", top({ adAccountId: " 123" })],
  ["adAccountId negative", top({ adAccountId: "-1" })],
  ["adAccountId in exponent form", top({ adAccountId: "1e5" })],
  ["adAccountId hexadecimal", top({ adAccountId: "0x1F" })],
  ["adAccountId in Arabic-Indic digits", top({ adAccountId: "١٢٣" })],
  ["adAccountId in full-width digits", top({ adAccountId: "１２３" })],
  ["adAccountId of 1 MB of digits", top({ adAccountId: "1".repeat(MB) })],
  ["name of 1 MB", top({ name: "x".repeat(MB) })],
  ["name empty", top({ name: "" })],
  ["name of unicode whitespace only", top({ name: "\u3000\u00a0 \t\n" })],
  ["name a number", top({ name: 5 })],
  ["name null", top({ name: null })],
  ["name an array", top({ name: ["a"] })],
  ["name an object", top({ name: { first: "a" } })],
  ["description of 1 MB", top({ description: "d".repeat(MB) })],
  ["description an object", top({ description: { text: "x" } })],
  ["audienceType lowercase", top({ audienceType: "visitor" })],
  ["audienceType a number", top({ audienceType: 1 })],
  ["audienceType null", top({ audienceType: null })],
  ["audienceType PERSONA", top({ audienceType: "PERSONA" })],
  ["audienceType __proto__", top({ audienceType: "__proto__" })],
  ["rule a string", withRule("visitorSourceId=1")],
  ["rule null", withRule(null)],
  ["rule a number", withRule(1)],
  ["rule an array", withRule([valid.rule])],
  ["retentionDays negative", visitorRule({ retentionDays: -1 })],
  ["retentionDays a billion", visitorRule({ retentionDays: 1e9 })],
  ["retentionDays Infinity", visitorRule({ retentionDays: Number.POSITIVE_INFINITY })],
  ["retentionDays NaN", visitorRule({ retentionDays: Number.NaN })],
  ["retentionDays \"1e3\"", visitorRule({ retentionDays: "1e3" })],
  ["retentionDays a boolean", visitorRule({ retentionDays: true })],
  ["percentage negative", withRule({ seedId: ["1"], country: "US", percentage: -5 }, "ACTALIKE")],
  ["percentage 1 MB of digits", withRule({ seedId: ["1"], country: "US", percentage: "9".repeat(MB) }, "ACTALIKE")],
  ["engagerType 0", withRule({ engagerType: 0 }, "ENGAGEMENT")],
  ["seed id with path traversal", withRule({ seedId: ["123/../../x"], country: "US", percentage: 1 }, "ACTALIKE")],
  ["seedId of 300,000 ids", withRule({ seedId: new Array<string>(300_000).fill("1"), country: "US", percentage: 1 }, "ACTALIKE")],
  ["customerListId an object", withRule({ customerListId: { $gt: "" } }, "CUSTOMER_LIST")],
  ["url of 1 MB", visitorRule({ url: "u".repeat(MB) })],
  ["event of 1 MB", visitorRule({ event: "e".repeat(MB) })],
  ["unknown top-level property", top({ owner: "me" })],
  ["unknown top-level property with a 1 MB name", top({ ["k".repeat(MB)]: 1 })],
  ["unknown rule field", visitorRule({ audienceSize: 1 })],
  ["rule field of another audience type", visitorRule({ seedId: ["1"] })],
  ["rule field at the top level", top({ customerListId: "1" })],
  ["own __proto__ key at the top level", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1"},"__proto__":{"polluted":true}}`)],
  ["own constructor key at the top level", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1"},"constructor":{"prototype":{"polluted":true}}}`)],
  ["own prototype key at the top level", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1"},"prototype":{}}`)],
  ["own __proto__ key in the rule", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","__proto__":{"polluted":true}}}`)],
  ["own constructor key in the rule", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","constructor":1}}`)],
  ["own toString key in the rule", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","toString":"x"}}`)],
  ["own __proto__ key in event data", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","event":"e","eventData":{"__proto__":{"polluted":true}}}}`)],
  ["own __proto__ key in a url operator", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","url":{"__proto__":"x"}}}`)],
  ["own __proto__ key in an event source", parsed(`{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","eventSource":{"__proto__":["web"]}}}`)],
  ["objects nested 10,000 deep in event data", visitorRule({ event: "e", eventData: deep(10_000, "object") })],
  ["arrays nested 10,000 deep as the rule", withRule(deep(10_000, "array"))],
  ["objects nested 10,000 deep under an unknown key", top({ junk: deep(10_000, "object") })],
  ["arrays nested 10,000 deep as a url", visitorRule({ url: deep(10_000, "array") })],
  ["a declaration that contains itself", cyclic],
  // Added in the issue 6 review: out-of-range numbers at each bound, ids that would enter a URL, another type's fields.
  ["percentage 11 (above 10)", withRule({ seedId: ["1"], country: "US", percentage: 11 }, "ACTALIKE")],
  ["percentage 0", withRule({ seedId: ["1"], country: "US", percentage: 0 }, "ACTALIKE")],
  ["percentage fractional", withRule({ seedId: ["1"], country: "US", percentage: 2.5 }, "ACTALIKE")],
  ["retentionDays 0", visitorRule({ retentionDays: 0 })],
  ["retentionDays 541 (above 540)", visitorRule({ retentionDays: 541 })],
  ["engagerType 99", withRule({ engagerType: 99 }, "ENGAGEMENT")],
  ["country of three letters", withRule({ seedId: ["1"], country: "USA", percentage: 1 }, "ACTALIKE")],
  ["importId with path traversal", top({ importId: "123/../../x" })],
  ["importId a number", top({ importId: 123 })],
  ["importId of 19 digits", top({ importId: "1234567890123456789" })],
  ["adAccountId of 19 digits", top({ adAccountId: "1234567890123456789" })],
  ["customerListId with path traversal", withRule({ customerListId: "123/../../x" }, "CUSTOMER_LIST")],
  ["visitorSourceId ../1", visitorRule({ visitorSourceId: "../1" })],
  ["a VISITOR field in a CUSTOMER_LIST rule", withRule({ customerListId: "1", visitorSourceId: "1" }, "CUSTOMER_LIST")],
  ["audienceType constructor", top({ audienceType: "constructor" })],
];

describe("hostile input", () => {
  afterAll(() => console.log(`hostile input: ${corpus.length} cases run`));

  it("has at least 50 cases", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus)("%s: fails at a named property path, without throwing", (_what, input) => {
    let failures: ReturnType<typeof validateDeclaration> = [];
    expect(() => {
      failures = validateDeclaration(input);
    }).not.toThrow();
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.some((failure) => failure.property !== "")).toBe(true);
    for (const failure of failures) {
      expect(typeof failure.property).toBe("string");
      expect(failure.reason.length).toBeGreaterThan(10);
      expect(failure.reason.length).toBeLessThan(1000); // huge values are never echoed whole
      expect(failure.property.length).toBeLessThan(200);
    }
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
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    const getter = Object.defineProperty({ ...valid }, "name", { enumerable: true, get: () => { throw new Error("getter"); } });
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
      console.log(`hostile input through the plugin: ${named.length} cases failed Check (preview and up) naming ${named.join(", ")}; create calls ${creates}, API requests ${requests}`);
      expect(creates).toBe(0);
      expect(requests).toBe(0);
      expect(emulator.audiences("549755885175")).toEqual([]);
    } finally {
      await removeTestProject(project);
      await emulator.stop();
    }
  });
});
