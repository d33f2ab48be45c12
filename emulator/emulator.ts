/**
 * `startEmulator`: a local Pinterest audiences API (v5) plus OAuth token endpoint on loopback, for tests,
 * demos and benchmarks. Assembles the store, tokens, limits and faults behind a node:http server.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiAudience, ApiAudienceCreateRequest, ApiCustomerList, RateLimitCategory } from "../provider/api/types";
import { DEFAULT_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, TokenRegistry, randomToken, type OAuthApp } from "./auth";
import { plainBehaviour, removedKeeping, type ServerBehaviour } from "./behaviour";
import { copyCounters, emptyCounters, type EmulatorCounters } from "./counters";
import { FaultInjector, type FaultSettings } from "./faults";
import { RateLimiter } from "./rate-limit";
import type { Operation } from "./operations";
import { RequestLog, type LoggedRequest } from "./request-log";
import { parseCreateRequest } from "./requests";
import { BASE_PATH, createHandler } from "./server";
import { CustomerListStore } from "./customer-lists";
import { idsOfKind, SharingStore, sortIds, type OutsideHierarchy, type RecipientIds } from "./sharing";
import { ownedAudience } from "./sharing-api";
import { loadState, saveState, STATE_VERSION } from "./state-file";
import { AudienceStore } from "./store";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** The access token to accept; random unless given. */
  accessToken?: string;
  /** Lifetime of access tokens in seconds (`expires_in`); default 30 days. */
  tokenTtlSeconds?: number;
  /** The OAuth app and refresh token `POST /oauth/token` accepts; random unless given. */
  oauth?: { appId: string; appSecret: string; refreshToken: string };
  /** When the OAuth app's refresh token expires, epoch ms; default 60 days after start (so the token answer says when). */
  refreshTokenExpiresAtMs?: number;
  /** Each token refresh issues a new refresh token and retires the one used (see README). Default false. */
  rotateRefreshTokens?: boolean;
  /** Requests per rolling minute by category; default ads_read 1000, ads_write 400; 0 or Infinity disables. */
  rateLimits?: Partial<Record<"ads_read" | "ads_write", number>>;
  /** Fixed latency added to every request, in ms. */
  latencyMs?: number;
  /** How long a new audience reads as INITIALIZING, in ms; default 0 (INITIALIZING only in the create answer). */
  statusSettleMs?: number;
  /** A JSON file to load state from at start and save to after each write. */
  statePath?: string;
  /** Seed of the PRNG behind fault rates; default 1. */
  seed?: number;
  /** Test hook: the clock in epoch ms (token expiry, timestamps, status settling, rate windows). Default `Date.now`. */
  now?: () => number;
  /** Test hook: how the emulator waits for injected latency. Default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Departures from the description's reading (see behaviour.ts and profiles.ts); default none. */
  behaviour?: Partial<ServerBehaviour>;
  /**
   * Ad accounts and businesses outside the owners' business hierarchy: a SHARE naming any of them is refused whole
   * (status per `behaviour.outsideHierarchyStatus`). Default none (every account is in the hierarchy).
   */
  outsideHierarchy?: OutsideHierarchy;
  /** How many requests the request log keeps (the oldest are dropped); default 10,000; 0 keeps none. */
  requestLogLimit?: number;
  /**
   * The ad accounts the token's user has: a request naming any other is refused (status per
   * `behaviour.unknownAdAccountStatus`). Default: every ad account exists.
   */
  adAccounts?: string[];
}

/** A running emulator. */
export interface Emulator {
  /** Base URL including /v5, e.g. http://127.0.0.1:40123/v5. */
  url: string;
  /** A valid access token (the one accepted from the start; it stops working after `expireAccessTokens`). */
  accessToken: string;
  /** The OAuth app and refresh token `POST /oauth/token` accepts. */
  oauth: { appId: string; appSecret: string; refreshToken: string };
  /** A copy of the counters. */
  counters(): EmulatorCounters;
  /** Zeroes the counters and clears the request log. */
  resetCounters(): void;
  /** Merges fault settings into the current ones. */
  setFaults(faults: Partial<FaultSettings>): void;
  /** Removes every fault (back to the configured latency and seed). */
  clearFaults(): void;
  /** Changes rate limits (0 or Infinity disables a category). */
  setRateLimits(limits: Partial<Record<"ads_read" | "ads_write", number>>): void;
  /** Expires every access token issued so far; clients must refresh. */
  expireAccessTokens(): void;
  /** Merges behaviour switches into the current ones (see behaviour.ts). */
  setBehaviour(behaviour: Partial<ServerBehaviour>): void;
  /** Out of band: creates an audience as a person in Ads Manager would (no auth, limits, faults or counting). Throws on an invalid body. */
  seedAudience(adAccountId: string, body: ApiAudienceCreateRequest): ApiAudience;
  /** Out of band: overwrites fields of an audience as given (drift). Throws when the audience does not exist. */
  editAudience(adAccountId: string, audienceId: string, patch: Partial<ApiAudience>): ApiAudience;
  /** Out of band: deletes an audience (it keeps answering reads as `removedStatus` or `removedAnswersGet` say); false when it did not exist. */
  deleteAudience(adAccountId: string, audienceId: string): boolean;
  /** Live audiences of an account, ascending id. */
  audiences(adAccountId: string): ApiAudience[];
  /**
   * Out of band: shares an audience as a person in Ads Manager would (no auth, limits, faults, counting, hierarchy
   * or reshare checks; a recipient that already has it keeps its shared time). Throws when the ad account does not
   * own a live audience of that id, or an id is not digits.
   */
  shareByHand(adAccountId: string, audienceId: string, recipients: RecipientIds): void;
  /** Out of band: revokes recipients of an audience (those that do not have it are ignored). Throws as `shareByHand`. */
  revokeByHand(adAccountId: string, audienceId: string, recipients: RecipientIds): void;
  /** Who an audience is shared with now (no list lag), ids sorted numerically. */
  recipients(adAccountId: string, audienceId: string): { adAccountIds: string[]; businessIds: string[] };
  /** Replaces the ad accounts and businesses outside the owners' business hierarchy. */
  setOutsideHierarchy(outside: OutsideHierarchy): void;
  /** The customer lists of an account as they answer now, ascending id. */
  customerLists(adAccountId: string): ApiCustomerList[];
  /** The records a customer list holds now, sorted (Pinterest never answers them; tests see what a client sent). */
  customerListMembers(adAccountId: string, customerListId: string): string[];
  /**
   * Copies of the logged HTTP requests (method, path, query, parsed body, status), oldest first; only those routed to
   * `operation` when given. `resetCounters` clears the log too.
   */
  requests(operation?: Operation): LoggedRequest[];
  /** Stops listening and closes open connections; calling it again returns the same promise. */
  stop(): Promise<void>;
}

/** How many requests the request log keeps unless `requestLogLimit` says otherwise. */
export const DEFAULT_REQUEST_LOG_LIMIT = 10_000;

function timerSleep(timers: Set<NodeJS.Timeout>): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
}

/** Starts an emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const saved = options.statePath ? loadState(options.statePath) : undefined;
  const store = new AudienceStore({ now, statusSettleMs: options.statusSettleMs ?? 0 });
  if (saved) store.restore(saved.store);
  const customerLists = new CustomerListStore();
  if (saved?.customerLists) customerLists.restore(saved.customerLists);
  const sharing = new SharingStore(options.outsideHierarchy);
  if (saved?.sharing) sharing.restore(saved.sharing, options.outsideHierarchy !== undefined);
  const requestLog = new RequestLog(options.requestLogLimit ?? DEFAULT_REQUEST_LOG_LIMIT);
  const tokens = new TokenRegistry(now, options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  for (const t of saved?.tokens ?? []) tokens.restore(t.token, t.expiresAtMs);
  const accessToken = options.accessToken ?? saved?.accessToken ?? randomToken("pina_");
  if (!saved || options.accessToken !== undefined) tokens.issue(accessToken);
  const oauth: OAuthApp = {
    ...(options.oauth ??
      saved?.oauth ?? {
        appId: String(1_400_000 + Math.floor(Math.random() * 100_000)),
        appSecret: randomToken(""),
        refreshToken: randomToken("pinr_"),
      }),
  };
  oauth.refreshTokenExpiresAtMs = options.refreshTokenExpiresAtMs ?? oauth.refreshTokenExpiresAtMs ?? now() + REFRESH_TOKEN_TTL_SECONDS * 1000;
  if (options.rotateRefreshTokens !== undefined) oauth.rotateRefreshTokens = options.rotateRefreshTokens;

  let counters = emptyCounters();
  const faults = new FaultInjector(options.seed ?? 1, options.latencyMs ?? 0, (kind) => counters.faults[kind]++);
  const limiter = new RateLimiter(now, options.rateLimits);
  const persist = (): void => {
    if (options.statePath)
      saveState(options.statePath, {
        version: STATE_VERSION,
        store: store.snapshot(),
        sharing: sharing.snapshot(),
        customerLists: customerLists.snapshot(),
        accessToken,
        oauth,
        tokens: tokens.entries(),
      });
  };
  persist();

  const timers = new Set<NodeJS.Timeout>();
  const behaviour: ServerBehaviour = { ...plainBehaviour(), ...options.behaviour };
  const adAccounts = options.adAccounts ? new Set(options.adAccounts) : undefined;
  const deps = {
    store,
    sharing,
    customerLists,
    requestLog,
    tokens,
    oauth,
    limiter,
    faults,
    counters,
    now,
    sleep: options.sleep ?? timerSleep(timers),
    persist,
    behaviour,
    adAccounts,
  };
  const server = createServer(createHandler(deps));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const byHand = (adAccountId: string, audienceId: string, op: "SHARE" | "REVOKE", recipients: RecipientIds): void => {
    ownedAudience(deps, adAccountId, audienceId);
    const bad = [...idsOfKind(recipients, "AD_ACCOUNT"), ...idsOfKind(recipients, "BUSINESS_ACCOUNT")].find((id) => !/^\d+$/.test(id));
    if (bad !== undefined) throw new Error(`Recipient id ${JSON.stringify(bad)} is not a string of digits.`);
    for (const kind of ["AD_ACCOUNT", "BUSINESS_ACCOUNT"] as const)
      sharing.apply(adAccountId, audienceId, kind, op, idsOfKind(recipients, kind), now());
    persist();
  };
  const address = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}${BASE_PATH}`,
    accessToken,
    oauth: { appId: oauth.appId, appSecret: oauth.appSecret, refreshToken: oauth.refreshToken },
    counters: () => copyCounters(counters),
    resetCounters: () => {
      counters = emptyCounters();
      deps.counters = counters;
      requestLog.clear();
    },
    setFaults: (f) => faults.set(f),
    setBehaviour: (b) => Object.assign(behaviour, b),
    clearFaults: () => faults.clear(),
    setRateLimits: (limits: Partial<Record<RateLimitCategory, number>>) => limiter.set(limits),
    expireAccessTokens: () => {
      tokens.expireAll();
      persist();
    },
    seedAudience: (adAccountId, body) => {
      const created = store.create(adAccountId, parseCreateRequest(body, adAccountId));
      persist();
      return store.get(adAccountId, created.id) as ApiAudience;
    },
    editAudience: (adAccountId, audienceId, patch) => {
      const edited = store.edit(adAccountId, audienceId, patch);
      if (!edited) throw new Error(`Audience ${audienceId} does not exist in ad account ${adAccountId}; seed it first.`);
      persist();
      return edited;
    },
    deleteAudience: (adAccountId, audienceId) => {
      const removed = store.remove(adAccountId, audienceId, removedKeeping(behaviour)) !== undefined;
      if (removed) persist();
      return removed;
    },
    audiences: (adAccountId) => store.live(adAccountId),
    shareByHand: (adAccountId, audienceId, recipients) => byHand(adAccountId, audienceId, "SHARE", recipients),
    revokeByHand: (adAccountId, audienceId, recipients) => byHand(adAccountId, audienceId, "REVOKE", recipients),
    recipients: (adAccountId, audienceId) => ({
      adAccountIds: sortIds(sharing.recipients(adAccountId, audienceId, "AD_ACCOUNT").keys()),
      businessIds: sortIds(sharing.recipients(adAccountId, audienceId, "BUSINESS_ACCOUNT").keys()),
    }),
    setOutsideHierarchy: (outside) => {
      sharing.setOutsideHierarchy(outside);
      persist();
    },
    customerLists: (adAccountId) => customerLists.all(adAccountId, now()),
    customerListMembers: (adAccountId, customerListId) => customerLists.members(adAccountId, customerListId),
    requests: (operation) => requestLog.list(operation),
    stop: () => {
      stopped ??= new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
