/**
 * Retries against a scripted server: reads and PATCHes are retried on 429/5xx/network failures,
 * Retry-After is honoured, a create is never re-sent once it may have reached the server, and
 * the total retry time is capped.
 */
import * as http from "node:http";
import { PinterestApiError, PinterestClient } from "../../provider/api";
import { clientOnFakeServer } from "../helpers/client-on-fake-server";
import { closedPort, scripted, startFakeServer, virtualClock, type FakeReply, type FakeServer } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const AUDIENCE = "2542620905473";
const audience = { id: AUDIENCE, ad_account_id: ACCOUNT, name: "Visitors", audience_type: "VISITOR" };
const createRequest = { name: "Visitors", audience_type: "VISITOR" as const, rule: { visitor_source_id: "2541234567890", retention_days: 30 } };

/** A server with a handler and a client on it with instant, recorded sleeps. */
const { setup, track } = clientOnFakeServer({ rateLimits: { ads_read: Infinity, ads_write: Infinity } });

/** Awaits a promise expected to reject with a PinterestApiError. */
async function failure(promise: Promise<unknown>): Promise<PinterestApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PinterestApiError);
    return error as PinterestApiError;
  }
  throw new Error("expected the call to fail");
}

const unavailable: FakeReply = { status: 503, body: { code: 503, message: "Service unavailable" } };

test("a GET answered 503 twice is retried and succeeds on the third attempt", async () => {
  const { server, client, clock } = await setup(scripted([unavailable, { status: 502 }, { status: 200, body: audience }]));
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  expect(server.requests).toHaveLength(3);
  // full jitter with random 0.5: half of 500 ms, then half of 1000 ms
  expect(clock.sleeps).toEqual([250, 500]);
});

test("Retry-After in seconds is waited out exactly", async () => {
  const { server, client, clock } = await setup(
    scripted([
      { status: 429, headers: { "Retry-After": "7" }, body: { code: 8, message: "slow down" } },
      { status: 200, body: audience },
    ]),
  );
  await client.audiences.get(ACCOUNT, AUDIENCE);
  expect(server.requests).toHaveLength(2);
  expect(clock.sleeps).toContain(7000);
});

test("Retry-After as an HTTP date is waited out until that date", async () => {
  const clock = virtualClock(Date.parse("2030-01-01T00:00:00Z"));
  const { server, client } = await setup(
    scripted([
      { status: 503, headers: { "Retry-After": "Tue, 01 Jan 2030 00:00:12 GMT" } },
      { status: 200, body: audience },
    ]),
    { now: clock.now, sleep: clock.sleep },
  );
  await client.audiences.get(ACCOUNT, AUDIENCE);
  expect(server.requests).toHaveLength(2);
  expect(clock.sleeps).toEqual([12_000]);
});

test("a create answered 429 was not processed, so it is re-sent and creates once", async () => {
  const { server, client } = await setup(
    scripted([
      { status: 429, headers: { "Retry-After": "1" } },
      { status: 200, body: audience },
    ]),
  );
  await expect(client.audiences.create(ACCOUNT, createRequest)).resolves.toEqual(audience);
  expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
  expect(server.requests[1].json).toEqual({ ...createRequest, ad_account_id: ACCOUNT });
});

test("a create answered 5xx is not re-sent and fails as ambiguous", async () => {
  const { server, client } = await setup(scripted([unavailable, { status: 200, body: audience }]));
  const error = await failure(client.audiences.create(ACCOUNT, createRequest));
  expect(server.requests).toHaveLength(1);
  expect(error).toMatchObject({ status: 503, ambiguous: true, operation: "audiences/create", adAccountId: ACCOUNT, attempts: 1 });
  expect(error.message).toMatch(/may have been created/);
});

test("a create that times out is not re-sent and fails as ambiguous", async () => {
  const { server, client } = await setup(scripted([{ hang: true }, { status: 200, body: audience }]), { timeoutMs: 150 });
  const error = await failure(client.audiences.create(ACCOUNT, createRequest));
  expect(server.requests).toHaveLength(1);
  expect(error).toMatchObject({ kind: "timeout", ambiguous: true, operation: "audiences/create" });
});

test("a create whose connection drops after sending is not re-sent and fails as ambiguous", async () => {
  const { server, client } = await setup(scripted([{ drop: true }, { status: 200, body: audience }]));
  const error = await failure(client.audiences.create(ACCOUNT, createRequest));
  expect(server.requests).toHaveLength(1);
  expect(error).toMatchObject({ kind: "network", ambiguous: true });
});

test("a create refused before connecting is re-sent once the server is up, and creates once", async () => {
  const port = await closedPort();
  let started: FakeServer | undefined;
  const clock = virtualClock();
  const client = new PinterestClient({
    baseUrl: `http://127.0.0.1:${port}/v5`,
    accessToken: "test-token-abcdef",
    now: clock.now,
    random: () => 0.5,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      started ??= await startFakeServer(scripted([{ status: 200, body: audience }]), port);
    },
  });
  track(client);
  try {
    await expect(client.audiences.create(ACCOUNT, createRequest)).resolves.toEqual(audience);
    expect(started?.requests).toHaveLength(1);
    expect(clock.sleeps).toHaveLength(1);
  } finally {
    await started?.stop();
  }
});

test("a create refused every time fails after maxRetries, not ambiguous", async () => {
  const port = await closedPort();
  const clock = virtualClock();
  const client = new PinterestClient({
    baseUrl: `http://127.0.0.1:${port}/v5`,
    accessToken: "test-token-abcdef",
    now: clock.now,
    sleep: clock.sleep,
    maxRetries: 2,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
  });
  track(client);
  const error = await failure(client.audiences.create(ACCOUNT, createRequest));
  expect(error).toMatchObject({ kind: "network", ambiguous: false, attempts: 3 });
  expect(error.message).toMatch(/ECONNREFUSED/);
});

test("a GET that times out is retried", async () => {
  const { server, client } = await setup(scripted([{ hang: true }, { status: 200, body: audience }]), { timeoutMs: 150 });
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  expect(server.requests).toHaveLength(2);
});

test("an update (PATCH) answered 500 is re-sent with the same fields", async () => {
  const { server, client } = await setup(scripted([{ status: 500 }, { status: 200, body: { ...audience, name: "New" } }]));
  await client.audiences.update(ACCOUNT, AUDIENCE, { name: "New" });
  expect(server.requests).toHaveLength(2);
  expect(server.requests[0].body).toBe(server.requests[1].body);
  expect(server.requests[1].json).toEqual({ ad_account_id: ACCOUNT, name: "New", operation_type: "UPDATE" });
});

test("an update failing 5xx on every attempt is reported as ambiguous", async () => {
  const { server, client } = await setup(scripted([], unavailable), { maxRetries: 2 });
  const error = await failure(client.audiences.update(ACCOUNT, AUDIENCE, { name: "New" }));
  expect(server.requests).toHaveLength(3);
  expect(error).toMatchObject({ status: 503, ambiguous: true, audienceId: AUDIENCE });
});

test("a remove re-sent after an attempt that may have applied, answered 404, is a 404 error: only a read can tell whether it is gone", async () => {
  const { server, client } = await setup(scripted([{ status: 502 }, { status: 404, body: { code: 2642, message: "Audience not found" } }]));
  await expect(client.audiences.remove(ACCOUNT, AUDIENCE)).rejects.toMatchObject({ status: 404, code: 2642 });
  expect(server.requests).toHaveLength(2);
  expect(server.requests[0].json).toEqual({ ad_account_id: ACCOUNT, operation_type: "REMOVE" });
});

test("a remove answered 404 at once is a 404 error", async () => {
  const { client } = await setup(scripted([{ status: 404, body: { code: 2642, message: "Audience not found" } }]));
  await expect(client.audiences.remove(ACCOUNT, AUDIENCE)).rejects.toMatchObject({ status: 404, code: 2642 });
});

test("429 on every attempt fails after maxRetries with status 429 and the Retry-After", async () => {
  const { server, client } = await setup(
    scripted([], { status: 429, headers: { "Retry-After": "2" }, body: { code: 8, message: "Rate limit exceeded" } }),
    { maxRetries: 3 },
  );
  const error = await failure(client.audiences.get(ACCOUNT, AUDIENCE));
  expect(server.requests).toHaveLength(4);
  expect(error).toMatchObject({ status: 429, code: 8, retryAfterSeconds: 2, ambiguous: false, attempts: 4 });
  expect(error.message).toMatch(/maxConcurrency|rateLimits/);
});

test("a Retry-After beyond maxRetryTimeMs stops at once instead of waiting", async () => {
  const { server, client, clock } = await setup(
    scripted([
      { status: 429, headers: { "Retry-After": "3600" } },
      { status: 200, body: audience },
    ]),
    { maxRetryTimeMs: 60_000 },
  );
  const error = await failure(client.audiences.get(ACCOUNT, AUDIENCE));
  expect(server.requests).toHaveLength(1);
  expect(clock.sleeps).toEqual([]);
  expect(error.retryAfterSeconds).toBe(3600);
});

test("retries stop when their waits would pass maxRetryTimeMs", async () => {
  const { server, client, clock } = await setup(scripted([], unavailable), { maxRetries: 50, maxRetryTimeMs: 5_000, random: () => 0.999 });
  await failure(client.audiences.get(ACCOUNT, AUDIENCE));
  const waited = clock.sleeps.reduce((a, b) => a + b, 0);
  expect(waited).toBeLessThanOrEqual(5_000);
  expect(server.requests.length).toBeLessThan(51);
  expect(server.requests.length).toBeGreaterThan(1);
});

test("400 is not retried and carries Pinterest's code and message", async () => {
  const { server, client } = await setup(scripted([{ status: 400, body: { code: 2, message: "Invalid rule: retention_days" } }]));
  const error = await failure(client.audiences.create(ACCOUNT, createRequest));
  expect(server.requests).toHaveLength(1);
  expect(error).toMatchObject({ status: 400, code: 2, apiMessage: "Invalid rule: retention_days", ambiguous: false });
  expect(error.message).toMatch(/Fix the audience declaration/);
});

test("the keep-alive agent reuses one connection for sequential calls", async () => {
  const sockets = new Set<unknown>();
  const { server, client } = await setup(() => ({ status: 200, body: audience }), {
    now: undefined,
    sleep: undefined,
    random: undefined,
    rateLimits: { ads_read: Infinity },
  });
  const original = http.Agent.prototype.createConnection;
  let created = 0;
  const spy = jest.spyOn(http.Agent.prototype, "createConnection").mockImplementation(function (
    this: http.Agent,
    ...args: Parameters<typeof original>
  ) {
    created += 1;
    const socket = original.apply(this, args);
    sockets.add(socket);
    return socket;
  });
  try {
    for (let i = 0; i < 5; i++) await client.audiences.get(ACCOUNT, AUDIENCE);
  } finally {
    spy.mockRestore();
  }
  expect(server.requests).toHaveLength(5);
  expect(created).toBe(1);
});
