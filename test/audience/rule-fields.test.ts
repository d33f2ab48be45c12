/**
 * schema.json is the one statement of a declaration's shape (issue 20): provider/audience/rule-fields.ts and
 * provider/sharing/declaration.ts are generated from it, and this fails when a committed file is not what the schema
 * gives, or when a rule field says nothing of how it is compared.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const { generate } = require(path.join(ROOT, "scripts", "generate-rule-fields.js")) as { generate(text: string): Record<string, string> };
const schemaText = fs.readFileSync(path.join(ROOT, "schema.json"), "utf8");

test("rule-fields.ts and sharing/declaration.ts are what schema.json gives (else run `npm run generate`)", () => {
  const files = generate(schemaText);
  expect(Object.keys(files).map((file) => path.relative(ROOT, file))).toEqual([
    "provider/audience/rule-fields.ts",
    "provider/sharing/declaration.ts",
  ]);
  for (const [file, text] of Object.entries(files)) expect(fs.readFileSync(file, "utf8")).toBe(text);
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
  schema.$defs.recipientBusinessIds.description = "Businesses, as the schema now says.";
  const [rules, sharing] = Object.values(generate(JSON.stringify(schema)));
  const text = rules;
  expect(sharing).toContain("/** Businesses, as the schema now says. */");
  expect(text).toContain('  event: "set",');
  expect(text).toContain("ENGAGEMENT: { retentionDays: 30 }");
  expect(text).toContain('CUSTOMER_LIST: { required: ["customerListId"], optional: ["event"] }');
});
