#!/usr/bin/env node
/**
 * Writes provider/audience/rule-fields.ts and provider/sharing/declaration.ts from schema.json, the one hand-written statement of a declaration's shape:
 * the rule's value types (`AudienceRuleInputs`, with each field's description), every rule field in order, how
 * each is compared (`x-compare`), which fields each audience type has and requires, Pinterest's defaults
 * (`default`) per type, and the fields of an audience declaration and of a sharing declaration, from which the
 * program's argument types are made (provider/audience/args.ts, provider/sharing/resource.ts).
 *
 *   npm run generate          rewrite the file
 *   npm run generate -- --check   exit 1 when the file is not what schema.json gives (test/audience/rule-fields.test.ts runs this too)
 *
 * Plain JavaScript so that it runs without a build step.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
/** The generated modules. */
const OUTPUTS = {
  rules: path.join(ROOT, "provider", "audience", "rule-fields.ts"),
  sharing: path.join(ROOT, "provider", "sharing", "declaration.ts"),
};

/** The comparison kinds `x-compare` may name, and what each means (the generated type's documentation). */
const COMPARISONS = {
  plain: "the value as written (objects with their keys in any order)",
  count: "an integer; a digit string is the same number",
  set: "a list whose order and repetitions carry no meaning; an empty list is none",
  operator: "an operator object whose values are sets",
  url: "a URL (a one-item set), a set of URLs, or an operator object",
  idOrIds: "an id, or a set of ids (a one-item list is its id)",
};

/** schema.json's rule definition of each declarable audience type. */
const RULE_DEFS = { CUSTOMER_LIST: "customerListRule", VISITOR: "visitorRule", ENGAGEMENT: "engagementRule", ACTALIKE: "actalikeRule" };

/** The node a local `$ref` names. */
function resolve(schema, node) {
  if (!node.$ref) return node;
  const name = node.$ref.replace(/^#\/\$defs\//, "");
  const target = schema.$defs[name];
  if (!target) throw new Error(`schema.json: ${node.$ref} names no definition.`);
  return target;
}

/**
 * The TypeScript type of a schema node. Enumerations stay `string` (a literal union would refuse a value typed as
 * a string in a program; validation names the allowed values); a recursive definition is `unknown`.
 */
function typeOf(schema, node, seen = new Set()) {
  if (node.$ref) {
    const target = resolve(schema, node);
    if (seen.has(node.$ref) || JSON.stringify(target).includes(JSON.stringify(node.$ref))) return "unknown";
    return typeOf(schema, target, new Set([...seen, node.$ref]));
  }
  if (node.anyOf) return union(node.anyOf.map((option) => typeOf(schema, option, seen)));
  if (node.enum) return union(node.enum.map((value) => (typeof value === "string" ? "string" : JSON.stringify(value))));
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return union(
    types.map((type) => {
      switch (type) {
        case "string":
          return "string";
        case "integer":
        case "number":
          return "number";
        case "boolean":
          return "boolean";
        case "null":
          return "null";
        case "array":
          return `${parenthesised(typeOf(schema, node.items ?? {}, seen))}[]`;
        case "object":
          return objectType(schema, node, seen);
        default:
          return "unknown";
      }
    }),
  );
}

/** An object node's type: its named properties, else a record of its additional properties' type. */
function objectType(schema, node, seen) {
  if (node.properties) {
    const required = new Set(node.required ?? []);
    const fields = Object.entries(node.properties).map(
      ([key, value]) => `${JSON.stringify(key)}${required.has(key) ? "" : "?"}: ${typeOf(schema, value, seen)}`,
    );
    return `{ ${fields.join("; ")} }`;
  }
  const values = typeof node.additionalProperties === "object" ? typeOf(schema, node.additionalProperties, seen) : "unknown";
  return `Record<string, ${values}>`;
}

function union(types) {
  const unique = [...new Set(types)];
  return unique.includes("unknown") ? "unknown" : unique.join(" | ");
}

function parenthesised(type) {
  return type.includes(" | ") ? `(${type})` : type;
}

/** A list of strings as TypeScript writes it. */
function list(values) {
  return `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
}

/** A doc comment of `text`, wrapped at 116 characters, indented by `indent`. */
function docComment(text, indent) {
  const words = text.replace(/\*\//g, "* /").split(/\s+/);
  const lines = [];
  let line = "";
  for (const word of words) {
    if (line && `${line} ${word}`.length > 116 - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

/** The audience declaration's own fields a program declares (the rest of the root is `audienceType`, `rule`, and what only declaration files hold). */
const AUDIENCE_FIELDS = ["adAccountId", "name", "description", "importId"];

/** An interface of the properties `fields` of the object node `node`, each with its description and type. */
function interfaceOf(schema, name, doc, node, fields, out) {
  const required = new Set(node.required ?? []);
  out(docComment(doc, ""));
  out(`export interface ${name} {`);
  for (const field of fields) {
    const declared = node.properties[field];
    if (!declared) throw new Error(`schema.json: ${name} has no property ${field}.`);
    const description = declared.description ?? resolve(schema, declared).description;
    if (description) out(docComment(description, "  "));
    out(`  ${field}${required.has(field) ? "" : "?"}: ${typeOf(schema, declared)};`);
  }
  out("}");
}

/** The module's text, from schema.json's text. */
function generate(schemaText) {
  const schema = JSON.parse(schemaText);
  const ruleNode = resolve(schema, schema.properties.rule);
  const fields = Object.keys(ruleNode.properties);
  const lines = [];
  const out = (line = "") => lines.push(line);
  out("/**");
  out(" * The declarations' fields, generated from schema.json by scripts/generate-rule-fields.js (`npm run generate`): do not");
  out(" * edit. schema.json is the one statement of a declaration's shape; test/audience/rule-fields.test.ts fails when this");
  out(" * file is not what it gives.");
  out(" */");
  out();
  out("/** How a rule field is compared with what Pinterest holds (schema.json's `x-compare`). */");
  out("export type RuleFieldComparison =");
  Object.entries(COMPARISONS).forEach(([kind, meaning], i, all) => {
    out(`  /** ${meaning} */`);
    out(`  | ${JSON.stringify(kind)}${i === all.length - 1 ? ";" : ""}`);
  });
  out();
  out("/**");
  out(" * The rule of an audience, in camelCase. Which fields belong to which audience type is {@link RULE_SHAPES}.");
  out(" * Numbers may be given as integers or digit strings (Pinterest's own examples send strings).");
  out(" */");
  out("export interface AudienceRuleInputs {");
  const comparisons = {};
  for (const field of fields) {
    const declared = ruleNode.properties[field];
    const node = resolve(schema, declared);
    const kind = declared["x-compare"] ?? node["x-compare"];
    if (!Object.prototype.hasOwnProperty.call(COMPARISONS, kind)) {
      throw new Error(`schema.json: the rule field ${field} needs "x-compare", one of ${Object.keys(COMPARISONS).join(", ")}.`);
    }
    comparisons[field] = kind;
    const description = declared.description ?? node.description;
    if (description) out(docComment(description, "  "));
    out(`  ${field}?: ${typeOf(schema, declared)};`);
  }
  out("}");
  out();
  out("/** Every rule field, in schema.json's order (the order of Pinterest's docs). */");
  out(`export const RULE_FIELDS = ${list(fields)} as const satisfies readonly (keyof AudienceRuleInputs)[];`);
  out();
  out("/** How each rule field is compared (schema.json's `x-compare`). */");
  out("export const RULE_COMPARISONS: Readonly<Record<keyof AudienceRuleInputs, RuleFieldComparison>> = {");
  for (const field of fields) out(`  ${field}: ${JSON.stringify(comparisons[field])},`);
  out("};");
  out();
  out("/** The fields of one audience type's rule: those it requires and those it may have. */");
  out("export interface RuleShape {");
  out("  /** Fields the rule must have. */");
  out("  readonly required: readonly (keyof AudienceRuleInputs)[];");
  out("  /** Fields the rule may have. */");
  out("  readonly optional: readonly (keyof AudienceRuleInputs)[];");
  out("}");
  out();
  out("/** The rule fields of every declarable audience type (schema.json's rule definition of each). */");
  out("export const RULE_SHAPES = {");
  const defaults = {};
  for (const [type, defName] of Object.entries(RULE_DEFS)) {
    const def = schema.$defs[defName];
    if (!def) throw new Error(`schema.json has no $defs/${defName}.`);
    const required = def.required ?? [];
    const optional = Object.keys(def.properties).filter((field) => !required.includes(field));
    out(`  ${type}: { required: ${list(required)}, optional: ${list(optional)} },`);
    for (const field of Object.keys(def.properties)) {
      const node = resolve(schema, def.properties[field]);
      const value = def.properties[field].default ?? node.default;
      if (value !== undefined) (defaults[type] ??= {})[field] = value;
    }
  }
  out("} as const satisfies Record<string, RuleShape>;");
  out();
  out("/** Pinterest's documented defaults per audience type (schema.json's `default`), filled in when a rule leaves them out. */");
  out("export const RULE_DEFAULTS: Readonly<Record<string, Readonly<AudienceRuleInputs>>> = {");
  for (const [type, values] of Object.entries(defaults)) {
    const entries = Object.entries(values).map(([field, value]) => `${field}: ${JSON.stringify(value)}`);
    out(`  ${type}: { ${entries.join(", ")} },`);
  }
  out("};");
  out();
  interfaceOf(
    schema,
    "AudienceDeclarationFields",
    "The fields every audience declaration has besides its type and rule (schema.json's root).",
    schema,
    AUDIENCE_FIELDS,
    out,
  );
  return { [OUTPUTS.rules]: `${lines.join("\n")}\n`, [OUTPUTS.sharing]: sharingModule(schema) };
}

/** The sharing declaration's module. */
function sharingModule(schema) {
  const lines = [];
  const out = (line = "") => lines.push(line);
  out("/**");
  out(" * The sharing declaration's fields, generated from schema.json by scripts/generate-rule-fields.js (`npm run generate`):");
  out(" * do not edit. test/audience/rule-fields.test.ts fails when this file is not what schema.json gives.");
  out(" */");
  out();
  const sharing = schema.$defs.audienceSharing;
  interfaceOf(
    schema,
    "SharingDeclaration",
    "An audience sharing declaration (schema.json's `$defs/audienceSharing`).",
    sharing,
    Object.keys(sharing.properties),
    out,
  );
  return `${lines.join("\n")}\n`;
}

module.exports = { generate, OUTPUTS };

if (require.main === module) {
  const files = generate(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"));
  const check = process.argv.includes("--check");
  let stale = false;
  for (const [file, text] of Object.entries(files)) {
    const name = path.relative(ROOT, file);
    if (!check) {
      fs.writeFileSync(file, text);
      process.stdout.write(`wrote ${name}\n`);
    } else if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
      process.stderr.write(`${name} is not what schema.json gives: run \`npm run generate\`.\n`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
}
