/**
 * The emulator's audiences: server-assigned ids, status and size, keyset pagination with opaque bookmarks,
 * and a plain-data snapshot for persistence.
 */
import type { ApiAudience, ApiAudienceRule, ApiAudienceType, ApiPage } from "../provider/api/types";
import { compareKeys, keysetPage } from "./cursor";

/** The first id the emulator hands out (the shape of a real audience id). */
export const FIRST_AUDIENCE_ID = 2542620639259n;

/** Sort order of a list call, by numeric id. */
export type ListOrder = "ASCENDING" | "DESCENDING";

/** One stored audience plus the time until which it reads as INITIALIZING. */
export interface StoredAudience {
  /** The audience with its settled status (READY or TOO_SMALL, or what an out-of-band edit set). */
  audience: ApiAudience;
  /** Epoch milliseconds before which reads report status INITIALIZING. */
  initializingUntilMs: number;
  /** Removed, but still answering some reads (see ServerBehaviour.removedStatus and removedAnswersGet). */
  removed?: boolean;
}

/** Plain-data image of the store, as written to a state file. */
export interface StoreSnapshot {
  /** The next id to hand out, as a digit string. */
  nextId: string;
  /** Live audiences, any order. */
  audiences: StoredAudience[];
}

/** A validated create request. */
export interface NewAudience {
  /** Audience name. */
  name: string;
  /** Audience type. */
  audience_type: ApiAudienceType;
  /** Normalised rule. */
  rule: ApiAudienceRule;
  /** Description, if given. */
  description?: string | null;
}

/** Validated update fields: only the present ones change. */
export interface AudienceChanges {
  /** New name. */
  name?: string;
  /** New, normalised rule (replaces the old one whole). */
  rule?: ApiAudienceRule;
  /** New description. */
  description?: string | null;
}

/** Options of {@link AudienceStore}. */
export interface AudienceStoreOptions {
  /** Clock in epoch milliseconds. */
  now: () => number;
  /** How long a new audience reads as INITIALIZING after its create answer (0: only in the create answer). */
  statusSettleMs: number;
}

/** Audiences below this size are TOO_SMALL (Pinterest: at least 100 people with accounts). */
export const MIN_READY_SIZE = 100;

/** A deterministic size for an audience id: mostly 100 and up, about one id in 25 below 100. */
export function sizeForId(id: string): number {
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % 25 === 0 ? 20 + (h % 80) : MIN_READY_SIZE + (h % 4_900_000);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** In-memory audiences of all ad accounts. */
export class AudienceStore {
  private readonly byAccount = new Map<string, Map<string, StoredAudience>>();
  private nextId = FIRST_AUDIENCE_ID;
  private readonly options: AudienceStoreOptions;

  /** Creates an empty store. */
  constructor(options: AudienceStoreOptions) {
    this.options = options;
  }

  /** Creates an audience; the answer reads INITIALIZING, as Pinterest's create answer does. */
  create(adAccountId: string, input: NewAudience): ApiAudience {
    const id = (this.nextId++).toString();
    const nowMs = this.options.now();
    const seconds = Math.floor(nowMs / 1000);
    const size = sizeForId(id);
    const audience: ApiAudience = {
      type: "audience",
      id,
      ad_account_id: adAccountId,
      name: input.name,
      audience_type: input.audience_type,
      description: input.description ?? null,
      rule: clone(input.rule),
      size,
      status: size >= MIN_READY_SIZE ? "READY" : "TOO_SMALL",
      created_timestamp: seconds,
      updated_timestamp: seconds,
      created_by_company_name: "Pinterest Emulator",
    };
    this.account(adAccountId).set(id, { audience, initializingUntilMs: nowMs + this.options.statusSettleMs });
    return { ...clone(audience), status: "INITIALIZING" };
  }

  /** The audience as a read sees it, or undefined when unknown or removed (unless `includeRemoved`, for one still answering). */
  get(adAccountId: string, id: string, includeRemoved = false): ApiAudience | undefined {
    const stored = this.byAccount.get(adAccountId)?.get(id);
    return stored && (includeRemoved || !stored.removed) ? this.view(stored) : undefined;
  }

  /** Applies the given changes; undefined when the audience is unknown. */
  update(adAccountId: string, id: string, changes: AudienceChanges): ApiAudience | undefined {
    const stored = this.byAccount.get(adAccountId)?.get(id);
    if (!stored || stored.removed) return undefined;
    const a = stored.audience;
    if (changes.name !== undefined) a.name = changes.name;
    if (changes.description !== undefined) a.description = changes.description;
    if (changes.rule !== undefined) a.rule = clone(changes.rule);
    a.updated_timestamp = Math.max(a.updated_timestamp ?? 0, Math.floor(this.options.now() / 1000));
    return this.view(stored);
  }

  /**
   * Removes an audience and answers it as it was; undefined when unknown (or already removed). With `keep`, it stays
   * readable (by reads that include removed audiences), with `keep.status` when given, else as it was.
   */
  remove(adAccountId: string, id: string, keep?: { status?: string }): ApiAudience | undefined {
    const accountMap = this.byAccount.get(adAccountId);
    const stored = accountMap?.get(id);
    if (!accountMap || !stored || stored.removed) return undefined;
    const answer = this.view(stored);
    if (keep === undefined) {
      accountMap.delete(id);
    } else {
      stored.removed = true;
      if (keep.status !== undefined) stored.audience.status = keep.status;
      stored.initializingUntilMs = 0;
    }
    return answer;
  }

  /** Out-of-band edit: merges `patch` as given (no validation); `id`, `ad_account_id` stay. Undefined when unknown. */
  edit(adAccountId: string, id: string, patch: Partial<ApiAudience>): ApiAudience | undefined {
    const stored = this.byAccount.get(adAccountId)?.get(id);
    if (!stored) return undefined;
    const seconds = Math.floor(this.options.now() / 1000);
    const next = { ...stored.audience, updated_timestamp: Math.max(stored.audience.updated_timestamp ?? 0, seconds), ...clone(patch) };
    next.id = id;
    next.ad_account_id = adAccountId;
    stored.audience = next;
    if (patch.status !== undefined) stored.initializingUntilMs = 0;
    return this.view(stored);
  }

  /** Live audiences of an account, ascending id (removed ones that still answer are left out). */
  live(adAccountId: string): ApiAudience[] {
    return this.sorted(adAccountId, "ASCENDING")
      .filter((s) => !s.removed)
      .map((s) => this.view(s));
  }

  /** One page of an account's audiences; throws 400 on a bookmark this store did not hand out for this call. */
  list(adAccountId: string, order: ListOrder, pageSize: number, bookmark?: string, includeRemoved = false): ApiPage<ApiAudience> {
    const all = this.sorted(adAccountId, order).filter((s) => includeRemoved || !s.removed);
    const page = keysetPage(all, (s) => s.audience.id, {
      size: pageSize,
      bookmark,
      direction: order === "ASCENDING" ? 1 : -1,
      scope: { a: adAccountId, o: order },
      sameWhat: "ad account and order",
    });
    return { items: page.items.map((s) => this.view(s)), bookmark: page.bookmark };
  }

  /** A plain-data copy of the whole store. */
  snapshot(): StoreSnapshot {
    const audiences: StoredAudience[] = [];
    for (const accountMap of this.byAccount.values()) for (const s of accountMap.values()) audiences.push(clone(s));
    return { nextId: this.nextId.toString(), audiences };
  }

  /** Replaces the store's content with a snapshot. */
  restore(snapshot: StoreSnapshot): void {
    this.byAccount.clear();
    let next = BigInt(snapshot.nextId);
    for (const s of snapshot.audiences) {
      this.account(s.audience.ad_account_id).set(s.audience.id, clone(s));
      if (BigInt(s.audience.id) >= next) next = BigInt(s.audience.id) + 1n;
    }
    this.nextId = next > FIRST_AUDIENCE_ID ? next : FIRST_AUDIENCE_ID;
  }

  private account(adAccountId: string): Map<string, StoredAudience> {
    let accountMap = this.byAccount.get(adAccountId);
    if (!accountMap) {
      accountMap = new Map();
      this.byAccount.set(adAccountId, accountMap);
    }
    return accountMap;
  }

  private sorted(adAccountId: string, order: ListOrder): StoredAudience[] {
    const all = [...(this.byAccount.get(adAccountId)?.values() ?? [])];
    all.sort((x, y) => compareKeys(x.audience.id, y.audience.id));
    return order === "DESCENDING" ? all.reverse() : all;
  }

  private view(stored: StoredAudience): ApiAudience {
    const audience = clone(stored.audience);
    if (this.options.now() < stored.initializingUntilMs) audience.status = "INITIALIZING";
    return audience;
  }
}
