/**
 * Generating a Pulumi program in TypeScript from declarations: `new Audience(...)` for each, with its resource
 * options, and `new AudienceSharing(...)` for an audience that is shared.
 */
import { resourceOptionsOf, sharingArgs } from "./program";
import type { Declaration, SharedWith } from "./types";
import { ordered, orderedSharing } from "./write";

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
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if implements " +
    "import in instanceof interface let new null package private protected public return static super switch this throw true try typeof " +
    "var void while with yield await arguments eval undefined"
  ).split(" "),
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
