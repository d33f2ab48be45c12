/**
 * The one error type of the Pinterest client. Thrown for every failed call: an HTTP error answer,
 * a timeout, a network failure, missing credentials, or an invalid id or URL caught before sending.
 * It carries plain data only — never a token, a secret or request headers.
 */

/** What kind of failure a {@link PinterestApiError} describes. */
export type PinterestErrorKind =
  /** Pinterest answered with an HTTP error status. */
  | "http"
  /** No complete answer arrived within the per-request timeout. */
  | "timeout"
  /** The connection failed (refused, reset, DNS, TLS). */
  | "network"
  /** Credentials or client options are missing or unusable; nothing was sent. */
  | "configuration"
  /** An argument (an id, a body) was refused before any request was sent. */
  | "invalid_request"
  /** Pinterest answered 2xx with a body that is not the JSON the API describes. */
  | "invalid_response";

/** The fields of a {@link PinterestApiError}, as given to its constructor. */
export interface PinterestApiErrorInit {
  /** The full, already scrubbed message: what happened and what to do next. */
  message: string;
  /** What kind of failure this is. */
  kind: PinterestErrorKind;
  /** The API operation, e.g. `audiences/create`. */
  operation: string;
  /** HTTP status of the last answer, when there was one. */
  status?: number;
  /** Pinterest's error `code` from the answer body. */
  code?: number;
  /** Pinterest's error `message` from the answer body (scrubbed). */
  apiMessage?: string;
  /** The ad account the call was about. */
  adAccountId?: string;
  /** The audience the call was about. */
  audienceId?: string;
  /** Seconds Pinterest asked to wait (`Retry-After`), when it said so. */
  retryAfterSeconds?: number;
  /** True when the request may have taken effect but its outcome is unknown. */
  ambiguous?: boolean;
  /** How many requests were sent for this call (0 when refused before sending). */
  attempts?: number;
}

/** A failed Pinterest API call. The message says what happened and what to do next. */
export class PinterestApiError extends Error {
  /** What kind of failure this is. */
  readonly kind: PinterestErrorKind;
  /** HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** Pinterest's error `code`, when the answer carried one. */
  readonly code?: number;
  /** Pinterest's error `message`, when the answer carried one (scrubbed of secrets). */
  readonly apiMessage?: string;
  /** The API operation, e.g. `audiences/create`. */
  readonly operation: string;
  /** The ad account the call was about. */
  readonly adAccountId?: string;
  /** The audience the call was about. */
  readonly audienceId?: string;
  /** Seconds Pinterest asked to wait (`Retry-After`), when it said so. */
  readonly retryAfterSeconds?: number;
  /**
   * True when the request may have taken effect but its outcome is unknown
   * (a create that timed out, lost its connection after sending, or got a 5xx):
   * reconcile by reading before trying again.
   */
  readonly ambiguous: boolean;
  /** How many requests were sent for this call (0 when refused before sending). */
  readonly attempts: number;

  /** Builds the error from plain fields; `init.message` must already be scrubbed. */
  constructor(init: PinterestApiErrorInit) {
    super(init.message);
    this.name = "PinterestApiError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.ambiguous = init.ambiguous ?? false;
    this.attempts = init.attempts ?? 0;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.apiMessage !== undefined) this.apiMessage = init.apiMessage;
    if (init.adAccountId !== undefined) this.adAccountId = init.adAccountId;
    if (init.audienceId !== undefined) this.audienceId = init.audienceId;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** True when `value` is a {@link PinterestApiError} (also across duplicate module copies). */
export function isPinterestApiError(value: unknown): value is PinterestApiError {
  return value instanceof PinterestApiError || (value instanceof Error && value.name === "PinterestApiError" && "operation" in value);
}
