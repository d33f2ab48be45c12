/**
 * The declaration types: RULE_SHAPES (from which the rule types are built) agrees with schema.json, and the
 * compiler accepts good declarations and rejects the mistakes the provider would reject at run time
 * (test/fixtures/types/audience-args.ts, compiled here with the repository's compiler options).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { RULE_SHAPES } from "../../provider/audience/args";
import { RULE_FIELDS } from "../../provider/audience/model";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(__dirname, "..", "fixtures", "types", "audience-args.ts");

interface JsonSchema {
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $defs?: Record<string, JsonSchema>;
  allOf?: { if: { properties: { audienceType: { const: string } } }; then: { properties: { rule: { $ref: string } } } }[];
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")) as JsonSchema;

/** The schema's rule definition for an audience type, found through its `if audienceType then rule` branch. */
function schemaRule(type: string): JsonSchema {
  const branch = schema.allOf?.find((b) => b.if.properties.audienceType.const === type);
  if (!branch) throw new Error(`schema.json has no rule branch for ${type}`);
  const name = branch.then.properties.rule.$ref.replace("#/$defs/", "");
  return schema.$defs?.[name] ?? {};
}

describe("RULE_SHAPES agrees with schema.json", () => {
  test("the declarable types are schema.json's audienceType enum", () => {
    expect(Object.keys(RULE_SHAPES).sort()).toEqual([...(schema.properties?.audienceType.enum ?? [])].sort());
    expect(Object.keys(RULE_SHAPES)).not.toContain("PERSONA");
  });

  test.each(Object.keys(RULE_SHAPES))("%s: the same fields, and the same ones required", (type) => {
    const shape = RULE_SHAPES[type as keyof typeof RULE_SHAPES];
    const rule = schemaRule(type);
    expect([...shape.required].sort()).toEqual([...(rule.required ?? [])].sort());
    expect([...shape.required, ...shape.optional].sort()).toEqual(Object.keys(rule.properties ?? {}).sort());
  });

  test("every rule field of the schema has a value type in AudienceRuleInputs", () => {
    expect([...RULE_FIELDS].sort()).toEqual(Object.keys(schema.properties?.rule.properties ?? {}).sort());
  });
});

describe("the compiler", () => {
  let diagnostics: string[];

  beforeAll(() => {
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram([FIXTURE], { ...parsed.options, noEmit: true, types: ["node"] });
    diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
  }, 120_000);

  test("accepts Inputs in rule fields (seedId: [seed.id]) and rejects a VISITOR rule without visitorSourceId, PERSONA and fields of another type", () => {
    // An unused @ts-expect-error (a mistake that compiles) is a diagnostic too.
    expect(diagnostics).toEqual([]);
    const text = fs.readFileSync(FIXTURE, "utf8");
    expect(text.match(/\/\/ @ts-expect-error/g)?.length).toBe(7);
  });
});
