/**
 * Property bags as the dynamic-provider plugin hands them over, and the outputs the provider records.
 */
import type { ApiAudience } from "../api/types";
import { AudienceInputs, fromApiAudience, withUnechoedFields } from "./model";

/** The key under which Pulumi keeps the serialised provider in every resource's properties. */
export const PROVIDER_KEY = "__provider";

/** Declared inputs or recorded outputs, plus `__provider`. */
export type PropertyBag = Record<string, unknown>;

/**
 * The outputs recorded for an audience: its declaration as Pinterest holds it plus the read-only fields.
 * @param audience Pinterest's answer.
 * @param known What was sent or last recorded: stands for rule fields Pinterest did not echo (see withUnechoedFields).
 */
export function outputsOf(audience: ApiAudience, known?: AudienceInputs): PropertyBag {
  return dropUndefined({ ...withUnechoedFields(fromApiAudience(audience), known) });
}

/** The live audience as a declaration: the inputs an audience read with `Audience.get` starts with. */
export function declarationOf(audience: ApiAudience): AudienceInputs {
  const { adAccountId, name, description, audienceType, rule } = fromApiAudience(audience);
  return dropUndefined({ adAccountId, name, description, audienceType, rule }) as unknown as AudienceInputs;
}

/** A bag as a declaration (the model ignores the fields it does not compare). */
export function asInputs(bag: PropertyBag): AudienceInputs {
  return withoutProvider(bag) as unknown as AudienceInputs;
}

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

function dropUndefined<T extends object>(value: T): PropertyBag {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
