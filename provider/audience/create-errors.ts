/**
 * The errors of an audience's create that failed: the engine prints only the error's message (or, when it records
 * the audience anyway, its reasons), so each names the audience, says what happened (with Pinterest's code and
 * message) and what to do next.
 */
import { PinterestApiError } from "../api/errors";
import { errorFields } from "../plugin/step-errors";
import type { ApiAudience } from "../api/types";
import type { AudienceInputs } from "./model";
import { PropertyBag, stringField, withoutProvider } from "../plugin/properties";
import { recordedDespiteFailure } from "../plugin/partial-failure";

/** What Pinterest answered, in a few words: "HTTP 503", "no answer in time", "a broken connection". */
function answerOf(error: PinterestApiError): string {
  if (error.status !== undefined) return `HTTP ${error.status}`;
  return error.kind === "timeout" ? "no answer in time" : "a broken connection";
}

/** Pinterest's own code and message, as " Pinterest says (code 1): …", or "". */
function pinterestSays(error: PinterestApiError): string {
  const code = error.code !== undefined ? ` (code ${error.code})` : "";
  if (error.apiMessage !== undefined) return ` Pinterest says${code}: ${error.apiMessage}`;
  return error.code !== undefined ? ` Pinterest error code ${error.code}.` : "";
}

/** The error of a create whose every attempt had an unknown outcome, each reconciled by a list that found nothing. */
export function notCreated(declared: AudienceInputs, error: PinterestApiError, attempts: number): PinterestApiError {
  return new PinterestApiError({
    ...errorFields(error),
    ambiguous: false,
    message:
      `Creating audience "${declared.name}" in ad account ${declared.adAccountId} failed: ${attempts} attempts got ${answerOf(error)}.${pinterestSays(error)} ` +
      `Listing the ad account after each attempt found no audience they had created, so none was created: run \`pulumi up\` again later.`,
  });
}

/**
 * The error of a create whose outcome is unknown and could not be checked (listing the account failed too).
 * It cannot carry an id, so the engine records nothing: the message says how to avoid creating the audience twice.
 */
export function unknownOutcome(declared: AudienceInputs, createError: PinterestApiError, listError: unknown, checks: number): Error {
  const listMessage = listError instanceof Error ? listError.message : String(listError);
  return new Error(
    `Creating audience "${declared.name}" in ad account ${declared.adAccountId} had an unknown outcome (${answerOf(createError)}${pinterestSays(createError)}), ` +
      `and listing the ad account to check whether it was created failed ${checks} times; the last time: ${listMessage} ` +
      `The audience may exist now. Before running \`pulumi up\` again, look for "${declared.name}" ` +
      `(\`pinterest-audiences list --ad-account ${declared.adAccountId}\` or Ads Manager): if it is there, add \`importId: "<its id>"\` ` +
      `to its declaration so it is adopted instead of created a second time.`,
  );
}

/**
 * An error that tells the engine the audience exists although the step failed, so it is recorded, not orphaned
 * (see ../plugin/partial-failure.ts).
 */
export function partialFailure(created: ApiAudience, news: PropertyBag, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const outputs = { ...withoutProvider(news), audienceId: created.id, adAccountId: stringField(news, "adAccountId") };
  return recordedDespiteFailure(`Audience ${created.id} was created, but finishing the step failed: ${message}`, created.id, outputs, news);
}
