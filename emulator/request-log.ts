/**
 * The emulator's log of the HTTP requests it received: method, path, query, body and the status answered, so a
 * test can assert exactly what a client sent. Hand changes (out of band) are not requests and are not logged.
 * Headers are never kept (they carry the bearer token).
 */
import type { Operation } from "./operations";

/** One request as the emulator received it. */
export interface LoggedRequest {
  /** 1 for the first request since start or the last reset, then 2, 3, ... */
  seq: number;
  /** When it arrived, epoch ms (the emulator's clock). */
  atMs: number;
  /** HTTP method. */
  method: string;
  /** Path without the query, including the `/v5` base. */
  path: string;
  /** The query string without `?` ("" when none), as sent. */
  query: string;
  /** The query parameters (the last value when one repeats). */
  params: Record<string, string>;
  /** The operation it was routed to; undefined when no route matched. */
  operation?: Operation;
  /** The body parsed as JSON; undefined when empty or not JSON (the token call's form body). */
  body?: unknown;
  /** The raw body text. */
  bodyText: string;
  /** The HTTP status answered; undefined while pending, or when the connection was dropped without an answer. */
  status?: number;
}

/** Requests received, oldest first, up to a limit (the oldest are dropped beyond it). */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  /** Creates a log that keeps at most `limit` requests (0: none). */
  constructor(private readonly limit: number) {}

  /** Records a request; the returned entry is updated in place (operation, status). */
  record(entry: Omit<LoggedRequest, "seq" | "body">): LoggedRequest {
    const logged: LoggedRequest = { seq: ++this.seq, ...entry };
    if (entry.bodyText.trim() !== "") {
      try {
        logged.body = JSON.parse(entry.bodyText) as unknown;
      } catch {
        // a form body (the token call) or malformed JSON: only bodyText
      }
    }
    if (this.limit > 0) {
      this.entries.push(logged);
      if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    }
    return logged;
  }

  /** Copies of the logged requests, oldest first; only those routed to `operation` when given. */
  list(operation?: Operation): LoggedRequest[] {
    const chosen = operation === undefined ? this.entries : this.entries.filter((e) => e.operation === operation);
    return structuredClone(chosen);
  }

  /** Forgets every request and restarts the numbering. */
  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
