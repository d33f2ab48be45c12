/**
 * The emulator's routes: which operation a method and path below `/v5` name (or 404/405), path ids checked as the
 * description types them, and the request body read as JSON.
 */
import type { IncomingMessage } from "node:http";
import { EmulatorHttpError, badRequest } from "./errors";
import type { Operation } from "./operations";
import { peekOperationType } from "./requests";

/** Path prefix of every endpoint. */
export const BASE_PATH = "/v5";
/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The operation a request names, with the ids in its path. */
export interface Route {
  op: Operation;
  adAccountId?: string;
  audienceId?: string;
  customerListId?: string;
}

/** A request body: parsed JSON, or text that is not JSON. */
export type Body = { ok: true; value: unknown; text: string } | { ok: false; text: string };

const AUDIENCES = /^\/ad_accounts\/([^/]+)\/audiences\/?$/;
const SHARE_WITH_AD_ACCOUNTS = /^\/ad_accounts\/([^/]+)\/audiences\/ad_accounts\/shared\/?$/;
const SHARE_WITH_BUSINESSES = /^\/ad_accounts\/([^/]+)\/audiences\/businesses\/shared\/?$/;
const SHARED_ACCOUNTS = /^\/ad_accounts\/([^/]+)\/audiences\/shared\/accounts\/?$/;
const AUDIENCE = /^\/ad_accounts\/([^/]+)\/audiences\/([^/]+)\/?$/;
const CUSTOMER_LISTS = /^\/ad_accounts\/([^/]+)\/customer_lists\/?$/;
const CUSTOMER_LIST = /^\/ad_accounts\/([^/]+)\/customer_lists\/([^/]+)\/?$/;

/** A path id, decoded, or 400: digits only, at most 18 (the description's pattern). */
export function pathId(name: string, raw: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    value = raw;
  }
  if (!/^\d+$/.test(value) || value.length > 18) throw badRequest(`${name} must be a string of at most 18 digits; got "${value.slice(0, 40)}".`);
  return value;
}

function methodNotAllowed(allow: string): EmulatorHttpError {
  return new EmulatorHttpError(405, `Method not allowed here; use ${allow}.`, { Allow: allow });
}

const SHARING_ROUTES: readonly [RegExp, string, Operation][] = [
  [SHARE_WITH_AD_ACCOUNTS, "PATCH", "audiences/share_with_ad_accounts"],
  [SHARE_WITH_BUSINESSES, "PATCH", "audiences/share_with_businesses"],
  [SHARED_ACCOUNTS, "GET", "audiences/shared_accounts"],
];

/** Maps method and path (below `/v5`) to an operation, or throws 404/405. Path ids are validated later. */
export function route(method: string, path: string, body: Body): Route {
  if (path === "/oauth/token") {
    if (method !== "POST") throw methodNotAllowed("POST");
    return { op: "token" };
  }
  let m = AUDIENCES.exec(path);
  if (m) {
    if (method === "GET") return { op: "list", adAccountId: m[1] };
    if (method === "POST") return { op: "create", adAccountId: m[1] };
    throw methodNotAllowed("GET, POST");
  }
  for (const [pattern, allowed, op] of SHARING_ROUTES) {
    m = pattern.exec(path);
    if (!m) continue;
    if (method !== allowed) throw methodNotAllowed(allowed);
    return { op, adAccountId: m[1] };
  }
  m = CUSTOMER_LISTS.exec(path);
  if (m) {
    if (method === "GET") return { op: "customer_lists/list", adAccountId: m[1] };
    if (method === "POST") return { op: "customer_lists/create", adAccountId: m[1] };
    throw methodNotAllowed("GET, POST");
  }
  m = CUSTOMER_LIST.exec(path);
  if (m) {
    if (method === "GET") return { op: "customer_lists/get", adAccountId: m[1], customerListId: m[2] };
    if (method === "PATCH") return { op: "customer_lists/update", adAccountId: m[1], customerListId: m[2] };
    throw methodNotAllowed("GET, PATCH");
  }
  m = AUDIENCE.exec(path);
  if (m) {
    if (method === "GET") return { op: "get", adAccountId: m[1], audienceId: m[2] };
    if (method === "PATCH") {
      const op = body.ok && peekOperationType(body.value) === "REMOVE" ? "remove" : "update";
      return { op, adAccountId: m[1], audienceId: m[2] };
    }
    throw methodNotAllowed("GET, PATCH");
  }
  throw new EmulatorHttpError(
    404,
    `No such endpoint: ${method} ${BASE_PATH}${path}. This emulator serves the audience, customer list and oauth/token endpoints.`,
  );
}

/** Reads the request body, refusing one over {@link MAX_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new EmulatorHttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { ok: true, value: undefined, text };
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch {
    return { ok: false, text };
  }
}

/** The body as JSON, or 400 when it is missing or not JSON. */
export function jsonBody(body: Body): unknown {
  if (!body.ok) throw badRequest("The request body is not valid JSON.");
  if (body.value === undefined) throw badRequest("A JSON request body is required.");
  return body.value;
}
