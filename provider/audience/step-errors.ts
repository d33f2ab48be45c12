/**
 * How a failed step reads in Pulumi's output: the engine prints only the error's message, so each message
 * names the audience, says what happened (with Pinterest's code and message) and what to do next.
 */
import { PinterestApiError, type PinterestApiErrorInit } from "../api/errors";
import type { ApiAudience } from "../api/types";
import type { AudienceInputs } from "./model";
import { PROVIDER_KEY, PropertyBag, stringField, withoutProvider } from "./properties";

/** `audience "Name" (123)`, or what is known of it: how errors name the audience a step is about. */
export function subjectOf(bag: PropertyBag, id: string | undefined): string {
  const name = stringField(bag, "name");
  if (name === undefined) return `audience ${id ?? "(no id yet)"}`;
  return id ? `audience "${name}" (${id})` : `audience "${name}"`;
}

/** The fields of a {@link PinterestApiError}, to build another one from. */
export function errorFields(error: PinterestApiError): PinterestApiErrorInit {
  return {
    message: error.message,
    kind: error.kind,
    operation: error.operation,
    status: error.status,
    code: error.code,
    apiMessage: error.apiMessage,
    adAccountId: error.adAccountId,
    audienceId: error.audienceId,
    retryAfterSeconds: error.retryAfterSeconds,
    ambiguous: error.ambiguous,
    attempts: error.attempts,
  };
}

/**
 * What a Pulumi user does next, where the client's advice does not fit the provider (its options are not
 * settable through stack config; the engine re-runs failed steps on the next `up`), or "".
 */
export function pulumiNextStep(error: PinterestApiError): string {
  if (error.status === 429) return " With Pulumi, run `pulumi up` again later (it retries only what failed), or lower `pulumi up --parallel`.";
  const retryable = error.kind === "timeout" || error.kind === "network" || (error.status !== undefined && error.status >= 500);
  if (retryable && (error.operation === "audiences/update" || error.operation === "audiences/remove")) {
    return " With Pulumi, run `pulumi up` again later: it sends the change again, which is safe to repeat.";
  }
  return "";
}

/**
 * The step's error, its message starting with what was being done to which audience (the engine prints only
 * the message), keeping the error's fields, and a partial failure's `id`, `properties` and `reasons`.
 */
export function aboutAudience(action: string, subject: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const named = message.includes(subject) ? message : `${action} ${subject} failed: ${message}`;
  if (error instanceof PinterestApiError) {
    const next = pulumiNextStep(error);
    if (named === message && next === "") return error;
    return new PinterestApiError({ ...errorFields(error), message: named + next });
  }
  if (named === message) return error instanceof Error ? error : new Error(message);
  const wrapped = new Error(named, { cause: error });
  if (error instanceof Error) {
    for (const key of ["id", "properties", "reasons"] as const) if (key in error) Object.assign(wrapped, { [key]: (error as unknown as Record<string, unknown>)[key] });
  }
  return wrapped;
}

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
 * An error that tells the engine the audience exists although the step failed, so it is recorded, not orphaned.
 * Its properties carry `__provider`: the plugin records them as the outputs as they are, and without it a later
 * refresh or delete of the recorded audience could not load the provider.
 */
export function partialFailure(created: ApiAudience, news: PropertyBag, error: unknown): Error {
  const adAccountId = stringField(news, "adAccountId");
  const message = error instanceof Error ? error.message : String(error);
  const full = `Audience ${created.id} was created, but finishing the step failed: ${message}`;
  // The engine prints the reasons of a partial failure, not the error's message: both say it all.
  return Object.assign(new Error(full), {
    id: created.id,
    properties: { ...withoutProvider(news), audienceId: created.id, adAccountId, [PROVIDER_KEY]: news[PROVIDER_KEY] },
    reasons: [full],
  });
}

/** True for Pinterest's 404: the audience does not exist (any more). */
export function isNotFound(error: unknown): boolean {
  return error instanceof PinterestApiError && error.status === 404;
}
