/**
 * An audience's property bags: the outputs the provider records, and a bag read as a declaration.
 */
import type { ApiAudience } from "../api/types";
import { dropUndefined, PropertyBag, withoutProvider } from "../engine/properties";
import { AudienceInputs, fromApiAudience, withUnechoedFields } from "./model";

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
