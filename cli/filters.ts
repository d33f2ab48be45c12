/** The `--type` and `--name` filters of `import` and `list`. */
import { AUDIENCE_TYPES } from "../provider/api";
import type { AudienceOutputs } from "../provider/audience/model";
import { UsageError } from "./io";

/** Keeps an audience or not. */
export type AudienceFilter = (audience: AudienceOutputs) => boolean;

/**
 * A name pattern: `/regex/flags` is a regular expression; anything else is a case-insensitive substring.
 * A bad regular expression is a {@link UsageError}.
 */
export function namePattern(pattern: string): (name: string) => boolean {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex[1], regex[2]);
    } catch (error) {
      throw new UsageError(`--name ${pattern} is not a valid regular expression: ${(error as Error).message}.`);
    }
    return (name) => {
      compiled.lastIndex = 0;
      return compiled.test(name);
    };
  }
  const needle = pattern.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

/**
 * Keeps audiences of any of `types` (all when empty) whose name matches any of `names` (all when empty).
 * An unknown type is a {@link UsageError}.
 */
export function audienceFilter(types: string[], names: string[]): AudienceFilter {
  const wanted = new Set(types.map((t) => t.toUpperCase()));
  for (const type of wanted) {
    if (!(AUDIENCE_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--type ${type} is not an audience type; use one of ${AUDIENCE_TYPES.join(", ")}.`);
    }
  }
  const matchers = names.map(namePattern);
  return (audience) => (wanted.size === 0 || wanted.has(audience.audienceType)) && (matchers.length === 0 || matchers.some((m) => m(audience.name)));
}
