/**
 * A proxy in front of an emulator that a test steers request by request, to make it answer what Pinterest might
 * where the emulator's faults cannot single a request out (e.g. fail a REVOKE but not the SHARE before it, on the
 * same endpoint): pass a request on, answer it alone, or pass it on and answer something else.
 */
import type { Emulator } from "../../emulator";
import { startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";

/**
 * What the proxy does with one request: undefined passes it on; a reply answers it without passing it on; `commitThen`
 * passes it on (so it takes effect) and answers the reply instead of the emulator's answer.
 */
export type ProxyDecision = FakeReply | { commitThen: FakeReply } | undefined;

/** Decides what the proxy does with each request. */
export type ProxySteer = (request: RecordedRequest) => ProxyDecision;

/** A running proxy. */
export interface SteerableProxy {
  /** Its API root, e.g. `http://127.0.0.1:12345/v5`. */
  url: string;
  /** Decides what the proxy does with each request from now on (undefined: pass everything on). */
  intercept(steer: ProxySteer | undefined): void;
  /** Stops it. */
  stop(): Promise<void>;
}

/** Starts a proxy in front of `emulator`, passing everything on until told otherwise. */
export async function startSteerableProxy(emulator: Emulator): Promise<SteerableProxy> {
  let steer: ProxySteer | undefined;
  const server = await startFakeServer((request) => answerThrough(emulator, request, steer?.(request)));
  return { url: server.url, intercept: (next) => void (steer = next), stop: () => server.stop() };
}

/** True for a sharing PATCH (ad accounts or businesses) of the given operation type. */
export function isSharingPatch(
  request: RecordedRequest,
  operationType: "SHARE" | "REVOKE",
  kind: "ad_accounts" | "businesses" = "ad_accounts",
): boolean {
  return (
    request.method === "PATCH" &&
    request.path.endsWith(`/audiences/${kind}/shared`) &&
    (request.json as { operation_type?: string } | undefined)?.operation_type === operationType
  );
}

/** A 503 Pinterest might answer, with `Retry-After: 0` so the client's retries run out without waiting. */
export const UNAVAILABLE = {
  status: 503,
  headers: { "Retry-After": "0" },
  body: { code: 503, message: "Service temporarily unavailable." },
} satisfies FakeReply;

/** Answers a request as `decision` says, passing it on to the emulator unless the decision answers it alone. */
async function answerThrough(emulator: Emulator, request: RecordedRequest, decision: ProxyDecision): Promise<FakeReply> {
  if (decision !== undefined && !("commitThen" in decision)) return decision;
  const headers: Record<string, string> = {};
  for (const header of ["authorization", "content-type"])
    if (typeof request.headers[header] === "string") headers[header] = request.headers[header] as string;
  let answer: Response;
  try {
    answer = await fetch(`${new URL(emulator.url).origin}${request.url}`, {
      method: request.method,
      headers,
      body: request.body === "" ? undefined : request.body,
    });
  } catch {
    return { drop: true };
  }
  const text = await answer.text();
  const passed: Record<string, string> = {};
  for (const header of ["date", "retry-after"]) if (answer.headers.has(header)) passed[header] = answer.headers.get(header) as string;
  return decision?.commitThen ?? { status: answer.status, headers: passed, body: text === "" ? undefined : text };
}
