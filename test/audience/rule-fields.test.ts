/**
 * schema.json is the one statement of a rule's shape (issue 20): provider/audience/rule-fields.ts is generated from
 * it, and this fails when the committed file is not what the schema gives, or when a rule field says nothing of how
 * it is compared.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, OUTPUT } = require(path.join(ROOT, "scripts", "generate-rule-fields.js")) as { generate(text: string): string; OUTPUT: string };
const schemaText = fs.readFileSync(path.join(ROOT, "schema.json"), "utf8");

test("rule-fields.ts is what schema.json gives (else run `npm run generate`)", () => {
  expect(fs.readFileSync(OUTPUT, "utf8")).toBe(generate(schemaText));
});

test("a rule field without x-compare is refused, naming the field and the kinds", () => {
  const schema = JSON.parse(schemaText);
  delete schema.$defs.event["x-compare"];
  expect(() => generate(JSON.stringify(schema))).toThrow(/the rule field event needs "x-compare", one of plain, count, set/);
});

test("a schema change reaches the generated shapes, types, comparisons and defaults", () => {
  const schema = JSON.parse(schemaText);
  schema.$defs.event["x-compare"] = "set";
  schema.$defs.retentionDays.default = 30;
  schema.$defs.customerListRule.properties.event = { $ref: "#/$defs/event" };
  const text = generate(JSON.stringify(schema));
  expect(text).toContain('  event: "set",');
  expect(text).toContain("ENGAGEMENT: { retentionDays: 30 }");
  expect(text).toContain('CUSTOMER_LIST: { required: ["customerListId"], optional: ["event"] }');
});
