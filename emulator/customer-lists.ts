/**
 * Customer lists: what `POST/GET /ad_accounts/{id}/customer_lists` and `GET/PATCH .../customer_lists/{id}` work
 * with, as the description states them. A list holds its members (kept here so tests can see what a client sent;
 * Pinterest never answers them) and answers only counts and status: `num_batches` (the create is one, each ADD or
 * REMOVE another), `num_uploaded_user_records` (every record uploaded, repeats included), `num_removed_user_records`
 * (every record removed, absent ones included), and TOO_SMALL under 100 members (here every record matches an
 * account). Emails must be lowercase, plain or hashed; MAIDs and IDFAs must be hashed (SHA-256, SHA-1 or MD5 hex).
 */
import { USER_LIST_TYPES, type ApiCustomerList, type ApiPage, type ApiUserListType } from "../provider/api/types";
import type { ServerBehaviour } from "./behaviour";
import { compareKeys, keysetPage } from "./cursor";
import { badRequest, EmulatorHttpError } from "./errors";
import { asObject, rejectUnknown } from "./requests";

/** Members under which a list is TOO_SMALL (the description: "the list has less than 100 Pinterest users"). */
export const MIN_MATCHED_MEMBERS = 100;
/** Id of the first customer list the emulator creates. */
const FIRST_LIST_ID = 7_000_000_000_001;
/** A record hashed as the description allows: MD5, SHA-1 or SHA-256, in hex. */
const HASHED = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/;
/** List types whose records the description constrains: lowercase emails, or hashes (MAIDs and IDFAs); others are taken as given. */
const CHECKED_TYPES: ReadonlySet<ApiUserListType> = new Set(["EMAIL", "IDFA", "MAID"]);

/** One stored list: the answer's fields and its members. */
interface StoredList {
  list: ApiCustomerList;
  listType: ApiUserListType;
  members: Set<string>;
  processingUntilMs: number;
}

/** The lists as a state file keeps them. */
export interface CustomerListSnapshot {
  /** Next id to give. */
  nextId: number;
  /** Every list, with its type and members. */
  lists: { list: ApiCustomerList; listType: ApiUserListType; members: string[] }[];
}

/** Every customer list of every ad account. */
export class CustomerListStore {
  private readonly lists = new Map<string, StoredList>();
  private nextId = FIRST_LIST_ID;

  /** Creates a list from a validated create body; the answer reads PROCESSING while `processingMs` lasts. */
  create(adAccountId: string, body: unknown, behaviour: ServerBehaviour, nowMs: number): ApiCustomerList {
    const b = objectBody(body, ["name", "records", "list_type"]);
    if (typeof b.name !== "string" || b.name.trim() === "") throw badRequest("name is required: a non-empty string.");
    const listType = b.list_type === undefined ? "EMAIL" : b.list_type;
    if (typeof listType !== "string" || !(USER_LIST_TYPES as readonly string[]).includes(listType)) {
      throw badRequest(`list_type must be one of ${USER_LIST_TYPES.join(", ")}; got ${JSON.stringify(listType)}.`);
    }
    const records = parseRecords(b.records, listType as ApiUserListType, behaviour);
    const id = String(this.nextId++);
    const seconds = Math.floor(nowMs / 1000);
    const stored: StoredList = {
      list: { type: "customerlist", id, ad_account_id: adAccountId, name: b.name, created_time: seconds, updated_time: seconds, num_batches: 1 },
      listType: listType as ApiUserListType,
      members: new Set(records),
      processingUntilMs: nowMs + behaviour.customerListProcessingMs,
    };
    stored.list.num_uploaded_user_records = records.length;
    stored.list.num_removed_user_records = 0;
    this.lists.set(key(adAccountId, id), stored);
    return answer(stored, nowMs);
  }

  /** One list of the ad account, or 404. */
  get(adAccountId: string, id: string, nowMs: number): ApiCustomerList {
    return answer(this.stored(adAccountId, id), nowMs);
  }

  /** A page of the ad account's lists, by id. */
  list(adAccountId: string, pageSize: number, bookmark: string | undefined, nowMs: number): ApiPage<ApiCustomerList> {
    const mine = [...this.lists.values()].filter((s) => s.list.ad_account_id === adAccountId).sort((a, b) => compareKeys(a.list.id, b.list.id));
    const page = keysetPage(mine, (s) => s.list.id, {
      size: pageSize,
      bookmark,
      scope: { l: "customer_lists", a: adAccountId },
      sameWhat: "ad account",
    });
    return { items: page.items.map((s) => answer(s, nowMs)), bookmark: page.bookmark };
  }

  /** Applies a validated ADD or REMOVE; answers the list. */
  change(adAccountId: string, id: string, body: unknown, behaviour: ServerBehaviour, nowMs: number): ApiCustomerList {
    const stored = this.stored(adAccountId, id);
    const b = objectBody(body, ["operation_type", "records"]);
    if (b.operation_type !== "ADD" && b.operation_type !== "REMOVE")
      throw badRequest(`operation_type must be ADD or REMOVE; got ${JSON.stringify(b.operation_type)}.`);
    const records = parseRecords(b.records, stored.listType, behaviour);
    const list = stored.list;
    if (b.operation_type === "ADD") {
      for (const record of records) stored.members.add(record);
      list.num_uploaded_user_records = (list.num_uploaded_user_records ?? 0) + records.length;
    } else {
      for (const record of records) stored.members.delete(record);
      list.num_removed_user_records = (list.num_removed_user_records ?? 0) + records.length;
    }
    list.num_batches = (list.num_batches ?? 0) + 1;
    list.updated_time = Math.floor(nowMs / 1000);
    stored.processingUntilMs = nowMs + behaviour.customerListProcessingMs;
    return answer(stored, nowMs);
  }

  /** The members of a list, sorted (tests: Pinterest never answers them). */
  members(adAccountId: string, id: string): string[] {
    return [...this.stored(adAccountId, id).members].sort();
  }

  /** Every list of the ad account as it answers now. */
  all(adAccountId: string, nowMs: number): ApiCustomerList[] {
    return [...this.lists.values()].filter((s) => s.list.ad_account_id === adAccountId).map((s) => answer(s, nowMs));
  }

  /** The lists, for a state file. */
  snapshot(): CustomerListSnapshot {
    return {
      nextId: this.nextId,
      lists: [...this.lists.values()].map((s) => ({ list: { ...s.list }, listType: s.listType, members: [...s.members] })),
    };
  }

  /** Takes the lists of a state file. */
  restore(snapshot: CustomerListSnapshot): void {
    this.lists.clear();
    this.nextId = snapshot.nextId;
    for (const saved of snapshot.lists) {
      this.lists.set(key(saved.list.ad_account_id ?? "", saved.list.id), {
        list: { ...saved.list },
        listType: saved.listType,
        members: new Set(saved.members),
        processingUntilMs: 0,
      });
    }
  }

  private stored(adAccountId: string, id: string): StoredList {
    const stored = this.lists.get(key(adAccountId, id));
    if (!stored) throw new EmulatorHttpError(404, `Customer list ${id} not found in ad account ${adAccountId}.`);
    return stored;
  }
}

function key(adAccountId: string, id: string): string {
  return `${adAccountId}/${id}`;
}

/** The list as it answers at `nowMs`: PROCESSING while a write is being matched, then READY or TOO_SMALL. */
function answer(stored: StoredList, nowMs: number): ApiCustomerList {
  const status = nowMs < stored.processingUntilMs ? "PROCESSING" : stored.members.size >= MIN_MATCHED_MEMBERS ? "READY" : "TOO_SMALL";
  return { ...stored.list, status };
}

/** The body as an object with only the allowed fields, or 400. */
function objectBody(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  const object = asObject(body);
  rejectUnknown(object, allowed);
  return object;
}

/** The comma-separated records, each checked against the list type; 400 naming the first bad one's position. */
function parseRecords(value: unknown, listType: ApiUserListType, behaviour: ServerBehaviour): string[] {
  if (typeof value !== "string" || value === "") throw badRequest("records is required: the records as one comma-separated string.");
  const records = value.split(",");
  const limit = behaviour.customerListMaxRecords;
  if (limit !== undefined && records.length > limit)
    throw badRequest(`records holds ${records.length} records; at most ${limit} are accepted in one request.`);
  records.forEach((record, i) => {
    if (record === "") throw badRequest(`records: record ${i + 1} is empty.`);
    if (HASHED.test(record) || !CHECKED_TYPES.has(listType)) return;
    if (listType === "EMAIL" && record.includes("@")) {
      if (record !== record.toLowerCase()) throw badRequest(`records: record ${i + 1} is an email that is not lowercase.`);
      return;
    }
    throw badRequest(`records: record ${i + 1} is neither a lowercase email nor hashed; MAIDs and IDFAs must be hashed (SHA-256, SHA-1 or MD5).`);
  });
  return records;
}
