/**
 * Loading declaration files: the files a path stands for, each read, parsed and validated against schema.json
 * (never throwing on a bad one), files sharing a resource name or an `importId` flagged, and failures as lines.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LineCounter, isScalar, parseAllDocuments } from "yaml";
import { ownerAsRecipient } from "../sharing/model";
import { validateDeclaration } from "../schema/validate";
import { firstLine, jsonSyntaxFailure, lineOf, syntaxName } from "./parse";
import { errorCode, readDeclarationFile } from "./read";
import type { Declaration, DeclarationFileFailure, LoadedDeclaration, LoadOptions } from "./types";

/** File extensions read from a directory: YAML and JSON. */
export const DECLARATION_EXTENSIONS: readonly string[] = [".yaml", ".yml", ".json"];

/** What a resource name (a declaration file's base name) may consist of. */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

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
      reason:
        list.length === 0
          ? "the file is empty: write one audience declaration in it."
          : `it holds ${list.length} documents; write one declaration per file.`,
    });
    return result;
  }
  const document = list[0];
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    result.failures.push({
      property: "",
      reason: `cannot be read as data: ${error instanceof Error ? error.message : String(error)}. Avoid YAML aliases.`,
    });
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

/** Flags files sharing a resource name or an `importId` with an earlier file. */
function markDuplicates(results: LoadedDeclaration[]): void {
  const byName = new Map<string, string>();
  const byImportId = new Map<string, string>();
  for (const result of results) {
    if (!result.resourceName) continue;
    const earlier = byName.get(result.resourceName);
    if (earlier !== undefined) {
      result.failures.push({
        property: "",
        reason: `the resource name "${result.resourceName}" is already taken by ${earlier}. Rename one of the files.`,
      });
    } else byName.set(result.resourceName, result.file);
    const importId = result.declaration.importId;
    if (typeof importId === "string") {
      const other = byImportId.get(importId);
      if (other !== undefined) {
        result.failures.push({
          property: "importId",
          reason: `audience ${importId} is already adopted by ${other}. Keep one declaration per audience.`,
        });
      } else byImportId.set(importId, result.file);
    }
  }
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
