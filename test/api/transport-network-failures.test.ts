/**
 * How the request pipeline (provider/api/transport.ts) classifies a request that got no answer, with `fetch`
 * replaced by a script (Node's sockets cannot be made to fail with each error code on demand):
 *
 * - a connection that was never made (refused, DNS, unreachable) is retried, even for a create: nothing was sent;
 * - a TLS failure is not retried, and is not ambiguous: nothing was processed;
 * - a failure after the answer began is a dropped connection whatever its code: a create is not sent again;
 * - whatever fetch rejects with, the call fails with a PinterestApiError naming the failure;
 * - the timer bounding each attempt is cleared once the attempt settles.
 */
jest.mock("node-fetch", () => ({ __esModule: true, ...jest.requireActual<object>("node-fetch"), default: jest.fn() }));

import fetch from "node-fetch";
import { PinterestClient, type PinterestClientOptions } from "../../provider/api";
import { apiFailure } from "../helpers/api-failure";
import { virtualClock } from "../helpers/fake-server";

const mockedFetch = fetch as unknown as jest.Mock;

const ACCOUNT = "549755885175";
const AUDIENCE = "2542620905473";
const HOST = "127.0.0.1:9";
const audience = { id: AUDIENCE, ad_account_id: ACCOUNT, name: "Visitors", audience_type: "VISITOR" };
const createRequest = { name: "Visitors", audience_type: "VISITOR", rule: { visitor_source_id: "1" } } as const;

let client: PinterestClient | undefined;
afterEach(() => {
  client?.close();
  client = undefined;
  mockedFetch.mockReset();
  jest.useRealTimers();
});

/** A client on a scripted fetch: each call answers the next step (a value resolves, an Error-like rejects). */
function clientOn(steps: (() => Promise<unknown>)[], options: PinterestClientOptions = {}) {
  for (const step of steps) mockedFetch.mockImplementationOnce(step);
  const lines: string[] = [];
  const clock = virtualClock();
  client = new PinterestClient({
    baseUrl: `http://${HOST}/v5`,
    accessToken: "test-token-abcdef",
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
    maxRetries: 3,
    logger: (level, message) => void lines.push(`${level} ${message}`),
    ...options,
  });
  return { client, lines };
}

/** A response as node-fetch gives it. */
function answer(status: number, body: unknown, text: () => Promise<string> = async () => JSON.stringify(body)) {
  return async () => ({ status, headers: { get: () => null }, text });
}

/** A rejection of fetch with a system error carrying `code`, as node-fetch's FetchError does. */
function failingWith(code: unknown, name = "FetchError") {
  return async () => {
    throw Object.assign(new Error(`request failed, reason: ${String(code)}`), { name, code });
  };
}

test.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"])(
  "a create whose connection failed with %s was never sent: it is sent again",
  async (code) => {
    const { client } = clientOn([failingWith(code), answer(201, audience)]);
    await expect(client.audiences.create(ACCOUNT, createRequest)).resolves.toEqual(audience);
    expect(mockedFetch).toHaveBeenCalledTimes(2);
  },
);

test.each([
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_SSL_WRONG_VERSION_NUMBER",
])("a read whose TLS handshake failed with %s is not retried, and says why", async (code) => {
  const { client, lines } = clientOn([failingWith(code), answer(200, audience)]);
  const error = await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE));
  expect(error).toMatchObject({ kind: "network", attempts: 1, ambiguous: false });
  expect(error.message).toContain(`the connection to ${HOST} failed (${code})`);
  expect(lines).toEqual([`debug GET /ad_accounts/${ACCOUNT}/audiences/${AUDIENCE} -> rejected (attempt 1)`]);
});

describe("a failure after the answer began is a dropped connection, whatever its code", () => {
  const brokenBody = (code: string) => answer(200, undefined, failingWith(code));

  test("a create is not sent again and fails as ambiguous, even with a code that means 'never sent'", async () => {
    const { client } = clientOn([brokenBody("ECONNREFUSED"), answer(201, audience)]);
    expect(await apiFailure(client.audiences.create(ACCOUNT, createRequest))).toMatchObject({ kind: "network", ambiguous: true, attempts: 1 });
    expect(mockedFetch).toHaveBeenCalledTimes(1);
  });

  test("a read is retried, even with a TLS code", async () => {
    const { client } = clientOn([brokenBody("ERR_SSL_DECRYPTION_FAILED"), answer(200, audience)]);
    await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
    expect(mockedFetch).toHaveBeenCalledTimes(2);
  });
});

describe("whatever fetch rejects with, the call fails with a PinterestApiError naming the failure", () => {
  test.each<[string, () => Promise<never>, string]>([
    ["an error whose code is not text: its name", failingWith(42, "FetchError"), "(FetchError)"],
    ["null", () => Promise.reject(null), "(unknown error)"],
    ["a string", () => Promise.reject("socket hang up"), "(unknown error)"],
  ])("%s", async (_what, step, named) => {
    const { client } = clientOn([step]);
    const error = await apiFailure(client.audiences.create(ACCOUNT, createRequest));
    expect(error).toMatchObject({ kind: "network", ambiguous: true });
    expect(error.message).toContain(`the connection to ${HOST} failed ${named}`);
  });
});

test("the timer of an attempt is cleared once it is answered: it never aborts afterwards", async () => {
  jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
  const { client } = clientOn([answer(200, audience)], { timeoutMs: 1_000 });
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  const signal = (mockedFetch.mock.calls[0][1] as { signal: AbortSignal }).signal;
  jest.advanceTimersByTime(5_000);
  expect(signal.aborted).toBe(false);
});
