/**
 * YAML and JSON syntax of declaration files: which syntax a file is written in, JSON syntax errors with their line,
 * the first line of a parser's message, and the line a failure's property stands on.
 */
import * as path from "node:path";
import { LineCounter, isNode, type Document } from "yaml";
import type { DeclarationFileFailure } from "./types";

/**
 * A JSON syntax error as a failure, with its line when the engine reports a position (YAML, a superset of
 * JSON, would accept some invalid JSON such as a missing value).
 */
export function jsonSyntaxFailure(text: string): DeclarationFileFailure | undefined {
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

/** The 1-based line of the node a failure's property names, or of its nearest existing parent. */
export function lineOf(document: Document, lineCounter: LineCounter, property: string): number | undefined {
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

export function syntaxName(file: string): string {
  return path.extname(file).toLowerCase() === ".json" ? "JSON" : "YAML";
}

export function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
