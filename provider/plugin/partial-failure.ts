/**
 * A step that failed after a write took effect, for every resource type. Pulumi records a failed create or update
 * only when its error carries the resource's `id` and the `properties` to record, and then prints the error's
 * `reasons` instead of its message (seen through the real CLI, test/e2e/stand-in-agrees.test.ts). Without them the
 * engine keeps the old record: a created audience would be orphaned, a recipient shared half-way forgotten.
 */
import { PROVIDER_KEY, PropertyBag } from "./properties";

/** An error the engine records a resource from: its id, its outputs and the reasons it prints. */
export type RecordedFailure = Error & { id: string; properties: PropertyBag; reasons: string[] };

/**
 * `error` (or a new error with this message), carrying what the engine records despite the failure.
 * @param error The step's error, kept as it is (its class and fields) with the record added; or the message.
 * @param id The resource's id.
 * @param outputs What the resource holds as far as the step went.
 * @param news The declaration as the plugin handed it: its `__provider` is recorded too, without which a later
 *   refresh or delete of the recorded resource could not load the provider.
 */
export function recordedDespiteFailure(error: Error | string, id: string, outputs: PropertyBag, news: PropertyBag): RecordedFailure {
  const failed = typeof error === "string" ? new Error(error) : error;
  return Object.assign(failed, { id, properties: { ...outputs, [PROVIDER_KEY]: news[PROVIDER_KEY] }, reasons: [failed.message] });
}
