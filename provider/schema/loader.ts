/**
 * Loading schema.json's validator once per process, on first use: the one precompiled at build time when it fits
 * this schema text (dist/ only), else compiled now; with what the failure messages need to know about the schema.
 */
import * as fs from "fs";
import * as path from "path";
import type { ValidateFunction } from "ajv";
import { compileSchema, DECLARATION_DEFS, DeclarationKind, PRECOMPILED_VALIDATOR, schemaFingerprint } from "./compiler";
import { packageRoot } from "./package-root";
import { ID_DEF, ID_REF, resolve, type SchemaNode } from "./schema-node";

/** One kind of declaration: its validator and what the failure messages need to know about it. */
export interface View {
  validate: ValidateFunction;
  /** Its schema node (the root for an audience). */
  node: SchemaNode;
  /** Top-level property names a user may write. */
  topLevel: string[];
  /** Its required properties. */
  required: string[];
  /** "an audience declaration", "an audience sharing declaration". */
  noun: string;
}

/** The compiled schema and what the failure messages need to know about it. */
export interface Compiled {
  views: Record<DeclarationKind, View>;
  origin: "precompiled" | "compiled";
  root: SchemaNode;
  /** Audience type -> the rule fields it takes. */
  fieldsByType: Map<string, string[]>;
  /** Every rule field. */
  ruleFields: string[];
  /** schema.json's definition of a Pinterest id (`$defs/pinterestId`) and its pattern. */
  id: { node: SchemaNode; pattern: RegExp };
}

let compiled: Compiled | undefined;

/** Reads schema.json of this package (a fresh copy per call). */
export function loadDeclarationSchema(): Record<string, unknown> {
  return JSON.parse(readSchemaText()) as Record<string, unknown>;
}

function readSchemaText(): string {
  return fs.readFileSync(path.join(packageRoot(), "schema.json"), "utf8");
}

/** The validators precompiled at build time for exactly this schema text, if there are (dist/ only). */
function precompiledValidators(schemaText: string): Record<DeclarationKind, ValidateFunction> | undefined {
  const file = path.join(__dirname, PRECOMPILED_VALIDATOR);
  if (!fs.existsSync(file)) return undefined;
  const loaded = require(file) as Partial<Record<DeclarationKind, ValidateFunction>> & { fingerprint?: string };
  if (loaded.fingerprint !== schemaFingerprint(schemaText)) return undefined;
  const kinds: DeclarationKind[] = ["audience", ...(Object.keys(DECLARATION_DEFS) as DeclarationKind[])];
  return kinds.every((kind) => typeof loaded[kind] === "function") ? (loaded as Record<DeclarationKind, ValidateFunction>) : undefined;
}

/** How the validator in use was obtained: precompiled at build time, or compiled in this process. */
export function validatorOrigin(): "precompiled" | "compiled" {
  return compile().origin;
}

/** Loads (or, failing that, compiles) schema.json's validator once per process, on first use. */
export function compile(): Compiled {
  if (compiled) return compiled;
  const text = readSchemaText();
  const root = JSON.parse(text) as SchemaNode;
  const precompiled = precompiledValidators(text);
  const validators = precompiled ?? compileSchema(root).validators;
  const origin = precompiled ? "precompiled" : "compiled";
  const fieldsByType = new Map<string, string[]>();
  for (const branch of (root.allOf as SchemaNode[] | undefined) ?? []) {
    const type = ((branch.if as SchemaNode).properties?.audienceType as SchemaNode).const as string;
    const ruleSchema = resolve(root, (branch.then as SchemaNode).properties?.rule as SchemaNode);
    fieldsByType.set(type, Object.keys(ruleSchema.properties ?? {}));
  }
  const ruleFields = Object.keys(root.properties?.rule.properties ?? {});
  const view = (node: SchemaNode, validate: ValidateFunction, noun: string): View => ({
    validate,
    node,
    topLevel: Object.keys(node.properties ?? {}).filter((key) => key !== "$schema"),
    required: (node.required as string[] | undefined) ?? [],
    noun,
  });
  const defs = root.$defs as Record<string, SchemaNode>;
  const views: Record<DeclarationKind, View> = {
    audience: view(root, validators.audience, "an audience declaration"),
    audienceSharing: view(defs.audienceSharing, validators.audienceSharing, "an audience sharing declaration"),
  };
  const idNode = defs[ID_DEF];
  if (typeof idNode?.pattern !== "string") throw new Error(`schema.json has no pattern at ${ID_REF}.`);
  compiled = { views, origin, root, fieldsByType, ruleFields, id: { node: idNode, pattern: new RegExp(idNode.pattern, "u") } };
  return compiled;
}
