/**
 * How a failed step reads in Pulumi's output, for every resource type: the engine prints only the error's message,
 * so each message names the resource, says what happened (with Pinterest's code and message) and what to do next.
 */
import { PinterestApiError, type PinterestApiErrorInit } from "../api/errors";

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
 * The step's error, its message starting with what was being done to which resource (the engine prints only
 * the message), keeping the error's fields, and a partial failure's `id`, `properties` and `reasons`.
 */
export function aboutStep(action: string, subject: string, error: unknown): Error {
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
    for (const key of ["id", "properties", "reasons"] as const)
      if (key in error) Object.assign(wrapped, { [key]: (error as unknown as Record<string, unknown>)[key] });
  }
  return wrapped;
}

/** True for Pinterest's 404: the audience does not exist (any more). */
export function isNotFound(error: unknown): boolean {
  return error instanceof PinterestApiError && error.status === 404;
}
