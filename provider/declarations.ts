/**
 * Declaration files: the GitOps layout of one YAML (or JSON) file per audience. The file's base name is the
 * Pulumi resource name; its content is one declaration in the shape of schema.json. This module reads such
 * files (never throwing on a bad one) and writes declarations as YAML, JSON or a TypeScript program.
 *
 * A file may also say who the audience is shared with (`sharedWith`), which a program declares as an
 * `AudienceSharing` resource next to the audience (see {@link sharingArgs}).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LineCounter, isNode, isScalar, parseAllDocuments, stringify, type Document } from "yaml";
import type * as pulumi from "@pulumi/pulumi";
import type { AudienceDeclaration } from "./audience/args";
import type { AudienceInputs } from "./audience/model";
import type { AudienceSharingArgs } from "./sharing/resource";
import { ownerAsRecipient } from "./sharing/model";
import { validateDeclaration } from "./schema/validate";

/**
 * Who an audience declared in a file is shared with (schema.json `$defs/sharedWith`). A program declares it as an
 * `AudienceSharing` resource named `<resourceName>-sharing` (see {@link sharingArgs}). Recipients must be in the
 * Pinterest Business Hierarchy of the business that owns the audience's ad account.
 */
export interface SharedWith {
  /**
   * Ad accounts that may use the audience (digit strings), compared as a set. Left out, ad account recipients are
   * not managed; given, it is the whole set: any other ad account that has the audience is revoked.
   */
  adAccountIds?: string[];
  /**
   * Businesses that may use the audience (digit strings), compared as a set. Left out, business recipients are not
   * managed; given, it is the whole set: any other business that has the audience is revoked.
   */
  businessIds?: string[];
}

/** One audience declaration as a file holds it: the resource inputs plus the file-only `$schema`. */
export interface Declaration extends AudienceInputs {
  /** Adopt the existing audience with this id instead of creating one (see `AudienceArgs.importId`). */
  importId?: string;
  /** The schema the file follows, for editors; ignored by the provider. */
  $schema?: string;
  /**
   * Who the audience is shared with: files only. {@link loadDeclarationsOrThrow} returns it apart from the
   * declaration, since an `Audience` refuses it; a program declares it as an `AudienceSharing`.
   */
  sharedWith?: SharedWith;
  /** Pulumi's `protect` resource option for the audience: files only ({@link loadDeclarationsOrThrow} returns it apart). */
  protect?: boolean;
  /** Pulumi's `retainOnDelete` resource option for the audience: files only. */
  retainOnDelete?: boolean;
}

/** The resource options a declaration file may state: Pulumi's own, under their names. */
export interface DeclaredResourceOptions {
  /** While true, destroy (or an up that would remove or replace the audience) fails instead. */
  protect?: boolean;
  /** While true, removing the audience from the stack leaves it in Pinterest. */
  retainOnDelete?: boolean;
}

/** One problem found in a declaration file. */
export interface DeclarationFileFailure {
  /** The property at fault, e.g. `rule.retentionDays`; empty for the file as a whole. */
  property: string;
  /** What is wrong and what to do about it. */
  reason: string;
  /** 1-based line of the problem in the file, when known. */
  line?: number;
}

/** A declaration file as read by {@link loadDeclarations}. */
export interface LoadedDeclaration {
  /** The file's path, as found (joined to the directory it was listed from). */
  file: string;
  /** The Pulumi resource name: the file's base name without its extension. */
  resourceName: string;
  /**
   * The declaration the file holds, without `$schema`. Only to be used when `failures` is empty: otherwise it is
   * whatever could be read (an empty object when the file is not a YAML or JSON object).
   */
  declaration: Declaration;
  /** Every problem found; empty when the file is a valid declaration. */
  failures: DeclarationFileFailure[];
}

/** File extensions read from a directory: YAML and JSON. */
export const DECLARATION_EXTENSIONS: readonly string[] = [".yaml", ".yml", ".json"];

/**
 * The largest declaration file read, in bytes (1 MiB). A declaration is a few hundred bytes; even thousands of
 * pin ids fit many times over. Bigger files are refused before being read, so a mistaken path cannot exhaust memory.
 */
export const MAX_DECLARATION_FILE_BYTES = 1024 * 1024;

/** What a resource name (a declaration file's base name) may consist of. */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * Where editors find the schema by default: the installed package's schema.json, relative to a declaration file
 * in a folder of the project (`audiences/x.yaml` -> `../node_modules/pulumi-pinterest-audiences/schema.json`).
 * A relative path works offline and before the package is published; `pinterest-audiences import` computes the
 * right one for the folder it writes to.
 */
export const DEFAULT_SCHEMA_REF = "../node_modules/pulumi-pinterest-audiences/schema.json";

/** The order of keys in written declarations. */
const KEY_ORDER: readonly (keyof Declaration)[] = ["adAccountId", "name", "description", "audienceType", "importId", "protect", "retainOnDelete", "rule", "sharedWith"];

/**
 * Reads declaration files. Each path may be a file (read whatever its extension) or a directory (its `.yaml`,
 * `.yml` and `.json` files, not recursing, in name order; dot files skipped). Never throws for a bad file: a
 * missing path, a parse error (with its line), a bad resource name, a schema violation, two files with one
 * resource name or one `importId` — each is a failure of the file it concerns. A file named twice is read once.
 */
export function loadDeclarations(dirOrFiles: string | string[], options: LoadOptions = {}): LoadedDeclaration[] {
  const cwd = options.cwd ?? process.cwd();
  const inputs = Array.isArray(dirOrFiles) ? dirOrFiles : [dirOrFiles];
  const results: LoadedDeclaration[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    for (const file of expand(input, cwd, results)) {
      const absolute = path.resolve(cwd, file);
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      results.push(loadFile(file, absolute));
    }
  }
  markDuplicates(results);
  return results;
}

/** Options of {@link loadDeclarations}. */
export interface LoadOptions {
  /** The directory relative paths are read from (and stay relative to in results); default `process.cwd()`. */
  cwd?: string;
}

/** The files a path stands for; a path that cannot be read becomes a failed result. */
function expand(input: string, cwd: string, results: LoadedDeclaration[]): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path.resolve(cwd, input));
  } catch (error) {
    results.push(failed(input, `cannot read it (${errorCode(error)}). Check the path.`));
    return [];
  }
  if (!stat.isDirectory()) return [input];
  return fs
    .readdirSync(path.resolve(cwd, input), { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith(".") && DECLARATION_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(input, name));
}

/** Reads, parses and validates one file (`file` as reported, `absolute` as read). */
function loadFile(file: string, absolute: string): LoadedDeclaration {
  const resourceName = resourceNameOf(file);
  const result: LoadedDeclaration = { file, resourceName, declaration: {} as Declaration, failures: [] };
  if (!RESOURCE_NAME_PATTERN.test(resourceName)) {
    result.failures.push({
      property: "",
      reason: `the file name "${resourceName}" is not a valid resource name: use only letters, digits, "-", "_" and ".". Rename the file.`,
    });
  }
  const read = readDeclarationFile(absolute);
  if (typeof read !== "string") {
    result.failures.push({ property: "", reason: read.failure });
    return result;
  }
  const text = read;
  if (syntaxName(file) === "JSON") {
    const jsonFailure = jsonSyntaxFailure(text);
    if (jsonFailure) {
      result.failures.push(jsonFailure);
      return result;
    }
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  for (const document of list) {
    for (const error of document.errors) {
      result.failures.push({ property: "", line: error.linePos?.[0].line, reason: `not valid ${syntaxName(file)}: ${firstLine(error.message)}` });
    }
  }
  if (result.failures.some((f) => f.reason.startsWith("not valid"))) return result;
  if (list.length !== 1) {
    result.failures.push({
      property: "",
      reason: list.length === 0 ? "the file is empty: write one audience declaration in it." : `it holds ${list.length} documents; write one declaration per file.`,
    });
    return result;
  }
  const document = list[0];
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    result.failures.push({ property: "", reason: `cannot be read as data: ${error instanceof Error ? error.message : String(error)}. Avoid YAML aliases.` });
    return result;
  }
  const sourceOf = (segments: readonly (string | number)[]): string | undefined => {
    const node = document.getIn(segments, true);
    return isScalar(node) ? node.source : undefined;
  };
  for (const failure of [...validateDeclaration(value, { sourceOf, allowSharedWith: true }), ...ownerAsRecipientOf(value)]) {
    const line = lineOf(document, lineCounter, failure.property);
    result.failures.push(line === undefined ? { ...failure } : { ...failure, line });
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const { $schema: _schema, ...declaration } = value as Declaration;
    void _schema;
    result.declaration = declaration;
  }
  return result;
}

/** A failure when `sharedWith.adAccountIds` names the ad account that owns the audience (it has it already). */
function ownerAsRecipientOf(value: unknown): DeclarationFileFailure[] {
  const declaration = value as Partial<Declaration> | null;
  const failure = ownerAsRecipient(declaration?.adAccountId, declaration?.sharedWith?.adAccountIds, "sharedWith.adAccountIds");
  return failure ? [failure] : [];
}

/**
 * The text of a declaration file, or why it is not read: only a regular file (not a FIFO, device, socket or
 * directory, which could block or never end) of at most {@link MAX_DECLARATION_FILE_BYTES}. It is opened
 * without blocking and checked again once open, and never more than the limit is read, so a file swapped or
 * growing meanwhile is refused too.
 */
function readDeclarationFile(absolute: string): string | { failure: string } {
  const tooBig = (size: string): { failure: string } => ({
    failure: `it is ${size}, more than the ${MAX_DECLARATION_FILE_BYTES / 1024 / 1024} MiB a declaration file may hold; a declaration is a few hundred bytes. Check that this is the file you meant.`,
  });
  const notRegular = (stat: fs.Stats): { failure: string } => ({
    failure: `it is ${kindOf(stat)}, not a regular file; only regular YAML or JSON files are read. Give the path of a declaration file.`,
  });
  let fd: number | undefined;
  try {
    const before = fs.statSync(absolute);
    if (!before.isFile()) return notRegular(before);
    if (before.size > MAX_DECLARATION_FILE_BYTES) return tooBig(`${before.size} bytes`);
    fd = fs.openSync(absolute, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return notRegular(opened);
    if (opened.size > MAX_DECLARATION_FILE_BYTES) return tooBig(`${opened.size} bytes`);
    // One byte more than the file holds: filling it means the file grew while being read.
    const buffer = Buffer.alloc(opened.size + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) return { failure: "it grew while being read; a declaration file must not change while it is checked. Run again." };
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    return { failure: `cannot read it (${errorCode(error)}). Check the path and its permissions.` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What kind of file system entry a stat describes, for a failure message. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * A JSON syntax error as a failure, with its line when the engine reports a position (YAML, a superset of
 * JSON, would accept some invalid JSON such as a missing value).
 */
function jsonSyntaxFailure(text: string): DeclarationFileFailure | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const reason = `not valid JSON: ${message.replace(/, ".*" is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "")}`;
    if (!position) return { property: "", reason };
    const line = text.slice(0, Number(position[1])).split("\n").length;
    return { property: "", reason, line };
  }
}

/** Flags files sharing a resource name or an `importId` with an earlier file. */
function markDuplicates(results: LoadedDeclaration[]): void {
  const byName = new Map<string, string>();
  const byImportId = new Map<string, string>();
  for (const result of results) {
    if (!result.resourceName) continue;
    const earlier = byName.get(result.resourceName);
    if (earlier !== undefined) {
      result.failures.push({ property: "", reason: `the resource name "${result.resourceName}" is already taken by ${earlier}. Rename one of the files.` });
    } else byName.set(result.resourceName, result.file);
    const importId = result.declaration.importId;
    if (typeof importId === "string") {
      const other = byImportId.get(importId);
      if (other !== undefined) {
        result.failures.push({ property: "importId", reason: `audience ${importId} is already adopted by ${other}. Keep one declaration per audience.` });
      } else byImportId.set(importId, result.file);
    }
  }
}

/** The 1-based line of the node a failure's property names, or of its nearest existing parent. */
function lineOf(document: Document, lineCounter: LineCounter, property: string): number | undefined {
  const segments = property
    .split(/[./[\]]+/)
    .filter((s) => s !== "")
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? document.contents : document.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The resource name a file stands for: its base name without the extension. */
export function resourceNameOf(file: string): string {
  const base = path.basename(file);
  const ext = path.extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** A failed result for a path that could not be read. */
function failed(file: string, reason: string): LoadedDeclaration {
  return { file, resourceName: resourceNameOf(file), declaration: {} as Declaration, failures: [{ property: "", reason }] };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}

function syntaxName(file: string): string {
  return path.extname(file).toLowerCase() === ".json" ? "JSON" : "YAML";
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** One line per failure: `file:line: property: reason` (line and property left out when unknown). */
export function formatFailures(loaded: readonly LoadedDeclaration[]): string[] {
  const lines: string[] = [];
  for (const result of loaded) {
    for (const failure of result.failures) {
      const where = failure.line !== undefined ? `${result.file}:${failure.line}` : result.file;
      lines.push(`${where}: ${failureText(failure)}`);
    }
  }
  return lines;
}

/** `property: reason`, or the reason alone when it starts with the property already (no "x: x must …"). */
function failureText({ property, reason }: DeclarationFileFailure): string {
  if (!property) return `(file): ${reason}`;
  return reason.startsWith(`${property} `) || reason.startsWith(`${property}: `) ? reason : `${property}: ${reason}`;
}

/** One valid declaration file, as {@link loadDeclarationsOrThrow} returns it. */
export interface DeclaredAudience {
  /** The Pulumi resource name: the file's base name without its extension. */
  resourceName: string;
  /** The file's path, as found. */
  file: string;
  /** The audience, typed by its `audienceType`, without `sharedWith`: ready for `new Audience(resourceName, declaration)`. */
  declaration: AudienceDeclaration;
  /**
   * Who the audience is shared with, when the file says so: declare it with
   * `new AudienceSharing(\`${resourceName}-sharing\`, sharingArgs(declaration, audience.id, sharedWith))`.
   */
  sharedWith?: SharedWith;
  /**
   * The file's `protect` and `retainOnDelete` (empty when it states neither): pass them as the audience's resource
   * options, `new Audience(resourceName, declaration, options)`.
   */
  options: DeclaredResourceOptions;
}

/**
 * Loads declarations for a program and throws one error listing every failure, so `pulumi preview` stops with
 * all problems at once. Returns the valid declarations with their resource names, each typed by its
 * `audienceType`, ready for `new Audience(resourceName, declaration)`; a file's `sharedWith` comes apart from its
 * declaration (an `Audience` refuses it), for an `AudienceSharing` (see {@link sharingArgs}).
 */
export function loadDeclarationsOrThrow(dirOrFiles: string | string[]): DeclaredAudience[] {
  const loaded = loadDeclarations(dirOrFiles);
  const problems = formatFailures(loaded);
  if (problems.length > 0) {
    // A RunError: Pulumi prints its message alone, without the "unhandled exception" preamble and stack trace.
    const { RunError } = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    throw new RunError(`Invalid audience declarations (${problems.length} problem(s)); fix them and run again:\n${problems.join("\n")}`);
  }
  // Every file passed schema.json, which is what AudienceDeclaration types (RULE_SHAPES is checked against it).
  return loaded.map((l) => {
    const { sharedWith, protect, retainOnDelete, ...declaration } = l.declaration;
    const entry: DeclaredAudience = { resourceName: l.resourceName, file: l.file, declaration: declaration as AudienceDeclaration, options: resourceOptionsOf({ protect, retainOnDelete }) };
    if (sharedWith !== undefined) entry.sharedWith = sharedWith;
    return entry;
  });
}

/** The options a file states, leaving out those it does not. */
function resourceOptionsOf(stated: DeclaredResourceOptions): DeclaredResourceOptions {
  const options: DeclaredResourceOptions = {};
  if (stated.protect !== undefined) options.protect = stated.protect;
  if (stated.retainOnDelete !== undefined) options.retainOnDelete = stated.retainOnDelete;
  return options;
}

/**
 * The arguments of the `AudienceSharing` of a declared audience: its owner ad account, the audience (e.g. the
 * `Audience`'s `id`, so Pulumi shares it once it exists) and the recipients. A list `sharedWith` leaves out stays
 * left out (not managed); a list it gives is the whole set of recipients of that kind.
 * @param declaration The audience's declaration (its `adAccountId` owns the audience).
 * @param audienceId The audience's id.
 * @param sharedWith Who it is shared with.
 */
export function sharingArgs(declaration: { adAccountId: string }, audienceId: pulumi.Input<string>, sharedWith: SharedWith): AudienceSharingArgs {
  const args: AudienceSharingArgs = { adAccountId: declaration.adAccountId, audienceId };
  if (sharedWith.adAccountIds !== undefined) args.recipientAdAccountIds = [...sharedWith.adAccountIds];
  if (sharedWith.businessIds !== undefined) args.recipientBusinessIds = [...sharedWith.businessIds];
  return args;
}

/** The declaration's fields in the written order, without `$schema` and without an empty description. */
function ordered(declaration: Declaration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = key === "sharedWith" ? orderedSharing(declaration.sharedWith) : declaration[key];
    if (value === undefined || value === null || (key === "description" && value === "")) continue;
    out[key] = value;
  }
  return out;
}

/** `sharedWith` with ad accounts first, or undefined when it gives no list. */
function orderedSharing(sharedWith: SharedWith | undefined): SharedWith | undefined {
  if (sharedWith === undefined || sharedWith === null) return undefined;
  const out: SharedWith = {};
  if (sharedWith.adAccountIds !== undefined) out.adAccountIds = sharedWith.adAccountIds;
  if (sharedWith.businessIds !== undefined) out.businessIds = sharedWith.businessIds;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A declaration as a YAML file. The first line is the yaml-language-server modeline
 * (`# yaml-language-server: $schema=<ref>`), which the VS Code YAML extension and other editors using that
 * server honour; a `$schema` key is not written (only recent releases of that server read it).
 * @param schemaRef URL or path (relative to the file) of schema.json; {@link DEFAULT_SCHEMA_REF} when left out.
 */
export function toYaml(declaration: Declaration, schemaRef: string = DEFAULT_SCHEMA_REF): string {
  return `# yaml-language-server: $schema=${schemaRef}\n${stringify(ordered(declaration), { lineWidth: 0 })}`;
}

/**
 * A declaration as a JSON file, with a `$schema` key (which editors honour in JSON files).
 * @param schemaRef URL or path (relative to the file) of schema.json; {@link DEFAULT_SCHEMA_REF} when left out.
 */
export function toJson(declaration: Declaration, schemaRef: string = DEFAULT_SCHEMA_REF): string {
  return `${JSON.stringify({ $schema: schemaRef, ...ordered(declaration) }, null, 2)}\n`;
}

/** Options of {@link toTypeScriptProgram}. */
export interface TypeScriptProgramOptions {
  /** The package to import `Audience` (and `AudienceSharing`) from; default `pulumi-pinterest-audiences`. */
  packageName?: string;
  /** A comment placed at the top of the file (one or more lines, without comment markers). */
  header?: string;
}

/**
 * A Pulumi program (index.ts) declaring each audience with `new Audience(resourceName, {...})`, in the order
 * given, with the declaration's `protect` and `retainOnDelete` as resource options. Declarations with `importId`
 * adopt existing audiences on the next `pulumi up`. An audience with sharing
 * (the entry's `sharedWith`, or its declaration's) is kept in a constant and followed by
 * `new AudienceSharing("<resourceName>-sharing", {...})` with that audience's `id` as `audienceId`.
 */
export function toTypeScriptProgram(
  entries: readonly { resourceName: string; declaration: Declaration; sharedWith?: SharedWith }[],
  options: TypeScriptProgramOptions = {},
): string {
  const lines: string[] = [];
  if (options.header) for (const line of options.header.split("\n")) lines.push(`// ${line}`.trimEnd());
  const shared = entries.map((entry) => orderedSharing(entry.sharedWith ?? entry.declaration.sharedWith));
  const imports = shared.some((s) => s !== undefined) ? "Audience, AudienceSharing" : "Audience";
  lines.push(`import { ${imports} } from ${JSON.stringify(options.packageName ?? "pulumi-pinterest-audiences")};`, "");
  const taken = new Set<string>();
  entries.forEach(({ resourceName, declaration }, i) => {
    const { sharedWith: _sharedWith, protect, retainOnDelete, ...audience } = declaration;
    void _sharedWith;
    const resourceOptions = resourceOptionsOf({ protect, retainOnDelete });
    const optionsArgument = Object.keys(resourceOptions).length > 0 ? `, ${tsLiteral(resourceOptions, "")}` : "";
    const created = `new Audience(${JSON.stringify(resourceName)}, ${tsLiteral(ordered(audience), "")}${optionsArgument});`;
    const sharing = shared[i];
    if (sharing === undefined) {
      lines.push(created, "");
      return;
    }
    const variable = variableName(resourceName, taken);
    const literal = tsLiteral(sharingArgs(declaration, AUDIENCE_ID, sharing), "").replace(JSON.stringify(AUDIENCE_ID), `${variable}.id`);
    lines.push(`const ${variable} = ${created}`, `new AudienceSharing(${JSON.stringify(`${resourceName}-sharing`)}, ${literal});`, "");
  });
  return lines.join("\n");
}

/** Stands for the audience's `.id` in a sharing literal until it is written as code. */
const AUDIENCE_ID = "\u0000audience-id\u0000";

/** Words a variable may not be named. */
const RESERVED_WORDS: ReadonlySet<string> = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if implements " +
    "import in instanceof interface let new null package private protected public return static super switch this throw true try typeof " +
    "var void while with yield await arguments eval undefined").split(" "),
);

/** A camelCase variable name for a resource name, unique among `taken` (which it joins). */
function variableName(resourceName: string, taken: Set<string>): string {
  const words = resourceName.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  let base = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("") || "audience";
  if (/^[0-9]/.test(base) || RESERVED_WORDS.has(base)) base = `audience${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/** JSON-like data as a TypeScript literal: identifier keys unquoted, two-space indentation. */
function tsLiteral(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => v === null || typeof v !== "object")) {
      const flat = `[${value.map((v) => tsLiteral(v, inner)).join(", ")}]`;
      if (flat.length <= 100) return flat;
    }
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    const body = keys.map((key) => {
      const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
      return `${inner}${name}: ${tsLiteral((value as Record<string, unknown>)[key], inner)},`;
    });
    return `{\n${body.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}
