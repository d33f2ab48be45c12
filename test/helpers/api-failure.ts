/** The error a client call fails with, checked to be a PinterestApiError (the test fails when the call resolves). */
import { PinterestApiError } from "../../provider/api";

/** Awaits `promise` and returns the PinterestApiError it rejects with. */
export async function apiFailure(promise: Promise<unknown>): Promise<PinterestApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PinterestApiError);
  return error as PinterestApiError;
}
