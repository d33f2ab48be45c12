/**
 * The guard before ajv: a declaration nesting too deep or holding too many values is refused, without recursion, so
 * no input can exhaust the stack or the time of a check.
 */
import { renderPath } from "./render";
import type { DeclarationFailure } from "./validate";

/** Deeper nesting than this is junk; checked before ajv so no input can exhaust the stack. */
const MAX_DEPTH = 32;

/** More values than this is junk (and bounds the depth walk over shared or cyclic references). */
export const MAX_VALUES = 200_000;

/** Rejects nesting deeper than MAX_DEPTH and more than MAX_VALUES values, without recursion. */
export function checkShape(declaration: Record<string, unknown>): DeclarationFailure[] {
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
