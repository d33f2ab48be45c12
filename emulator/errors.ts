/**
 * The one error type the emulator's handlers throw: an HTTP status plus the API's `{code, message}` body.
 */
export class EmulatorHttpError extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The `code` field of the error body (the emulator uses the HTTP status as the code). */
  readonly code: number;
  /** Extra headers to send with the answer (e.g. `Retry-After`). */
  readonly headers: Readonly<Record<string, string>>;

  /** Creates an error answered with `status` and `{code: status, message}`. */
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "EmulatorHttpError";
    this.status = status;
    this.code = status;
    this.headers = headers;
  }
}

/** A 400 answer: the request is malformed; the message says which field and what is expected. */
export function badRequest(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, message);
}
