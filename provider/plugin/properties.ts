/**
 * Property bags as the dynamic-provider plugin hands them over, for every resource type.
 */

/** The key under which Pulumi keeps the serialised provider in every resource's properties. */
export const PROVIDER_KEY = "__provider";

/** Declared inputs or recorded outputs, plus `__provider`. */
export type PropertyBag = Record<string, unknown>;

/** A copy of the bag without `__provider`. */
export function withoutProvider(bag: PropertyBag): PropertyBag {
  const copy: PropertyBag = { ...bag };
  delete copy[PROVIDER_KEY];
  return copy;
}

/** The bag's non-empty string field, or undefined. */
export function stringField(bag: PropertyBag | undefined, key: string): string | undefined {
  const value = bag?.[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A copy of `value` without its undefined fields. */
export function dropUndefined<T extends object>(value: T): PropertyBag {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
