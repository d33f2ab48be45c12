/**
 * JSON-like data helpers of the audience model: copies that never alias their inputs, own `__proto__` keys kept as
 * plain data, digit strings read as counts.
 */

/** Whether `value` has `key` as an own property. */
export const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** Copies JSON-like data so results never alias their inputs; own `__proto__` keys stay plain data. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      defineData(copy, key, cloneJson((value as Record<string, unknown>)[key]));
    }
    return copy as T;
  }
  return value;
}

/** Sets an own data property, also for keys such as `__proto__` that plain assignment would treat specially. */
export function defineData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A digit string becomes its integer; anything else is left as it is (validation reports it). */
export function toCount(value: unknown): unknown {
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return Number(value);
  return value;
}
