/**
 * Validation of one audience declaration against schema.json (the single definition of a declaration's shape),
 * turning ajv's errors into check failures a person can act on.
 */
import * as fs from "fs";
import * as path from "path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { canonicalPinterestId } from "../api/ids";
import { compileSchema, DECLARATION_DEFS, DeclarationKind, PRECOMPILED_VALIDATOR, schemaFingerprint } from "./compiler";
import { packageRoot } from "./package-root";
import { suggestValue } from "./suggest";

/** One failure, as Pulumi's CheckFailure: property path and reason. */
export interface DeclarationFailure {
  /** Dotted path of the offending property with array indexes, e.g. `rule.seedId[0]`; "" for the whole input. */
  property: string;
  /** What is wrong and what is allowed. */
  reason: string;
}

/** Options of {@link validateDeclaration}. */
export interface ValidateOptions {
  /**
   * The text a value was written as in its file (a YAML or JSON scalar), by the keys leading to it; undefined
   * when unknown. Lets a failure quote what the user wrote rather than the number a parser read it as
   * (an unquoted 17-digit id is rounded by the time it is validated).
   */
  sourceOf?: (segments: readonly (string | number)[]) => string | undefined;
  /** Which declaration: an audience (default) or an audience sharing. */
  kind?: DeclarationKind;
  /**
   * Accept what only declaration files may state on an audience ({@link FILE_ONLY_KEYS}: `sharedWith`, which
   * loadDeclarations turns into an AudienceSharing resource, and the resource options `protect` and
   * `retainOnDelete`). An `Audience` resource refuses them: in a program they are a resource or resource options.
   */
  allowSharedWith?: boolean;
}

/** Keys only declaration files may state on an audience, with what a program declares instead. */
const FILE_ONLY_KEYS: Readonly<Record<string, string>> = {
  sharedWith:
    "declare an AudienceSharing resource with this audience's id as audienceId and the recipients as recipientAdAccountIds or recipientBusinessIds",
  protect: "pass it as a resource option: new Audience(name, args, { protect: true })",
  retainOnDelete: "pass it as a resource option: new Audience(name, args, { retainOnDelete: true })",
};

/** The definition every Pinterest id of schema.json refers to (ad account, business, audience, customer list, pin, ad, campaign, tag). */
const ID_DEF = "pinterestId";

/** How schema.json refers to {@link ID_DEF}. */
const ID_REF = `#/$defs/${ID_DEF}`;

/** More `$ref` hops than this between a property and its definition is a loop. */
const MAX_REF_HOPS = 8;

/** Keys that are not part of a declaration: Pulumi's serialised provider and an editor's schema pointer. */
const IGNORED_KEYS: ReadonlySet<string> = new Set(["__provider", "$schema"]);

/**
 * How the engine hands a provider's check a value that is not known yet (e.g. another resource's output during
 * preview): @pulumi/pulumi's `runtime.unknownValue`, kept here to avoid loading the runtime for one string.
 */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Deeper nesting than this is junk; checked before ajv so no input can exhaust the stack. */
const MAX_DEPTH = 32;

/** More values than this is junk (and bounds the depth walk over shared or cyclic references). */
const MAX_VALUES = 200_000;

/** Longest key or value quoted in a failure. */
const QUOTE_LIMIT = 40;

/** A JSON Schema node as read from schema.json. */
interface SchemaNode {
  [keyword: string]: unknown;
  properties?: Record<string, SchemaNode>;
  $ref?: string;
  "x-expects"?: string;
}

/** One kind of declaration: its validator and what the failure messages need to know about it. */
interface View {
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
interface Compiled {
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
function compile(): Compiled {
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

/** Follows a local `$ref` such as `#/$defs/seedId`. */
function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode {
  if (node === undefined) return {};
  if (typeof node.$ref === "string" && node.$ref.startsWith("#/$defs/")) {
    const defs = root.$defs as Record<string, SchemaNode>;
    return defs[node.$ref.slice("#/$defs/".length)] ?? node;
  }
  return node;
}

/**
 * Validates one declaration (camelCase, as a user wrote it). Ignores the `__provider` key Pulumi adds and a `$schema` key.
 * Never throws, whatever the input (null, arrays, junk, __proto__ keys, huge strings).
 * A value Pulumi does not know yet during preview (its unknown sentinel) is not reported; it is checked once known.
 */
export function validateDeclaration(input: unknown, options: ValidateOptions = {}): DeclarationFailure[] {
  let schema: Compiled;
  try {
    schema = compile();
  } catch (error) {
    return [{ property: "", reason: `The declaration schema could not be loaded: ${(error as Error).message}` }];
  }
  try {
    const view = schema.views[options.kind ?? "audience"];
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      const got = describe(input);
      const fields = `${view.required.slice(0, -1).join(", ")} and ${view.required[view.required.length - 1]}`;
      return view.required.map((property) => ({
        property,
        reason: `${property} is required: ${view.noun} is an object with ${fields}, but got ${got}`,
      }));
    }
    const declaration: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (IGNORED_KEYS.has(key)) continue;
      const value = (input as Record<string, unknown>)[key];
      // Assigning `__proto__` would set the prototype: keep it an own key, so it is reported, not obeyed.
      if (key === "__proto__") Object.defineProperty(declaration, key, { value, enumerable: true, writable: true, configurable: true });
      else declaration[key] = value;
    }
    const shapeFailures = checkShape(declaration);
    if (shapeFailures.length > 0) return shapeFailures;
    const failures = view.validate(declaration) ? [] : explain(schema, view, declaration, view.validate.errors ?? [], options);
    if (view === schema.views.audience && !options.allowSharedWith) {
      for (const [key, advice] of Object.entries(FILE_ONLY_KEYS)) {
        if (key in declaration) failures.push({ property: key, reason: `${key} belongs in declaration files (loadDeclarations): in a program, ${advice}` });
      }
    }
    return failures;
  } catch {
    return [{ property: "", reason: "The declaration could not be read as plain data (a getter or proxy threw); declare plain values." }];
  }
}

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

/** Rejects nesting deeper than MAX_DEPTH and more than MAX_VALUES values, without recursion. */
function checkShape(declaration: Record<string, unknown>): DeclarationFailure[] {
  const stack: Visit[] = [{ value: declaration, depth: 0, key: "", parent: undefined }];
  let seen = 0;
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    if (++seen > MAX_VALUES) {
      const property = renderPath(fieldOf(pathOf(visit)));
      return [{ property, reason: `${property || "the declaration"} holds more than ${MAX_VALUES} values; an audience needs far fewer` }];
    }
    const { value, depth } = visit;
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH) {
      const property = renderPath(fieldOf(pathOf(visit)));
      return [{ property, reason: `${property} nests values more than ${MAX_DEPTH} levels deep; an audience declaration needs only a few levels` }];
    }
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        stack.push({ value: value[index], depth: depth + 1, key: String(index), parent: visit });
      }
    } else {
      for (const key of Object.keys(value)) {
        stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, key, parent: visit });
      }
    }
  }
  return [];
}

/** A value met by checkShape; the path is rebuilt from parents only when a failure needs it. */
interface Visit {
  value: unknown;
  depth: number;
  key: string;
  parent: Visit | undefined;
}

/** The leading keys naming a declared field: `rule.<field>` inside the rule, else the top-level property. */
function fieldOf(keys: string[]): string[] {
  return keys.slice(0, keys[0] === "rule" && keys.length > 1 ? 2 : 1);
}

/** The keys leading from the declaration to a visited value. */
function pathOf(visit: Visit): string[] {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) keys.unshift(at.key);
  return keys;
}

/** A failure before deduplication: lower rank wins for a path, and keyword noise is already dropped. */
interface Candidate {
  property: string;
  rank: number;
  reason: string;
}

/** Turns ajv's errors into one meaningful failure per property path, in ajv's order. */
function explain(schema: Compiled, view: View, declaration: Record<string, unknown>, errors: ErrorObject[], options: ValidateOptions): DeclarationFailure[] {
  // An anyOf error stands for every error of its branches: keep only the outermost one of each value.
  const under = (instancePath: string, prefix: string): boolean => instancePath === prefix || instancePath.startsWith(`${prefix}/`);
  // An anyOf that only says what must be present (`x-needs`) stands for its own branches, not for other errors of the value.
  const needs = (error: ErrorObject): boolean => error.keyword === "anyOf" && typeof (error.parentSchema as SchemaNode | undefined)?.["x-needs"] === "string";
  const anyOfPaths = errors.filter((error) => error.keyword === "anyOf" && !needs(error)).map((error) => error.instancePath);
  const needsBranches = errors.filter(needs).map((error) => `${error.schemaPath}/`);
  const outermost = (error: ErrorObject): boolean =>
    !needsBranches.some((branch) => error.schemaPath.startsWith(branch)) &&
    !anyOfPaths.some((prefix) => under(error.instancePath, prefix) && (error.keyword !== "anyOf" || prefix !== error.instancePath));
  const audienceType = typeof declaration.audienceType === "string" && schema.fieldsByType.has(declaration.audienceType)
    ? declaration.audienceType
    : undefined;
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
  const leaf = expects !== undefined && expects === expectsOf(resolve(schema.root, { $ref: "#/$defs/eventDataValue" })) ? nonJsonLeaf(error.data) : undefined;
  if (leaf !== undefined && leaf.keys.length > 0) {
    const at = renderPath([...segments, ...leaf.keys], declaration);
    return { property: at, rank: 2, reason: `${at} must be ${expects}; got ${describe(leaf.value)}` };
  }
  if (expects === undefined && inField) {
    return { property, rank: 2, reason: `${property} is invalid: ${fieldRule(schema, view, segments, declaration)}; got ${describe(error.data)}` };
  }
  const name = property === "" ? "the declaration" : property;
  return { property, rank: 2, reason: `${name} must be ${expects ?? error.message ?? "valid"}; got ${describe(error.data)}${enumHint(error, parent)}` };
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
 * Whether a schema node stands for a Pinterest id: the id definition itself (as ajv reports an error inside it), or
 * (visitorSourceId) a choice including it.
 */
function isIdSchema(schema: Compiled, node: SchemaNode): boolean {
  if (node === schema.id.node || (node.pattern === schema.id.node.pattern && node.type === schema.id.node.type)) return true;
  return Array.isArray(node.anyOf) && (node.anyOf as SchemaNode[]).some((branch) => branch.$ref === ID_REF);
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

/**
 * A digit string written with leading zeros where an id belongs (or, in a list, the first such item): the keys
 * leading to it, what was written, and the id it stands for ("0" when it is all zeros). Undefined for any other value.
 */
function zeroPaddedIn(schema: Compiled, data: unknown): { keys: string[]; value: string; canonical: string } | undefined {
  const items = Array.isArray(data) ? data : [data];
  for (let index = 0; index < items.length; index += 1) {
    const value: unknown = items[index];
    if (typeof value !== "string" || !value.startsWith("0")) continue;
    const canonical = canonicalPinterestId(value);
    if (canonical === "0" || schema.id.pattern.test(canonical)) return { keys: Array.isArray(data) ? [String(index)] : [], value, canonical };
  }
  return undefined;
}

/** The reason to refuse an id written with leading zeros: the id to write instead, or that no id is 0. */
function zeroPaddedReason(name: string, value: string, canonical: string): string {
  if (canonical === "0") {
    return `${name} is not an id: Pinterest ids start with a digit from 1 to 9 (no id is 0); write the id as Pinterest shows it; got ${quote(value)}`;
  }
  return `${name} must not start with 0 (Pinterest writes ids without leading zeros and reads ${quote(value)} as ${canonical}): write "${canonical}"`;
}

/** Whether `value` is a Pinterest id as schema.json defines one (`$defs/pinterestId`), so that a declaration may hold it. */
export function isDeclarableId(value: unknown): value is string {
  return typeof value === "string" && compile().id.pattern.test(value);
}

/**
 * Why `value` is not a Pinterest id as schema.json defines one (`$defs/pinterestId`), or undefined when it is one:
 * the rule and the reasons a declaration's ids get, for an id given elsewhere (a command-line option, the id an
 * `Audience.get` reads). `name` is how the id reads in the reason, e.g. `--ad-account`.
 */
export function idProblem(value: unknown, name: string): string | undefined {
  if (isDeclarableId(value)) return undefined;
  const schema = compile();
  const padded = zeroPaddedIn(schema, value);
  if (padded !== undefined && !Array.isArray(value)) return zeroPaddedReason(name, padded.value, padded.canonical);
  return `${name} must be ${expectsOf(schema.id.node) ?? "a Pinterest id"}; got ${describe(value)}`;
}

/**
 * The reason for an id given as a number: YAML and JSON read an unquoted id as a number, which is not a digit
 * string and loses digits past 2^53 (any 17- or 18-digit id may be rounded). Quotes what was written when known.
 */
function unquotedId(property: string, expects: string | undefined, value: number, source: string | undefined): string {
  const written = source !== undefined && /^[+-]?\d+$/.test(source.trim()) ? source.trim() : undefined;
  const rounded = written !== undefined ? written.replace(/^\+/, "") !== String(value) : !Number.isSafeInteger(value);
  // What was written, as Pinterest writes it: an unquoted 0111 is quoted as "111".
  const digits = written !== undefined ? canonicalPinterestId(written.replace(/^\+/, "")) : Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  const example = digits !== undefined && digits !== "0" ? `, e.g. "${digits}"` : " exactly as Pinterest shows it";
  const got = written !== undefined
    ? `got ${written} without quotes${rounded ? `, which is read as the number ${String(value)}, not the id written` : ", which is read as a number"}`
    : `got the number ${String(value)}${rounded ? ", which has lost digits" : ""}`;
  return `${property} must be ${expects ?? "a digit string"}, written as a quoted string: put the id in quotes${example}; ${got}`;
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
  const ownersOf = (field: string): string[] =>
    [...schema.fieldsByType].filter(([, fields]) => fields.includes(field)).map(([type]) => type);
  const owners = ownersOf(key);
  if (owners.length > 0 && audienceType !== undefined) {
    return `${property} is not a field of ${audienceType} audiences (it belongs to ${owners.join(" and ")})`;
  }
  const allowed = audienceType !== undefined ? schema.fieldsByType.get(audienceType) ?? [] : schema.ruleFields;
  const scope = audienceType !== undefined ? `${audienceType} rules take` : "known rule fields";
  const suggestion = similarName(key, schema.ruleFields);
  if (suggestion !== undefined) {
    const elsewhere = audienceType !== undefined && !allowed.includes(suggestion)
      ? `, a field of ${ownersOf(suggestion).join(" and ")} audiences`
      : "";
    return `${property} is not a rule field: did you mean ${suggestion}${elsewhere}? (${scope}: ${allowed.join(", ")})`;
  }
  return `${property} is not a rule field (${scope}: ${allowed.join(", ")})`;
}

/** The known name a snake_case or differently cased key stands for, if any. */
function similarName(key: string, known: string[]): string | undefined {
  const camel = key.replace(/_([a-z0-9])/gi, (_match, letter: string) => letter.toUpperCase()).toLowerCase();
  return known.find((name) => name.toLowerCase() === camel && name !== key);
}

/** The `x-expects` phrase of a schema node, when it has one. */
function expectsOf(node: SchemaNode | undefined): string | undefined {
  const expects = node?.["x-expects"];
  return typeof expects === "string" ? expects : undefined;
}

/** Splits a JSON pointer such as `/rule/seedId/0` into its unescaped segments. */
function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Renders segments as `rule.seedId[0]`; indexes of arrays in `data` in brackets, odd keys quoted. */
function renderPath(segments: string[], data?: unknown): string {
  let out = "";
  let current: unknown = data;
  for (const segment of segments) {
    const isIndex = Array.isArray(current) && /^\d+$/.test(segment);
    if (isIndex || (data === undefined && /^\d+$/.test(segment))) out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) && segment.length <= QUOTE_LIMIT) out += out === "" ? segment : `.${segment}`;
    else out += `[${quote(segment)}]`;
    current = current !== null && typeof current === "object" && Object.prototype.hasOwnProperty.call(current, segment)
      ? (current as Record<string, unknown>)[segment]
      : undefined;
  }
  return out;
}

/** A string in JSON quotes, shortened to QUOTE_LIMIT characters; invisible characters shown as \u escapes. */
function quote(text: string): string {
  const shown = (part: string): string => JSON.stringify(part).replace(INVISIBLE, (char) =>
    char.split("").map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
  );
  return text.length > QUOTE_LIMIT ? `${shown(text.slice(0, QUOTE_LIMIT))}… (${text.length} characters)` : shown(text);
}

/** Characters a reader cannot see: format characters (zero-width space, joiners, bidi marks) and other default-ignorables. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** A short description of a value for a failure reason; never the whole of a big value. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  switch (typeof value) {
    case "string":
      return value === "" ? "an empty string" : quote(value);
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `the BigInt ${String(value)}n`;
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}
