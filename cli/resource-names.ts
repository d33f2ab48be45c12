/** Pulumi resource names for imported audiences: slugs of the audience names, unique within one import. */
import type { AudienceOutputs } from "../provider/audience/model";

/** Longest slug kept before a suffix is added. */
const MAX_SLUG_LENGTH = 60;

/**
 * A resource name from an audience name: lowercase ASCII letters and digits joined by `-` (accents dropped,
 * every other run of characters one `-`), at most 60 characters; `audience` when nothing is left.
 */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "audience" : slug;
}

/**
 * Unique resource names for audiences, in the order given. Audiences whose names slugify alike are told
 * apart by their ids: the one with the smallest id keeps the plain slug, the others get `-<audienceId>`,
 * so a name does not depend on the order Pinterest lists them in.
 */
export function resourceNames(audiences: readonly AudienceOutputs[]): string[] {
  const slugs = audiences.map((a) => slugify(a.name));
  const owner = new Map<string, string>();
  audiences.forEach((audience, i) => {
    const current = owner.get(slugs[i]);
    if (current === undefined || compareIds(audience.audienceId, current) < 0) owner.set(slugs[i], audience.audienceId);
  });
  const taken = new Set<string>();
  return audiences.map((audience, i) => {
    let name = owner.get(slugs[i]) === audience.audienceId ? slugs[i] : `${slugs[i]}-${audience.audienceId}`;
    for (let n = 2; taken.has(name); n++) name = `${slugs[i]}-${audience.audienceId}-${n}`;
    taken.add(name);
    return name;
  });
}

/** Compares digit-string ids numerically. */
function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
