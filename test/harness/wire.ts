/**
 * Property values as they travel between the SDK, the engine and a provider plugin: JSON
 * values inside a google.protobuf.Struct, where a secret is an object carrying Pulumi's
 * special signature key and an unknown (a value not known during preview) is a sentinel string.
 * The helpers mirror what the engine does when it marshals for a plugin (sdk/go/common/
 * resource/plugin/rpc.go and provider_plugin.go).
 */

/** A JSON value as found in a google.protobuf.Struct. */
export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

/** A property map: the top level of a Struct. */
export type WireMap = { [key: string]: WireValue };

/** The key that marks a special object (secret, asset, resource reference). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The signature value of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The string that stands for an unknown value during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function isObject(v: WireValue | undefined): v is { [key: string]: WireValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True when `v` is a secret wrapper `{[SIG_KEY]: SECRET_SIG, value}`. */
export function isSecret(v: WireValue | undefined): v is { [key: string]: WireValue } {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** Wraps `v` as a secret (the engine's `resource.MakeSecret`). */
export function makeSecret(v: WireValue): WireValue {
  return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

/** True when `v` is, or holds anywhere inside, a secret. */
export function containsSecrets(v: WireValue | undefined): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

/** True when `v` is, or holds anywhere inside, an unknown. */
export function containsUnknowns(v: WireValue | undefined): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (isObject(v)) return Object.values(v).some(containsUnknowns);
  return false;
}

/**
 * Marshals a value for a plugin that does not accept secrets (the dynamic provider answers
 * Configure with acceptSecrets=false): secrets become their plain value. With
 * `keepUnknowns` false, unknown properties are left out, as the engine's marshaller skips them.
 */
export function forPlugin(v: WireValue, keepUnknowns: boolean): WireValue | undefined {
  if (v === UNKNOWN && !keepUnknowns) return undefined;
  if (isSecret(v)) return forPlugin(v.value ?? null, keepUnknowns);
  if (Array.isArray(v)) return v.map((e) => forPlugin(e, keepUnknowns) ?? null);
  if (isObject(v)) {
    const out: WireMap = {};
    for (const [k, e] of Object.entries(v)) {
      const m = forPlugin(e, keepUnknowns);
      if (m !== undefined) out[k] = m;
    }
    return out;
  }
  return v;
}

/** `forPlugin` for a whole property map. */
export function mapForPlugin(m: WireMap, keepUnknowns: boolean): WireMap {
  return forPlugin(m, keepUnknowns) as WireMap;
}

/**
 * Copies "secretness" from `ins` to `outs` by property name, recursing where both are objects:
 * the engine's `annotateSecrets`, applied to results from a plugin that cannot see secrets.
 */
export function annotateSecrets(outs: WireMap, ins: WireMap): WireMap {
  const result: WireMap = { ...outs };
  for (const [k, inValue] of Object.entries(ins)) {
    if (!(k in result)) continue;
    const outValue = result[k];
    const inPlain = isSecret(inValue) ? undefined : inValue;
    if (isObject(outValue) && !isSecret(outValue) && isObject(inPlain)) {
      result[k] = annotateSecrets(outValue, inPlain);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[k] = makeSecret(outValue);
    }
  }
  return result;
}

/** Deep equality of two wire values. */
export function deepEqual(a: WireValue | undefined, b: WireValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((e, i) => deepEqual(e, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Top-level keys whose values differ between two maps (the engine's `PropertyMap.Diff` keys). */
export function changedKeys(olds: WireMap, news: WireMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !deepEqual(olds[k], news[k])).sort();
}

/** Returns `v` with every secret replaced by its plain value (for reading state in tests). */
export function reveal(v: WireValue): WireValue {
  return forPlugin(v, true) ?? null;
}
