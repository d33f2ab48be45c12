/**
 * An audience's property bags: the outputs the provider records, and a bag read as a declaration.
 */
import type { ApiAudience } from "../api/types";
import { dropUndefined, PropertyBag, withoutProvider } from "../plugin/properties";
import { AudienceInputs, fromApiAudience, withUnechoedFields } from "./model";

/**
 * What Pinterest changes on its own (the audience's size and status, and the time of its last update): not recorded,
 * so that a refresh shows as drift only what was declared. `pinterest-audiences list` shows them live.
 */
export const UNRECORDED_FIELDS = ["size", "status", "updatedTimestamp"] as const;

/**
 * The outputs recorded for an audience: its declaration as Pinterest holds it plus the read-only fields that do not
 * change ({@link UNRECORDED_FIELDS} are left out).
 * @param audience Pinterest's answer.
 * @param known What was sent or last recorded: stands for rule fields Pinterest did not echo (see withUnechoedFields).
 */
export function outputsOf(audience: ApiAudience, known?: AudienceInputs): PropertyBag {
  const outputs: PropertyBag = { ...withUnechoedFields(fromApiAudience(audience), known) };
  for (const field of UNRECORDED_FIELDS) delete outputs[field];
  return dropUndefined(outputs);
}

/** The properties of a declaration that Pinterest holds (every input but `importId`). */
export const DECLARED_FIELDS = ["adAccountId", "name", "description", "audienceType", "rule"] as const satisfies readonly (keyof AudienceInputs)[];

/** The live audience as a declaration: the inputs an audience read with `Audience.get` starts with. */
export function declarationOf(audience: ApiAudience): AudienceInputs {
  const { adAccountId, name, description, audienceType, rule } = fromApiAudience(audience);
  return dropUndefined({ adAccountId, name, description, audienceType, rule }) as unknown as AudienceInputs;
}

/** A bag as a declaration (the model ignores the fields it does not compare). */
export function asInputs(bag: PropertyBag): AudienceInputs {
  return withoutProvider(bag) as unknown as AudienceInputs;
}
