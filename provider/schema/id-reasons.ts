/**
 * Why a value is not a Pinterest id where one belongs: an id written with leading zeros, or given as a number
 * (unquoted in YAML or JSON); and which schema nodes stand for an id.
 */
import { canonicalPinterestId } from "../api/ids";
import type { Compiled } from "./loader";
import { quote } from "./render";
import { ID_REF, type SchemaNode } from "./schema-node";

/**
 * Whether a schema node stands for a Pinterest id: the id definition itself (as ajv reports an error inside it), or
 * (visitorSourceId) a choice including it.
 */
export function isIdSchema(schema: Compiled, node: SchemaNode): boolean {
  if (node === schema.id.node || (node.pattern === schema.id.node.pattern && node.type === schema.id.node.type)) return true;
  return Array.isArray(node.anyOf) && (node.anyOf as SchemaNode[]).some((branch) => branch.$ref === ID_REF);
}

/**
 * A digit string written with leading zeros where an id belongs (or, in a list, the first such item): the keys
 * leading to it, what was written, and the id it stands for ("0" when it is all zeros). Undefined for any other value.
 */
export function zeroPaddedIn(schema: Compiled, data: unknown): { keys: string[]; value: string; canonical: string } | undefined {
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
export function zeroPaddedReason(name: string, value: string, canonical: string): string {
  if (canonical === "0") {
    return `${name} is not an id: Pinterest ids start with a digit from 1 to 9 (no id is 0); write the id as Pinterest shows it; got ${quote(value)}`;
  }
  return `${name} must not start with 0 (Pinterest writes ids without leading zeros and reads ${quote(value)} as ${canonical}): write "${canonical}"`;
}

/**
 * The reason for an id given as a number: YAML and JSON read an unquoted id as a number, which is not a digit
 * string and loses digits past 2^53 (any 17- or 18-digit id may be rounded). Quotes what was written when known.
 */
export function unquotedId(property: string, expects: string | undefined, value: number, source: string | undefined): string {
  const written = source !== undefined && /^[+-]?\d+$/.test(source.trim()) ? source.trim() : undefined;
  const rounded = written !== undefined ? written.replace(/^\+/, "") !== String(value) : !Number.isSafeInteger(value);
  // What was written, as Pinterest writes it: an unquoted 0111 is quoted as "111".
  const digits =
    written !== undefined ? canonicalPinterestId(written.replace(/^\+/, "")) : Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  const example = digits !== undefined && digits !== "0" ? `, e.g. "${digits}"` : " exactly as Pinterest shows it";
  const got =
    written !== undefined
      ? `got ${written} without quotes${rounded ? `, which is read as the number ${String(value)}, not the id written` : ", which is read as a number"}`
      : `got the number ${String(value)}${rounded ? ", which has lost digits" : ""}`;
  return `${property} must be ${expects ?? "a digit string"}, written as a quoted string: put the id in quotes${example}; ${got}`;
}
