/**
 * Switches for how the emulated Pinterest behaves where its published description leaves room, so the provider
 * can be tested against each reading: rule updates merged instead of replaced, answers not shaped like the
 * request, removed audiences that still answer, and how audience sharing answers where the description says
 * nothing. Every switch's default is the description's plainest reading.
 */
import type { ApiAudience } from "../provider/api/types";

/** How the emulator answers and applies requests where the description leaves room. */
export interface ServerBehaviour {
  /** How a PATCH's rule is applied: "replace" (default) the old rule whole, or "merge" it into the old one (removed fields stay). */
  ruleUpdates: "replace" | "merge";
  /** Answers carry fields the description does not list: in the rule (`data_party`) and on the audience (`sharing_type`). */
  extraFields: boolean;
  /** Answers send numbers as digit strings: the rule's counts, `size` and both timestamps. */
  numbersAsStrings: boolean;
  /** Answers leave `prefill` out of the rule (it is stored, not echoed). */
  omitPrefill: boolean;
  /** Answers carry `created_timestamp: null`. */
  nullCreatedTimestamp: boolean;
  /**
   * A removed audience keeps answering GET, and stays in lists, with this status; further PATCHes get 404.
   * Undefined (default): a removed audience is gone (404).
   */
  removedStatus?: string;
  /** A SHARE naming a recipient that already has the audience: "accept" (default: a no-op for it) or "reject" (400 naming it; nothing changes). */
  reshare: "accept" | "reject";
  /** A REVOKE naming a recipient that does not have the audience: "accept" (default: a no-op for it) or "reject" (400 naming it; nothing changes). */
  revokeUnshared: "accept" | "reject";
  /**
   * The shared-accounts list of an audience shared with no account of the asked `account_type`: "empty" (default:
   * 200 with no items) or "not_found" (404 "Shared accounts not found.", a response the description lists).
   */
  emptySharedAccounts: "empty" | "not_found";
  /**
   * What a sharing PATCH answers (the description's response has no required field and is called nullable):
   * "echo" (default: `audience_id`, the request's recipient ids, `permissions: ["RESOURCE_PINNER_LIST_READER"]`),
   * "all" (the same with every current recipient of that kind instead of the request's), "null" (a body of `null`),
   * "empty" (`{}`).
   */
  sharingAnswer: "echo" | "all" | "null" | "empty";
  /** The AD_ACCOUNT shared-accounts list also lists the owner ad account itself (shared on its creation time). Default false. */
  sharedAccountsIncludeOwner: boolean;
  /** The shared-accounts list reflects a SHARE or REVOKE only this many ms later (eventual consistency). Default 0. */
  sharingListLagMs: number;
  /**
   * Status of the refusal of a SHARE naming an account outside the owner's business hierarchy (see the
   * `outsideHierarchy` option): 400 (default) or 403. The description names neither.
   */
  outsideHierarchyStatus: 400 | 403;
  /**
   * Status of a sharing PATCH (SHARE or REVOKE) naming an audience that is removed or that the ad account does not
   * have: 404 (default) or 400, the only client error the description documents for these PATCHes ("Invalid ad
   * account id."). The shared-accounts list answers 404 either way.
   */
  goneAudienceSharingStatus: 404 | 400;
  /**
   * How far the `Date` header of each answer is from the clock behind `created_timestamp` and `updated_timestamp`,
   * in ms (positive: ahead). One value per front end: answers take them in turn, as a load balancer would spread
   * them over servers whose clocks disagree. The description says nothing of the clocks behind either. Default [0].
   */
  dateSkewsMs: number[];
  /**
   * What a PATCH that updates an audience answers (the Python SDK's `update_fields` reads the audience again rather
   * than trust it): "current" (default: the audience as it now is), "stale" (the audience as it was before the
   * change), "partial" (the audience as it now is, without its `rule`).
   */
  patchAnswer: "current" | "stale" | "partial";
  /**
   * A removed audience keeps answering GET as it was, its status unchanged, but leaves lists; PATCHes get 404.
   * Default false. `removedStatus`, when set, wins.
   */
  removedAnswersGet: boolean;
  /**
   * Status of the refusal of a request naming an ad account the emulator does not have (see the `adAccounts`
   * option): 403 (default: the token's user has no access to it) or 404. The description names neither.
   */
  unknownAdAccountStatus: 403 | 404;
  /**
   * The most records one customer list create or update accepts; more get 400 and change nothing. Undefined
   * (default): no limit, as the description sets none.
   */
  customerListMaxRecords?: number;
  /** A customer list reads PROCESSING for this many ms after each write, then READY or TOO_SMALL. Default 0. */
  customerListProcessingMs: number;
}

/** The description's reading: every switch off. */
export function plainBehaviour(): ServerBehaviour {
  return {
    ruleUpdates: "replace",
    extraFields: false,
    numbersAsStrings: false,
    omitPrefill: false,
    nullCreatedTimestamp: false,
    reshare: "accept",
    revokeUnshared: "accept",
    emptySharedAccounts: "empty",
    sharingAnswer: "echo",
    sharedAccountsIncludeOwner: false,
    sharingListLagMs: 0,
    outsideHierarchyStatus: 400,
    goneAudienceSharingStatus: 404,
    dateSkewsMs: [0],
    patchAnswer: "current",
    removedAnswersGet: false,
    unknownAdAccountStatus: 403,
    customerListProcessingMs: 0,
  };
}

/** The answer to a PATCH that updated an audience, as `patchAnswer` says, from the audience before and after it. */
export function updateAnswer(before: ApiAudience, after: ApiAudience | undefined, behaviour: ServerBehaviour): ApiAudience | undefined {
  if (!after || behaviour.patchAnswer === "current") return after;
  if (behaviour.patchAnswer === "stale") return before;
  const partial: Partial<ApiAudience> = { ...after };
  delete partial.rule;
  return partial as ApiAudience;
}

/** How a removal keeps the audience readable: with a status (`removedStatus`), as it was (`removedAnswersGet`), or not at all. */
export function removedKeeping(behaviour: ServerBehaviour): { status?: string } | undefined {
  if (behaviour.removedStatus !== undefined) return { status: behaviour.removedStatus };
  return behaviour.removedAnswersGet ? {} : undefined;
}

/** Whether a removed audience that is kept readable answers this read: a GET under either reading, a list only with a status. */
export function removedAnswers(op: "get" | "list", behaviour: ServerBehaviour): boolean {
  return behaviour.removedStatus !== undefined || (op === "get" && behaviour.removedAnswersGet);
}

/** The `Date` header's clock for the `answer`-th answer (counting from 0): the data's clock plus that front end's skew. */
export function dateHeaderMs(nowMs: number, answer: number, behaviour: ServerBehaviour): number {
  const skews = behaviour.dateSkewsMs.length > 0 ? behaviour.dateSkewsMs : [0];
  return nowMs + skews[answer % skews.length];
}

/** Rule fields holding counts, sent as digit strings under `numbersAsStrings`. */
const COUNT_FIELDS = ["retention_days", "percentage", "engager_type"];

const digits = (value: unknown): unknown => (typeof value === "number" ? String(value) : value);

/** One audience as the behaviour answers it (a copy; the stored audience is untouched). */
export function shapeAudience(audience: ApiAudience, behaviour: ServerBehaviour): ApiAudience {
  const out = JSON.parse(JSON.stringify(audience)) as Record<string, unknown>;
  const rule = (out.rule ?? {}) as Record<string, unknown>;
  if (behaviour.omitPrefill) delete rule.prefill;
  if (behaviour.extraFields) {
    rule.data_party = "FIRST_PARTY";
    out.sharing_type = "OWNED";
  }
  if (behaviour.numbersAsStrings) {
    for (const field of COUNT_FIELDS) if (field in rule) rule[field] = digits(rule[field]);
    for (const field of ["size", "created_timestamp", "updated_timestamp"]) out[field] = digits(out[field]);
  }
  if (behaviour.nullCreatedTimestamp) out.created_timestamp = null;
  if (out.rule !== undefined) out.rule = rule;
  return out as unknown as ApiAudience;
}

/** An operation's answer as the behaviour shapes it: audiences, and the items of a list page. */
export function shapeAnswer(answer: unknown, behaviour: ServerBehaviour): unknown {
  if (answer === null || typeof answer !== "object") return answer;
  const record = answer as Record<string, unknown>;
  if (Array.isArray(record.items)) return { ...record, items: (record.items as ApiAudience[]).map((a) => shapeAudience(a, behaviour)) };
  if (typeof record.id === "string" && "audience_type" in record) return shapeAudience(answer as ApiAudience, behaviour);
  return answer;
}
