/**
 * The ids a `get` names (`Audience.get`, `AudienceSharing.get`), held to the rule declarations follow. The engine
 * sends a `get` straight to the provider's read, with no check before it, so the rule is applied there.
 */
import { idProblem } from "../schema/validate";

/**
 * Throws, before any request, unless every id is a Pinterest id as schema.json defines one (no leading zero:
 * Pinterest would answer "0111" as 111, and the state would hold an id that never matches its answers).
 * @param subject What is read, as the message names it, e.g. "the audience Audience.get names".
 * @param ids The ids by how each reads in the message, e.g. `{ "its id": "0111", adAccountId: "…" }`.
 */
export function refuseMalformedLookup(subject: string, ids: Record<string, unknown>): void {
  const problems = Object.entries(ids).flatMap(([name, value]) => idProblem(value, name) ?? []);
  if (problems.length > 0) throw new Error(`Cannot read ${subject}: ${problems.join("; ")}. Nothing was read.`);
}
