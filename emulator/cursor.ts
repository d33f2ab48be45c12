/**
 * Keyset pagination shared by the emulator's list calls: opaque bookmarks that name the list they belong to
 * (ad account, order, audience, ...) and the key of the last item handed out, so a page never repeats or skips
 * an item when others are added or removed between calls.
 */
import { badRequest } from "./errors";

/** A sort key: digit strings joined by "." (an id, or a time and an id), compared number by number. */
export type SortKey = string;

const KEY = /^\d+(\.\d+)*$/;

/** Compares two sort keys part by part as integers. */
export function compareKeys(a: SortKey, b: SortKey): number {
  const x = a.split(".");
  const y = b.split(".");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = BigInt(x[i] ?? "0");
    const q = BigInt(y[i] ?? "0");
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** An opaque bookmark for the list named by `scope`, resuming after `after`. */
export function encodeCursor(scope: Record<string, string>, after: SortKey): string {
  return Buffer.from(JSON.stringify({ ...scope, after }), "utf8").toString("base64url");
}

/**
 * The key a bookmark resumes after; throws 400 unless this emulator handed it out for the same list (the same
 * `scope` fields, all equal). `sameWhat` names what must stay the same, for the message.
 */
export function decodeCursor(bookmark: string, scope: Record<string, string>, sameWhat: string): SortKey {
  let data: Record<string, unknown> | undefined;
  try {
    data = JSON.parse(Buffer.from(bookmark, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    data = undefined;
  }
  const fits = !!data && typeof data === "object" && typeof data.after === "string" && KEY.test(data.after);
  const sameList = !!data && Object.keys(data).length === Object.keys(scope).length + 1 && Object.entries(scope).every(([k, v]) => data?.[k] === v);
  if (!fits || !sameList) {
    throw badRequest(
      `Invalid bookmark: pass the bookmark from the previous page of the same list call (same ${sameWhat}), or omit it to start over.`,
    );
  }
  return data?.after as SortKey;
}

/** One page of a list. */
export interface KeysetPage<T> {
  /** The page's items. */
  items: T[];
  /** The bookmark of the next page, or null on the last. */
  bookmark: string | null;
}

/**
 * One page of `sorted` (sorted by `key`, ascending when `direction` is 1, descending when -1): the items after the
 * bookmark's key, at most `pageSize` of them, and the bookmark of the next page.
 */
export function keysetPage<T>(
  sorted: readonly T[],
  key: (item: T) => SortKey,
  page: { size: number; bookmark?: string; direction?: 1 | -1; scope: Record<string, string>; sameWhat: string },
): KeysetPage<T> {
  const direction = page.direction ?? 1;
  let rest = sorted;
  if (page.bookmark !== undefined) {
    const after = decodeCursor(page.bookmark, page.scope, page.sameWhat);
    rest = sorted.filter((item) => direction * compareKeys(key(item), after) > 0);
  }
  const items = rest.slice(0, page.size);
  const last = items[items.length - 1];
  return { items, bookmark: rest.length > page.size && last !== undefined ? encodeCursor(page.scope, key(last)) : null };
}
