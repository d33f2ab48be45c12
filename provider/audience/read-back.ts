/**
 * The read-back after an update: what Pinterest holds must match the declaration.
 *
 * The PATCH's answer is trusted only when it shows the declaration. The description leaves that answer open (it may
 * lag the change, or leave the rule out), and the Python SDK's `update_fields` does not trust it either: it reads
 * the audience again. So any other answer is confirmed with a GET, and only what that read still shows is reported.
 *
 * A Pinterest that merges a new rule into the old one, rather than replacing it, keeps a rule field the declaration
 * removed. Recording success then would leave a change that every later plan shows again and no `up` ever makes.
 * Instead the step fails, naming each field that still differs and the way out, and the audience is recorded as
 * Pinterest holds it (so the plan shows the real difference).
 */
import type { ApiAudience } from "../api/types";
import { AudienceInputs, fieldDifferences, FieldDifference, isRemovedAudience } from "./model";
import type { PropertyBag } from "../plugin/properties";
import { outputsOf } from "./outputs";
import { subjectOf } from "./subject";
import { recordedDespiteFailure } from "../plugin/partial-failure";

/**
 * The outputs to record after an update, or throws (with the audience's id and live outputs, so the engine records
 * them) when `answered` still differs from the declaration.
 * @param id The audience id.
 * @param answered The audience as Pinterest holds it after the update.
 * @param declared The declaration.
 * @param news The declaration as the plugin handed it (`__provider` included).
 */
export function readBack(id: string, answered: ApiAudience, declared: AudienceInputs, news: PropertyBag): PropertyBag {
  const outs = outputsOf(answered, declared);
  const left = fieldDifferences(declared, outs as unknown as AudienceInputs);
  if (left.length === 0) return outs;
  const message = updateNotApplied(subjectOf(news, id), left);
  throw recordedDespiteFailure(message, id, outs, news);
}

/**
 * The outputs to record after an update, judged by what Pinterest holds: the PATCH's answer when it shows the
 * declaration, else the audience read again. Throws as {@link readBack} when the read still differs.
 * @param id The audience id.
 * @param answered Pinterest's answer to the update.
 * @param declared The declaration.
 * @param news The declaration as the plugin handed it (`__provider` included).
 * @param reread Reads the audience (a GET); undefined when it is not found.
 */
export async function confirmedReadBack(
  id: string,
  answered: ApiAudience,
  declared: AudienceInputs,
  news: PropertyBag,
  reread: () => Promise<ApiAudience | undefined>,
): Promise<PropertyBag> {
  const outs = outputsOf(answered, declared);
  if (fieldDifferences(declared, outs as unknown as AudienceInputs).length === 0) return outs;
  const live = await reread();
  if (!live || isRemovedAudience(live)) {
    throw new Error(
      `Updating ${subjectOf(news, id)}: Pinterest accepted the update, but reading the audience right after finds it gone (removed meanwhile). ` +
        "Run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again.",
    );
  }
  return readBack(id, live, declared, news);
}

/** How a declared value reads in a message: JSON, or "(not set)". */
function shown(value: unknown): string {
  return value === undefined ? "(not set)" : JSON.stringify(value);
}

/** The message of an update Pinterest answered without applying it whole. */
export function updateNotApplied(subject: string, left: FieldDifference[]): string {
  const fields = left.map((d) => d.field);
  const lines = left.map((d) => `${d.field}: declared ${shown(d.declared)}, Pinterest holds ${shown(d.live)}`);
  const removed = left.filter((d) => d.field.startsWith("rule.") && d.declared === undefined).map((d) => d.field);
  const why =
    removed.length > 0
      ? ` Pinterest kept ${removed.join(", ")}, which the declaration removed: it merged the new rule into the old one instead of replacing it.`
      : "";
  return (
    `Updating ${subject} did not take effect: after the update Pinterest still differs from the declaration in ${fields.join(", ")} (${lines.join("; ")}).${why} ` +
    "To get the audience as declared, recreate it: `pulumi up --replace <its URN>` (`pulumi stack --show-urns` lists the URNs). " +
    `Or declare what Pinterest holds (${fields.join(", ")}) so that nothing differs.`
  );
}
