/**
 * The emulator's HTTP request handler: routing under `/v5`, the request log, faults, auth, rate limits, then the
 * operation.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { BASE_PATH, jsonBody, pathId, readBody, route, type Body, type Route } from "./routes";
import type { ApiAudience, ApiAudienceType } from "../provider/api/types";
import type { OAuthApp, TokenRegistry } from "./auth";
import { dateHeaderMs, removedAnswers, removedKeeping, shapeAnswer, updateAnswer, type ServerBehaviour } from "./behaviour";
import type { EmulatorCounters } from "./counters";
import { EmulatorHttpError } from "./errors";
import type { FaultInjector } from "./faults";
import { CATEGORY, answersAudiences, type Operation } from "./operations";
import type { RateLimiter } from "./rate-limit";
import type { LoggedRequest, RequestLog } from "./request-log";
import { parseCreateRequest, parseListQuery, parseUpdateRequest } from "./requests";
import type { SharingStore } from "./sharing";
import { listReceived, listSharedAccounts, shareOrRevoke } from "./sharing-api";
import type { AudienceStore } from "./store";
import type { CustomerListStore } from "./customer-lists";

export { BASE_PATH, MAX_BODY_BYTES } from "./routes";

/** What the handler works with; owned by the emulator. */
export interface HandlerDeps {
  /** The audiences. */
  store: AudienceStore;
  /** Who the audiences are shared with. */
  sharing: SharingStore;
  /** The customer lists. */
  customerLists: CustomerListStore;
  /** Every request received (method, path, query, body, status). */
  requestLog: RequestLog;
  /** Issued access tokens. */
  tokens: TokenRegistry;
  /** The OAuth app accepted at `/oauth/token`. */
  oauth: OAuthApp;
  /** Per-category limits. */
  limiter: RateLimiter;
  /** Fault decisions. */
  faults: FaultInjector;
  /** Counters, mutated in place. */
  counters: EmulatorCounters;
  /** The clock in epoch ms: the `Date` header of every answer. */
  now: () => number;
  /** Waits `ms` (injectable so tests need no real time). */
  sleep: (ms: number) => Promise<void>;
  /** Saves state after a write. */
  persist: () => void;
  /** Where the emulator departs from the description's reading (profiles); read at each request. */
  behaviour: ServerBehaviour;
  /** The ad accounts that exist; undefined: every one does. */
  adAccounts?: ReadonlySet<string>;
}

function notFound(adAccountId: string, audienceId: string): EmulatorHttpError {
  return new EmulatorHttpError(
    404,
    `Audience ${audienceId} not found in ad account ${adAccountId}; it may have been removed. List the account's audiences to see what exists.`,
  );
}

/** The refusal of a request naming an ad account the token's user does not have. */
function unknownAdAccount(adAccountId: string, status: 403 | 404): EmulatorHttpError {
  return status === 403
    ? new EmulatorHttpError(403, `The authenticated user does not have access to ad account ${adAccountId}.`)
    : new EmulatorHttpError(404, `Ad account ${adAccountId} not found.`);
}

/** Runs the operation itself; returns the JSON answer. */
function execute(deps: HandlerDeps, r: Route, req: IncomingMessage, url: URL, body: Body): unknown {
  if (r.op === "token") {
    const result = deps.tokens.refresh(deps.oauth, req.headers.authorization, new URLSearchParams(body.text));
    deps.persist();
    return result;
  }
  const account = pathId("ad_account_id", r.adAccountId as string);
  if (deps.adAccounts && !deps.adAccounts.has(account)) throw unknownAdAccount(account, deps.behaviour.unknownAdAccountStatus);
  switch (r.op) {
    case "list": {
      const q = parseListQuery(url.searchParams);
      if (q.ownershipType === "RECEIVED") return listReceived(deps, account, q);
      return deps.store.list(account, q.order, q.pageSize, q.bookmark, removedAnswers("list", deps.behaviour));
    }
    case "audiences/share_with_ad_accounts":
    case "audiences/share_with_businesses": {
      const answer = shareOrRevoke(deps, account, r.op === "audiences/share_with_ad_accounts" ? "AD_ACCOUNT" : "BUSINESS_ACCOUNT", jsonBody(body));
      deps.persist();
      return answer;
    }
    case "audiences/shared_accounts":
      return listSharedAccounts(deps, account, url.searchParams);
    case "customer_lists/create":
    case "customer_lists/update": {
      const lists = deps.customerLists;
      const answer =
        r.op === "customer_lists/create"
          ? lists.create(account, jsonBody(body), deps.behaviour, deps.now())
          : lists.change(account, pathId("customer_list_id", r.customerListId as string), jsonBody(body), deps.behaviour, deps.now());
      deps.persist();
      return answer;
    }
    case "customer_lists/get":
      return deps.customerLists.get(account, pathId("customer_list_id", r.customerListId as string), deps.now());
    case "customer_lists/list": {
      const q = parseListQuery(url.searchParams);
      return deps.customerLists.list(account, q.pageSize, q.bookmark, deps.now());
    }
    case "create": {
      const created = deps.store.create(account, parseCreateRequest(jsonBody(body), account));
      deps.persist();
      return created;
    }
    default: {
      const id = pathId("audience_id", r.audienceId as string);
      const existing = deps.store.get(account, id, r.op === "get" && removedAnswers("get", deps.behaviour));
      if (!existing) throw notFound(account, id);
      if (r.op === "get") return existing;
      const parsed = parseUpdateRequest(jsonBody(body), account, existing.audience_type as ApiAudienceType);
      let result: ApiAudience | undefined;
      if (parsed.operation === "REMOVE") {
        result = deps.store.remove(account, id, removedKeeping(deps.behaviour));
      } else {
        const changes = { ...parsed.changes };
        if (changes.rule && deps.behaviour.ruleUpdates === "merge") changes.rule = { ...existing.rule, ...changes.rule };
        result = updateAnswer(existing, deps.store.update(account, id, changes), deps.behaviour);
      }
      deps.persist();
      return result;
    }
  }
}

/** The log entry of the request each response answers. */
const logged = new WeakMap<ServerResponse, LoggedRequest>();

/** Answers sent so far, per handler: which front end (`dateSkewsMs`) answers next. */
const answersSent = new WeakMap<HandlerDeps, number>();

function send(deps: HandlerDeps, res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  deps.counters.byStatus[String(status)] = (deps.counters.byStatus[String(status)] ?? 0) + 1;
  const entry = logged.get(res);
  if (entry) entry.status = status;
  const text = JSON.stringify(payload);
  const answer = answersSent.get(deps) ?? 0;
  answersSent.set(deps, answer + 1);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    Date: new Date(dateHeaderMs(deps.now(), answer, deps.behaviour)).toUTCString(),
    ...headers,
  });
  res.end(text);
}

function sendError(deps: HandlerDeps, res: ServerResponse, error: unknown): void {
  if (error instanceof EmulatorHttpError) {
    send(deps, res, error.status, { code: error.code, message: error.message }, { ...error.headers });
  } else {
    send(deps, res, 500, {
      code: 500,
      message: `Internal emulator error: ${(error as Error).message}. This is a bug in the emulator; please report it.`,
    });
  }
}

/**
 * Injected faults that stop a request before it is processed: a 429 burst or a 5xx (thrown), or a dropped
 * connection (true).
 */
function injectRefusals(deps: HandlerDeps, req: IncomingMessage, op: Operation): boolean {
  if (deps.faults.drop(op)) {
    req.socket.destroy();
    return true;
  }
  const retryAfter = deps.faults.throttle(op);
  if (retryAfter === null) throw new EmulatorHttpError(429, "Rate limit exceeded (injected, without Retry-After).");
  if (retryAfter !== undefined) {
    throw new EmulatorHttpError(429, `Rate limit exceeded (injected). Retry after ${retryAfter} seconds.`, { "Retry-After": String(retryAfter) });
  }
  const status = deps.faults.serverError(op);
  if (status !== undefined) throw new EmulatorHttpError(status, `Service unavailable (injected fault, HTTP ${status}). Retry later.`);
  return false;
}

/** Creates the request listener for `http.createServer`. */
export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    deps.counters.requests++;
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const body = await readBody(req);
    const entry = deps.requestLog.record({
      atMs: deps.now(),
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      params: Object.fromEntries(url.searchParams),
      bodyText: body.text,
    });
    logged.set(res, entry);
    if (url.pathname !== BASE_PATH && !url.pathname.startsWith(`${BASE_PATH}/`)) {
      throw new EmulatorHttpError(404, `No such endpoint: ${url.pathname}. Endpoints live under ${BASE_PATH}/.`);
    }
    const r = route(req.method ?? "GET", url.pathname.slice(BASE_PATH.length), body);
    entry.operation = r.op;
    const category = CATEGORY[r.op];
    deps.counters.byOperation[r.op]++;
    if (category) deps.counters.byCategory[category]++;

    const passed = deps.faults.passes(r.op);
    const delay = passed ? 0 : deps.faults.delayMs(r.op);
    if (delay > 0) await deps.sleep(delay);
    const commitAfterMs = passed ? undefined : deps.faults.commitAfterDrop(r.op);
    if (commitAfterMs !== undefined) {
      req.socket.destroy();
      await deps.sleep(commitAfterMs);
    } else if (!passed && injectRefusals(deps, req, r.op)) {
      return;
    }
    if (category) {
      deps.tokens.authenticate(req.headers.authorization);
      const decision = deps.limiter.take(category);
      if (!decision.allowed) {
        deps.counters.rateLimited++;
        throw new EmulatorHttpError(429, `Rate limit exceeded for ${category}. Retry after ${decision.retryAfterSeconds} seconds.`, {
          "Retry-After": String(decision.retryAfterSeconds),
        });
      }
    }
    const result = execute(deps, r, req, url, body);
    // The client gave up (a latency spike longer than its timeout) or the connection was dropped: committed, answer lost.
    if (req.socket.destroyed) return;
    if (!passed && deps.faults.commitThenDrop(r.op)) {
      req.socket.destroy();
      return;
    }
    send(deps, res, 200, answersAudiences(r.op) ? shapeAnswer(result, deps.behaviour) : result);
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendError(deps, res, error);
    });
  };
}
