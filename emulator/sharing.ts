/**
 * Who each audience is shared with: ad accounts and businesses, each with the time it was shared. Kept as a log
 * of SHARE and REVOKE events per audience so the shared-accounts list can lag behind (eventual consistency),
 * plus the accounts that lie outside the owners' business hierarchy.
 */
import type { ApiAudienceAccountType, ApiSharingOperationType } from "../provider/api/types";
import { compareKeys } from "./cursor";

/** One SHARE or REVOKE of one recipient. */
export interface SharingEvent {
  /** When it happened, epoch ms (emulator clock). */
  atMs: number;
  /** Ad account or business. */
  kind: ApiAudienceAccountType;
  /** The recipient's id. */
  id: string;
  /** SHARE or REVOKE. */
  op: ApiSharingOperationType;
}

/** The sharing of one audience. */
export interface AudienceSharing {
  /** The owner ad account. */
  owner: string;
  /** The audience. */
  audienceId: string;
  /** Every SHARE and REVOKE, oldest first. */
  events: SharingEvent[];
}

/** Plain-data image of the sharing, as written to a state file (events compacted to the current recipients). */
export interface SharingSnapshot {
  /** Shared audiences, any order. */
  audiences: AudienceSharing[];
  /** Accounts outside the owners' business hierarchy. */
  outsideHierarchy: OutsideHierarchy;
}

/** Ad accounts and businesses that lie outside the owners' business hierarchy: a SHARE naming any is refused. */
export interface OutsideHierarchy {
  /** Ad account ids. */
  adAccountIds?: string[];
  /** Business ids. */
  businessIds?: string[];
}

/** Recipients by kind, as id lists. */
export interface RecipientIds {
  /** Ad account ids. */
  adAccountIds?: string[];
  /** Business ids. */
  businessIds?: string[];
}

/** A recipient of an audience and when it was shared with it (epoch ms). */
export type Recipients = Map<string, number>;

/** Sorts digit-string ids numerically. */
export function sortIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareKeys);
}

/** The recipient ids of one kind that a {@link RecipientIds} names. */
export function idsOfKind(ids: RecipientIds, kind: ApiAudienceAccountType): string[] {
  return (kind === "AD_ACCOUNT" ? ids.adAccountIds : ids.businessIds) ?? [];
}

/** The sharing of every audience. */
export class SharingStore {
  private readonly byAudience = new Map<string, AudienceSharing>();
  private outside: { adAccountIds: Set<string>; businessIds: Set<string> } = { adAccountIds: new Set(), businessIds: new Set() };

  /** Creates an empty sharing store with the given accounts outside the hierarchy. */
  constructor(outside: OutsideHierarchy = {}) {
    this.setOutsideHierarchy(outside);
  }

  /** Replaces the accounts that lie outside the owners' business hierarchy. */
  setOutsideHierarchy(outside: OutsideHierarchy): void {
    this.outside = { adAccountIds: new Set(outside.adAccountIds ?? []), businessIds: new Set(outside.businessIds ?? []) };
  }

  /** The ids among `ids` that lie outside the hierarchy, sorted. */
  outsideOf(kind: ApiAudienceAccountType, ids: readonly string[]): string[] {
    const set = kind === "AD_ACCOUNT" ? this.outside.adAccountIds : this.outside.businessIds;
    return sortIds(new Set(ids.filter((id) => set.has(id))));
  }

  /** Recipients of one kind and when each was shared, as of `asOfMs` (default: now, every event counted). */
  recipients(owner: string, audienceId: string, kind: ApiAudienceAccountType, asOfMs = Infinity): Recipients {
    const out: Recipients = new Map();
    for (const e of this.byAudience.get(key(owner, audienceId))?.events ?? []) {
      if (e.kind !== kind || e.atMs > asOfMs) continue;
      if (e.op === "REVOKE") out.delete(e.id);
      else if (!out.has(e.id)) out.set(e.id, e.atMs);
    }
    return out;
  }

  /** Records a SHARE or REVOKE of `ids` at `atMs`; sharing with a current recipient keeps its first time. */
  apply(owner: string, audienceId: string, kind: ApiAudienceAccountType, op: ApiSharingOperationType, ids: readonly string[], atMs: number): void {
    if (ids.length === 0) return;
    const k = key(owner, audienceId);
    let sharing = this.byAudience.get(k);
    if (!sharing) {
      sharing = { owner, audienceId, events: [] };
      this.byAudience.set(k, sharing);
    }
    for (const id of new Set(ids)) sharing.events.push({ atMs, kind, id, op });
  }

  /** Every audience currently shared with ad account `adAccountId`: its owner, id and when it was shared. */
  receivedBy(adAccountId: string): { owner: string; audienceId: string; sharedAtMs: number }[] {
    const out: { owner: string; audienceId: string; sharedAtMs: number }[] = [];
    for (const s of this.byAudience.values()) {
      const at = this.recipients(s.owner, s.audienceId, "AD_ACCOUNT").get(adAccountId);
      if (at !== undefined) out.push({ owner: s.owner, audienceId: s.audienceId, sharedAtMs: at });
    }
    return out;
  }

  /** A plain-data copy: each audience's current recipients as SHARE events at their shared time. */
  snapshot(): SharingSnapshot {
    const audiences: AudienceSharing[] = [];
    for (const s of this.byAudience.values()) {
      const events: SharingEvent[] = [];
      for (const kind of ["AD_ACCOUNT", "BUSINESS_ACCOUNT"] as const) {
        for (const [id, atMs] of this.recipients(s.owner, s.audienceId, kind)) events.push({ atMs, kind, id, op: "SHARE" });
      }
      if (events.length > 0) audiences.push({ owner: s.owner, audienceId: s.audienceId, events });
    }
    return { audiences, outsideHierarchy: { adAccountIds: sortIds(this.outside.adAccountIds), businessIds: sortIds(this.outside.businessIds) } };
  }

  /** Replaces the content with a snapshot (the hierarchy too, unless `keepHierarchy`). */
  restore(snapshot: SharingSnapshot, keepHierarchy = false): void {
    this.byAudience.clear();
    for (const s of snapshot.audiences)
      this.byAudience.set(key(s.owner, s.audienceId), { owner: s.owner, audienceId: s.audienceId, events: s.events.map((e) => ({ ...e })) });
    if (!keepHierarchy) this.setOutsideHierarchy(snapshot.outsideHierarchy ?? {});
  }
}

function key(owner: string, audienceId: string): string {
  return `${owner}/${audienceId}`;
}
