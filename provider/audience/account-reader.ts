/**
 * Batched reads: on a refresh the engine reads every audience of a stack, one at a time or many at once.
 * Instead of one GET per audience, reads of one ad account share the account's list pages
 * (250 audiences a request), taken at most once per plugin process.
 *
 * - The first read of an account, alone, is a plain GET: a stack with one audience costs one request.
 * - A second read of the same account (or several arriving together) lists the account once; every later
 *   read of it is served from that list.
 * - An audience this process wrote (created, updated, removed) is always read with its own GET, so a read
 *   right after a write is never stale; so is one the list did not contain (created since, or gone: 404).
 * - One the list did not contain but a GET answers, live, is looked for in a fresh list: held there, it was
 *   created since the list was taken. Missing there too, the list and the GET disagree, as they do where Pinterest
 *   keeps answering GET for an audience it removed but leaves it out of lists: the read fails and says so, rather
 *   than call a removed audience live or a live one gone.
 */
import type { ApiAudience } from "../api/types";
import { isRemovedAudience } from "./model";

/** Where audiences are read from: the client's `audiences` surface. */
export interface AudienceSource {
  /** One audience; rejects with a 404 error when it does not exist. */
  get(adAccountId: string, audienceId: string): Promise<ApiAudience>;
  /** Every audience of the account, all pages. */
  list(adAccountId: string): Promise<ApiAudience[]>;
}

/** Options of an {@link AccountReader}. */
export interface AccountReaderOptions {
  /** How long reads arriving together are gathered before they are served, in ms (default 5). */
  batchWindowMs?: number;
  /** Tells whether an error from `get` means "no such audience". */
  isNotFound: (error: unknown) => boolean;
}

interface PendingRead {
  audienceId: string;
  resolve: (audience: ApiAudience | undefined) => void;
  reject: (error: unknown) => void;
}

interface AccountState {
  reads: number;
  snapshot?: Map<string, ApiAudience>;
  listing?: Promise<Map<string, ApiAudience>>;
  relisting?: Promise<Map<string, ApiAudience>>;
  pending: PendingRead[];
  timer?: NodeJS.Timeout;
  written: Set<string>;
}

/** Serves audience reads per ad account, sharing list pages between them. One per plugin process. */
export class AccountReader {
  private readonly accounts = new Map<string, AccountState>();
  private readonly batchWindowMs: number;

  /**
   * @param source Where audiences are read from.
   * @param options Batch window and the not-found test.
   */
  constructor(
    private readonly source: AudienceSource,
    private readonly options: AccountReaderOptions,
  ) {
    this.batchWindowMs = options.batchWindowMs ?? 5;
  }

  /** The live audience, or undefined when it does not exist (any more). */
  read(adAccountId: string, audienceId: string): Promise<ApiAudience | undefined> {
    const account = this.account(adAccountId);
    account.reads += 1;
    if (account.written.has(audienceId)) return this.getOne(adAccountId, audienceId);
    if (account.snapshot) return this.fromSnapshot(adAccountId, account.snapshot, audienceId);
    if (account.listing) return account.listing.then((snapshot) => this.fromSnapshot(adAccountId, snapshot, audienceId));
    return new Promise((resolve, reject) => {
      account.pending.push({ audienceId, resolve, reject });
      if (!account.timer) account.timer = setTimeout(() => this.flush(adAccountId, account), this.batchWindowMs);
    });
  }

  /** Records that this process wrote the audience: later reads of it go to Pinterest directly. */
  wrote(adAccountId: string, audienceId: string): void {
    this.account(adAccountId).written.add(audienceId);
  }

  private flush(adAccountId: string, account: AccountState): void {
    account.timer = undefined;
    const batch = account.pending.splice(0);
    const alone = batch.length === 1 && account.reads === 1;
    if (alone) {
      const [only] = batch;
      this.getOne(adAccountId, only.audienceId).then(only.resolve, only.reject);
      return;
    }
    const listing = this.source.list(adAccountId).then((items) => new Map(items.map((a) => [a.id, a])));
    account.listing = listing;
    listing.then(
      (snapshot) => {
        account.snapshot = snapshot;
        account.listing = undefined;
        for (const read of batch) this.fromSnapshot(adAccountId, snapshot, read.audienceId).then(read.resolve, read.reject);
      },
      (error) => {
        account.listing = undefined;
        for (const read of batch) read.reject(error);
      },
    );
  }

  private async fromSnapshot(adAccountId: string, snapshot: Map<string, ApiAudience>, audienceId: string): Promise<ApiAudience | undefined> {
    const found = snapshot.get(audienceId);
    if (found) return found;
    const got = await this.getOne(adAccountId, audienceId);
    if (!got || isRemovedAudience(got)) return got;
    if ((await this.relist(adAccountId)).has(audienceId)) return got;
    throw new Error(unlisted(adAccountId, audienceId));
  }

  /** A fresh list of the account, shared by the reads waiting on it; later reads are served from it. */
  private relist(adAccountId: string): Promise<Map<string, ApiAudience>> {
    const account = this.account(adAccountId);
    account.relisting ??= this.source.list(adAccountId).then(
      (items) => {
        account.relisting = undefined;
        account.snapshot = new Map(items.map((a) => [a.id, a]));
        return account.snapshot;
      },
      (error: unknown) => {
        account.relisting = undefined;
        throw error;
      },
    );
    return account.relisting;
  }

  private async getOne(adAccountId: string, audienceId: string): Promise<ApiAudience | undefined> {
    try {
      return await this.source.get(adAccountId, audienceId);
    } catch (error) {
      if (this.options.isNotFound(error)) return undefined;
      throw error;
    }
  }

  private account(adAccountId: string): AccountState {
    let account = this.accounts.get(adAccountId);
    if (!account) {
      account = { reads: 0, pending: [], written: new Set() };
      this.accounts.set(adAccountId, account);
    }
    return account;
  }
}

/** The failure of a read whose GET answers an audience that the account's list, taken twice, leaves out. */
function unlisted(adAccountId: string, audienceId: string): string {
  return (
    `Audience ${audienceId} answers a GET but is missing from the list of ad account ${adAccountId}'s audiences, also when listed again. ` +
    "Pinterest may keep answering GET for an audience it removed (in Ads Manager, say) while leaving it out of lists, or not yet list one created moments ago. " +
    "If it was created moments ago, run again. If it was removed, remove it from the state (`pulumi state delete <its URN>`; `pulumi stack --show-urns` lists the URNs), or create it again with `pulumi up --replace <its URN>`."
  );
}
