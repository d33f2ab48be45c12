/**
 * The validator precompiled at build time (dist/provider/schema/schema-validator.js) gives exactly the failures of the
 * schema compiled at run time, and the built package uses it (no schema compilation on a plugin's first Check).
 */
import * as fs from "fs";
import * as path from "path";
import * as sourceLoader from "../../provider/schema/loader";
import * as source from "../../provider/schema/validate";

type ValidateModule = typeof source;
const built: ValidateModule = require(path.join(__dirname, "..", "..", "dist", "provider", "schema", "validate.js"));
const builtLoader: typeof sourceLoader = require(path.join(__dirname, "..", "..", "dist", "provider", "schema", "loader.js"));

const fixtures = fs
  .readdirSync(path.join(__dirname, "..", "fixtures", "declarations"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "declarations", file), "utf8")) as Record<string, unknown>);

const visitor = { adAccountId: "549755885175", name: "Visitors", audienceType: "VISITOR", rule: { visitorSourceId: "549755885175" } };
const mutations: unknown[] = [
  null,
  [],
  "text",
  {},
  { ...visitor, adAccountId: "123/../../x" },
  { ...visitor, name: "" },
  { ...visitor, audienceType: "PERSONA" },
  { ...visitor, extra: true },
  { ...visitor, rule: { ...visitor.rule, retentionDays: 541 } },
  { ...visitor, rule: { ...visitor.rule, seedId: ["1"] } },
  { ...visitor, rule: { ...visitor.rule, eventSource: { "=": ["fax"] } } },
  { ...visitor, rule: { ...visitor.rule, url: { startsWith: "x" } } },
  { ...visitor, audienceType: "ACTALIKE", rule: { seedId: [], country: "usa", percentage: 11 } },
  { ...visitor, audienceType: "CUSTOMER_LIST", rule: {} },
  { ...visitor, audienceType: "ENGAGEMENT", rule: { engagerType: 3, engagementType: "poke", objectiveType: ["NOPE"] } },
  JSON.parse('{"adAccountId":"1","name":"n","audienceType":"VISITOR","rule":{"visitorSourceId":"1","__proto__":{"x":1}}}'),
];

test("the built package validates with the precompiled validator", () => {
  expect(builtLoader.validatorOrigin()).toBe("precompiled");
  expect(sourceLoader.validatorOrigin()).toBe("compiled");
});

test.each([...fixtures, ...mutations].map((input, i) => [i, input] as const))(
  "case %i: precompiled and compiled give the same failures",
  (_i, input) => {
    expect(built.validateDeclaration(input)).toEqual(source.validateDeclaration(input));
  },
);

test("the cases include failures, so the comparison is not of empty lists only", () => {
  const failing = mutations.filter((input) => source.validateDeclaration(input).length > 0);
  expect(failing).toHaveLength(mutations.length);
});
