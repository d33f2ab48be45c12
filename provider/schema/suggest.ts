/**
 * "Did you mean" for a value outside an enum: a name the schema lists as another word for one of its values
 * (`x-aliases`, e.g. LOOKALIKE for ACTALIKE), else the one value written nearly the same (case, separators, or up
 * to two letters apart).
 */

/** Most letters apart a value may be from an allowed one to be suggested. */
const MAX_DISTANCE = 2;

/**
 * The allowed value `given` most likely means, or undefined.
 * @param given What was written.
 * @param allowed The enum's values.
 * @param aliases Other words for allowed values, from the schema's `x-aliases` (upper case).
 */
export function suggestValue(given: string, allowed: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const normal = normalise(given);
  const alias = aliases[normal];
  if (alias !== undefined && allowed.includes(alias)) return alias;
  let best: { value: string; distance: number } | undefined;
  for (const value of allowed) {
    const distance = editDistance(normal, normalise(value));
    if (distance <= MAX_DISTANCE && (best === undefined || distance < best.distance)) best = { value, distance };
  }
  return best?.value;
}

/** Upper case, with spaces and dashes as underscores. */
function normalise(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
