/**
 * Turning ajv's errors into failure messages: one per property path, saying what is wrong and what is allowed
 * (enum hints, unknown keys and the names they likely mean, rule fields of other audience types, ids, values not
 * known yet during a preview).
 */
import type { ErrorObject } from "ajv";
import { isIdSchema, unquotedId, zeroPaddedIn, zeroPaddedReason } from "./id-reasons";
import type { Compiled, View } from "./loader";
import { describe, pointerSegments, renderPath } from "./render";
import { expectsOf, resolve, type SchemaNode } from "./schema-node";
import { MAX_VALUES } from "./shape";
import { suggestValue } from "./suggest";
import type { DeclarationFailure, ValidateOptions } from "./validate";

/** More `$ref` hops than this between a property and its definition is a loop. */
const MAX_REF_HOPS = 8;

/**
 * How the engine hands a provider's check a value that is not known yet (e.g. another resource's output during
 * preview): @pulumi/pulumi's `runtime.unknownValue`, kept here to avoid loading the runtime for one string.
 */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether the value at `segments`, or a value holding it, is one Pulumi does not know yet (a preview of outputs to come). */
function notYetKnown(declaration: Record<string, unknown>, segments: string[]): boolean {
  let current: unknown = declaration;
  for (const segment of segments) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment)) return false;
    current = (current as Record<string, unknown>)[segment];
    if (current === UNKNOWN) return true;
  }
  return false;
}

/** A failure before deduplication: lower rank wins for a path, and keyword noise is already dropped. */
interface Candidate {
  property: string;
  rank: number;
  reason: string;
}

/** Turns ajv's errors into one meaningful failure per property path, in ajv's order. */
export function explain(
  schema: Compiled,
  view: View,
  declaration: Record<string, unknown>,
  errors: ErrorObject[],
  options: ValidateOptions,
): DeclarationFailure[] {
  // An anyOf error stands for every error of its branches: keep only the outermost one of each value.
  const under = (instancePath: string, prefix: string): boolean => instancePath === prefix || instancePath.startsWith(`${prefix}/`);
  // An anyOf that only says what must be present (`x-needs`) stands for its own branches, not for other errors of the value.
  const needs = (error: ErrorObject): boolean =>
    error.keyword === "anyOf" && typeof (error.parentSchema as SchemaNode | undefined)?.["x-needs"] === "string";
  const anyOfPaths = errors.filter((error) => error.keyword === "anyOf" && !needs(error)).map((error) => error.instancePath);
  const needsBranches = errors.filter(needs).map((error) => `${error.schemaPath}/`);
  const outermost = (error: ErrorObject): boolean =>
    !needsBranches.some((branch) => error.schemaPath.startsWith(branch)) &&
    !anyOfPaths.some((prefix) => under(error.instancePath, prefix) && (error.keyword !== "anyOf" || prefix !== error.instancePath));
  const audienceType =
    typeof declaration.audienceType === "string" && schema.fieldsByType.has(declaration.audienceType) ? declaration.audienceType : undefined;
  const best = new Map<string, Candidate>();
  for (const error of errors) {
    if (error.keyword === "if") continue;
    if (!outermost(error) || notYetKnown(declaration, pointerSegments(error.instancePath))) continue;
    const candidate = explainOne(schema, view, declaration, audienceType, error, options);
    const previous = best.get(candidate.property);
    if (previous === undefined || candidate.rank < previous.rank) best.set(candidate.property, candidate);
  }
  return [...best.values()].map(({ property, reason }) => ({ property, reason }));
}

/** One ajv error as a candidate failure. */
function explainOne(
  schema: Compiled,
  view: View,
  declaration: Record<string, unknown>,
  audienceType: string | undefined,
  error: ErrorObject,
  options: ValidateOptions,
): Candidate {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName ?? (params.propertyName as string | undefined);
  const parent = (error.parentSchema ?? {}) as SchemaNode;

  const inField = segments.length >= (segments[0] === "rule" ? 2 : 1);
  if (error.keyword === "additionalProperties") {
    const key = String(params.additionalProperty);
    const property = renderPath([...segments, key], declaration);
    if (inField) return { property, rank: 0, reason: `${property} is not allowed here: ${fieldRule(schema, view, segments, declaration)}` };
    const reason = segments.length === 0 ? unknownTopLevel(schema, view, key, property) : unknownRuleField(schema, audienceType, key, property);
    return { property, rank: 0, reason };
  }
  if (propertyName !== undefined) {
    const property = renderPath([...segments, propertyName], declaration);
    return { property, rank: 0, reason: `${property} is not an allowed key here: ${expectsOf(parent) ?? error.message ?? "invalid key"}` };
  }
  if (error.keyword === "required") {
    const missing = String(params.missingProperty);
    const property = renderPath([...segments, missing], declaration);
    if (inField) return { property, rank: 1, reason: `${property} is required: ${fieldRule(schema, view, segments, declaration)}` };
    const expects = expectsOf(resolve(schema.root, parent.properties?.[missing]));
    const scope = segments[0] === "rule" && audienceType !== undefined ? ` for ${audienceType} audiences` : "";
    return { property, rank: 1, reason: `${property} is required${scope}${expects ? `: ${expects}` : ""}` };
  }
  if (error.keyword === "dependentRequired") {
    const missing = String(params.missingProperty);
    const property = renderPath([...segments, missing], declaration);
    const owner = renderPath([...segments, String(params.property)], declaration);
    return { property, rank: 1, reason: `${property} is required when ${owner} is set: Pinterest evaluates event data only for a named event` };
  }
  const property = renderPath(segments, declaration);
  if (error.keyword === "uniqueItems" && Array.isArray(error.data)) {
    const { i, j } = params as { i: number; j: number };
    return { property, rank: 2, reason: `${property} holds ${describe(error.data[j])} twice (items ${j} and ${i}): give each id once` };
  }
  if (error.keyword === "anyOf" && typeof parent["x-needs"] === "string") {
    return { property, rank: 1, reason: `${property === "" ? "" : `${property}: `}${parent["x-needs"]}` };
  }
  const isId = isIdSchema(schema, parent);
  // An error inside the id definition: what the property referring to it expects ("an ad account id: …").
  const expects = (isId ? declaredExpects(schema.root, view.node, segments) : undefined) ?? expectsOf(parent);
  if (isId && typeof error.data === "number") {
    return { property, rank: 2, reason: unquotedId(property, expects, error.data, options.sourceOf?.(segments)) };
  }
  const padded = isId ? zeroPaddedIn(schema, error.data) : undefined;
  if (padded !== undefined) {
    const at = renderPath([...segments, ...padded.keys], declaration);
    return { property: at, rank: 2, reason: zeroPaddedReason(at, padded.value, padded.canonical) };
  }
  const leaf =
    expects !== undefined && expects === expectsOf(resolve(schema.root, { $ref: "#/$defs/eventDataValue" })) ? nonJsonLeaf(error.data) : undefined;
  if (leaf !== undefined && leaf.keys.length > 0) {
    const at = renderPath([...segments, ...leaf.keys], declaration);
    return { property: at, rank: 2, reason: `${at} must be ${expects}; got ${describe(leaf.value)}` };
  }
  if (expects === undefined && inField) {
    return { property, rank: 2, reason: `${property} is invalid: ${fieldRule(schema, view, segments, declaration)}; got ${describe(error.data)}` };
  }
  const name = property === "" ? "the declaration" : property;
  return {
    property,
    rank: 2,
    reason: `${name} must be ${expects ?? error.message ?? "valid"}; got ${describe(error.data)}${enumHint(error, parent)}`,
  };
}

/** For a value outside an enum, the allowed value it most likely means (see suggest.ts), as a hint; else "". */
function enumHint(error: ErrorObject, parent: SchemaNode): string {
  if (error.keyword !== "enum" || typeof error.data !== "string") return "";
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues?.filter((v): v is string => typeof v === "string") ?? [];
  const aliases = typeof parent["x-aliases"] === "object" && parent["x-aliases"] !== null ? (parent["x-aliases"] as Record<string, string>) : {};
  const suggestion = suggestValue(error.data, allowed, aliases);
  return suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`;
}

/**
 * The `x-expects` of the schema node that declares the value at `segments` (the first along its `$ref`s), walking
 * from `start` through properties and list items; undefined when the path leads nowhere.
 */
function declaredExpects(root: SchemaNode, start: SchemaNode, segments: readonly string[]): string | undefined {
  let node: SchemaNode | undefined = start;
  for (const segment of segments) {
    for (let hops = 0; node.$ref !== undefined && node.properties === undefined && node.items === undefined && hops < MAX_REF_HOPS; hops += 1) {
      node = resolve(root, node);
    }
    const next: SchemaNode | undefined = node.properties?.[segment] ?? (/^\d+$/.test(segment) ? (node.items as SchemaNode | undefined) : undefined);
    if (next === undefined) return undefined;
    node = next;
  }
  for (let hops = 0; hops < MAX_REF_HOPS; hops += 1) {
    const expects = expectsOf(node);
    if (expects !== undefined || node.$ref === undefined) return expects;
    node = resolve(root, node);
  }
  return undefined;
}

/** The keys leading to the first value inside `value` that is not JSON data (NaN, Infinity, a BigInt, a function…), if any. */
function nonJsonLeaf(value: unknown): { keys: string[]; value: unknown } | undefined {
  const stack: { keys: string[]; value: unknown }[] = [{ keys: [], value }];
  for (let visits = 0; stack.length > 0 && visits < MAX_VALUES; visits += 1) {
    const at = stack.pop() as { keys: string[]; value: unknown };
    const item = at.value;
    if (item === null || typeof item === "string" || typeof item === "boolean" || (typeof item === "number" && Number.isFinite(item))) continue;
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) stack.push({ keys: [...at.keys, String(index)], value: item[index] });
    } else if (typeof item === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(item))) {
      for (const key of Object.keys(item).reverse()) stack.push({ keys: [...at.keys, key], value: (item as Record<string, unknown>)[key] });
    } else return at;
  }
  return undefined;
}

/** "<field> must be <what the field expects>" for the declared field a nested path lies in. */
function fieldRule(schema: Compiled, view: View, segments: string[], declaration: Record<string, unknown>): string {
  const depth = segments[0] === "rule" ? 2 : 1;
  const field = segments[depth - 1];
  const node = depth === 2 ? (schema.root.$defs as Record<string, SchemaNode>)[field] : resolve(schema.root, view.node.properties?.[field]);
  return `${renderPath(segments.slice(0, depth), declaration)} must be ${expectsOf(node) ?? "valid"}`;
}

/** The failure reason of a top-level key that is not a property of a declaration. */
function unknownTopLevel(schema: Compiled, view: View, key: string, property: string): string {
  const suggestion = similarName(key, view.topLevel);
  const hint = suggestion !== undefined ? ` (did you mean ${suggestion}?)` : "";
  if (view === schema.views.audience && schema.ruleFields.includes(key)) {
    return `${property} is a rule field: put it under rule (allowed top-level properties: ${view.topLevel.join(", ")})`;
  }
  return `${property} is not a property of ${view.noun}${hint} (allowed: ${view.topLevel.join(", ")})`;
}

/** The failure reason of a rule key the declared audience type does not take. */
function unknownRuleField(schema: Compiled, audienceType: string | undefined, key: string, property: string): string {
  if (key === "adAccountId" || key === "ad_account_id") {
    return `${property} is not a rule field: declare adAccountId at the top level; the provider copies it into the rule`;
  }
  const ownersOf = (field: string): string[] => [...schema.fieldsByType].filter(([, fields]) => fields.includes(field)).map(([type]) => type);
  const owners = ownersOf(key);
  if (owners.length > 0 && audienceType !== undefined) {
    return `${property} is not a field of ${audienceType} audiences (it belongs to ${owners.join(" and ")})`;
  }
  const allowed = audienceType !== undefined ? (schema.fieldsByType.get(audienceType) ?? []) : schema.ruleFields;
  const scope = audienceType !== undefined ? `${audienceType} rules take` : "known rule fields";
  const suggestion = similarName(key, schema.ruleFields);
  if (suggestion !== undefined) {
    const elsewhere =
      audienceType !== undefined && !allowed.includes(suggestion) ? `, a field of ${ownersOf(suggestion).join(" and ")} audiences` : "";
    return `${property} is not a rule field: did you mean ${suggestion}${elsewhere}? (${scope}: ${allowed.join(", ")})`;
  }
  return `${property} is not a rule field (${scope}: ${allowed.join(", ")})`;
}

/** The known name a snake_case or differently cased key stands for, if any. */
function similarName(key: string, known: string[]): string | undefined {
  const camel = key.replace(/_([a-z0-9])/gi, (_match, letter: string) => letter.toUpperCase()).toLowerCase();
  return known.find((name) => name.toLowerCase() === camel && name !== key);
}
