/**
 * Rendering in failure messages: property paths (`rule.seedId[0]`) from JSON pointers and keys, quoted text with
 * invisible characters shown, and short descriptions of values.
 */

/** Longest key or value quoted in a failure. */
const QUOTE_LIMIT = 40;

/** Splits a JSON pointer such as `/rule/seedId/0` into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Renders segments as `rule.seedId[0]`; indexes of arrays in `data` in brackets, odd keys quoted. */
export function renderPath(segments: string[], data?: unknown): string {
  let out = "";
  let current: unknown = data;
  for (const segment of segments) {
    const isIndex = Array.isArray(current) && /^\d+$/.test(segment);
    if (isIndex || (data === undefined && /^\d+$/.test(segment))) out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) && segment.length <= QUOTE_LIMIT) out += out === "" ? segment : `.${segment}`;
    else out += `[${quote(segment)}]`;
    current =
      current !== null && typeof current === "object" && Object.prototype.hasOwnProperty.call(current, segment)
        ? (current as Record<string, unknown>)[segment]
        : undefined;
  }
  return out;
}

/** A string in JSON quotes, shortened to QUOTE_LIMIT characters; invisible characters shown as \u escapes. */
export function quote(text: string): string {
  const shown = (part: string): string =>
    JSON.stringify(part).replace(INVISIBLE, (char) =>
      char
        .split("")
        .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .join(""),
    );
  return text.length > QUOTE_LIMIT ? `${shown(text.slice(0, QUOTE_LIMIT))}… (${text.length} characters)` : shown(text);
}

/** Characters a reader cannot see: format characters (zero-width space, joiners, bidi marks) and other default-ignorables. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** A short description of a value for a failure reason; never the whole of a big value. */
export function describe(value: unknown): string {
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
