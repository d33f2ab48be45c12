/**
 * A tiny scripted HTTP server for client tests: node:http on 127.0.0.1, port 0. Each request is
 * recorded and answered by the next step of a script (or by a handler function), so retry,
 * timeout and ambiguity behaviour can be driven exactly.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server saw it. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Path without the query. */
  path: string;
  /** Query parameters. */
  query: URLSearchParams;
  /** Request headers (lower-case names). */
  headers: http.IncomingHttpHeaders;
  /** Raw body text. */
  body: string;
  /** Body parsed as JSON, when it was JSON. */
  json?: unknown;
}

/** How to answer one request. */
export type FakeReply =
  /** Answer with this status, headers and body (an object is sent as JSON). */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Never answer (the client's timeout must fire). */
  | { hang: true }
  /** Destroy the connection after reading the request, before answering. */
  | { drop: true };

/** Decides the reply to the `index`-th request (0-based). */
export type FakeHandler = (request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

/** A running fake server. */
export interface FakeServer {
  /** Base URL, e.g. `http://127.0.0.1:12345/v5`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Stops listening and destroys open connections (also hanging ones). */
  stop(): Promise<void>;
}

/** A handler answering requests with `steps` in order, then with `after` (default: 500 "script exhausted"). */
export function scripted(steps: FakeReply[], after?: FakeReply | FakeHandler): FakeHandler {
  return (request, index) => {
    if (index < steps.length) return steps[index];
    if (typeof after === "function") return after(request, index);
    return after ?? { status: 500, body: { code: 0, message: "fake server: script exhausted" } };
  };
}

/** Starts a fake server on 127.0.0.1, port 0 (or `port`), answering with `handler`. */
export async function startFakeServer(handler: FakeHandler, port = 0): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = new URL(req.url ?? "/", "http://fake");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body,
      };
      try {
        if (body) recorded.json = JSON.parse(body);
      } catch {
        // form bodies stay text
      }
      const index = requests.length;
      requests.push(recorded);
      void Promise.resolve(handler(recorded, index)).then((reply) => {
        if ("hang" in reply) return;
        if ("drop" in reply) {
          req.socket.destroy();
          return;
        }
        const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/v5`,
    port: actualPort,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on now (connections to it are refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A clock for the client's `now`/`sleep` hooks: sleeping moves virtual time forward instantly and is recorded. */
export interface VirtualClock {
  /** The virtual time in ms. */
  now: () => number;
  /** Resolves at once, the virtual time having moved to at least the caller's wake-up time. */
  sleep: (ms: number) => Promise<void>;
  /** Every sleep requested, in ms, in order. */
  sleeps: number[];
}

/** A virtual clock starting at `start` ms. */
export function virtualClock(start = 1_700_000_000_000): VirtualClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      const wake = time + ms;
      await Promise.resolve();
      time = Math.max(time, wake);
    },
  };
}
