/**
 * Adoption (`importId`) made visible before `up`: how an existing audience differs from the declaration that would
 * adopt it, field by field with both values, and whether a check may read it.
 *
 * `check` runs at preview as at up. Every other check makes no request and needs no credentials; an adoption is the
 * exception: when credentials are present and the resource is not in the stack yet, check reads the audience (one
 * GET) so that a declaration that does not match fails the preview of the pull request, not the `up` after merge.
 */
import type { ApiAudience } from "../api/types";
import { AudienceInputs, fieldDifferences, isRemovedAudience, withUnechoedFields } from "./model";
import { declarationOf } from "./outputs";

/** One reason an existing audience cannot be adopted by a declaration, as a check failure. */
export interface AdoptionProblem {
  /** The declared property at fault (`rule.retentionDays`, `importId`, …). */
  property: string;
  /** What differs, with both values, and what to do. */
  reason: string;
}

/**
 * Why `live` cannot be adopted by `declared` (empty when it can): missing or removed, or each field that differs
 * with the declared value and Pinterest's. A rule field Pinterest does not echo counts as declared.
 * @param live The audience `importId` names, or undefined when Pinterest has none.
 * @param declared The declaration.
 * @param importId The audience id.
 */
export function adoptionProblems(live: ApiAudience | undefined, declared: AudienceInputs, importId: string): AdoptionProblem[] {
  if (!live || isRemovedAudience(live)) {
    return [
      {
        property: "importId",
        reason: `importId ${importId}: ad account ${declared.adAccountId} has no such audience. Check importId and adAccountId.`,
      },
    ];
  }
  const existing = withUnechoedFields(declarationOf(live), declared);
  return fieldDifferences(declared, existing).map(({ field, declared: want, live: have }) => ({
    property: field,
    reason:
      `${field} is declared ${show(want)}, but audience ${importId} has ${show(have)}: to adopt it, declare it as it is ` +
      "(`pinterest-audiences import` writes the declaration), then change it in a later update",
  }));
}

/** The error of an adoption that cannot be made: every problem, one per line. */
export function adoptionError(problems: readonly AdoptionProblem[], importId: string): Error {
  return new Error(`Cannot adopt audience ${importId}: ${problems.map((p) => p.reason.replace(/\.$/, "")).join("; ")}.`);
}

/** The line a preview prints for a declaration that adopts: the step creates nothing at Pinterest. */
export function adoptionNotice(news: Record<string, unknown>, importId: string): string {
  const name = typeof news.name === "string" ? ` "${news.name}"` : "";
  return `Audience${name}: adopts the existing audience ${importId} of ad account ${String(news.adAccountId)}; the create step sends no create request.`;
}

function show(value: unknown): string {
  return value === undefined || value === null || value === "" ? "(not set)" : JSON.stringify(value);
}
