/**
 * Errors and input checks: per-class messages that say what to do next, ids and arguments refused
 * before any request, the base-URL rule (https, or http only to loopback), options from the
 * environment, and a closed client.
 */
import { PinterestApiError, PinterestClient, clientOptionsFromEnv, isLoopbackHost, type PinterestClientOptions } from "../../provider/api";
import { scripted, startFakeServer, virtualClock, type FakeHandler, type FakeServer } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const AUDIENCE = "2542620905473";
const audience = { id: AUDIENCE, ad_account_id: ACCOUNT, name: "Visitors", audience_type: "VISITOR" };

let server: FakeServer | undefined;
let client: PinterestClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.stop();
  server = undefined;
});

async function setup(handler: FakeHandler, options: PinterestClientOptions = {}) {
  server = await startFakeServer(handler);
  const clock = virtualClock();
  client = new PinterestClient({
    baseUrl: server.url,
    accessToken: "test-token-abcdef",
    now: clock.now,
    sleep: clock.sleep,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
    ...options,
  });
  return { server, client };
}

async function failure(promise: Promise<unknown>): Promise<PinterestApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PinterestApiError);
  return error as PinterestApiError;
}

describe("messages per class", () => {
  test("404 on get: status, code, message and ids, and what to do", async () => {
    const { client } = await setup(scripted([{ status: 404, body: { code: 2642, message: "Audience not found." } }]));
    const error = await failure(client.audiences.get(ACCOUNT, AUDIENCE));
    expect(error).toMatchObject({
      kind: "http",
      status: 404,
      code: 2642,
      apiMessage: "Audience not found.",
      operation: "audiences/get",
      adAccountId: ACCOUNT,
      audienceId: AUDIENCE,
      ambiguous: false,
    });
    expect(error.message).toContain(`audience ${AUDIENCE} in ad account ${ACCOUNT}`);
    expect(error.message).toMatch(/pulumi refresh/);
  });

  test("403 on a read names the ads:read scope and the ad account", async () => {
    const { client } = await setup(scripted([{ status: 403, body: { code: 29, message: "Not authorized." } }]));
    const error = await failure(client.audiences.list(ACCOUNT));
    expect(error.message).toMatch(/ads:read/);
    expect(error.message).toContain(ACCOUNT);
  });

  test("5xx on a read, after retries, says Pinterest is unavailable and to retry later", async () => {
    const { server, client } = await setup(scripted([], { status: 503, body: { code: 503, message: "Unavailable" } }), { maxRetries: 1 });
    const error = await failure(client.audiences.get(ACCOUNT, AUDIENCE));
    expect(server.requests).toHaveLength(2);
    expect(error.message).toMatch(/unavailable.*Retry later/);
    expect(error.ambiguous).toBe(false);
  });

  test("a non-JSON error body is kept as a short message", async () => {
    const { client } = await setup(scripted([{ status: 400, body: "<html>bad gateway config</html>" }]));
    const error = await failure(client.audiences.get(ACCOUNT, AUDIENCE));
    expect(error.apiMessage).toBe("<html>bad gateway config</html>");
    expect(error.code).toBeUndefined();
  });

  test("a create answered 200 with an unreadable body is ambiguous (it was created)", async () => {
    const { client } = await setup(scripted([{ status: 200, body: "not json" }]));
    const error = await failure(client.audiences.create(ACCOUNT, { name: "n", audience_type: "VISITOR", rule: {} }));
    expect(error).toMatchObject({ kind: "invalid_response", ambiguous: true });
  });
});

describe("ids and arguments are checked before any request", () => {
  const bad = ["", "abc", "12a", "1".repeat(19), "12/../34", " 12", "12?x=1", "-1"];

  test.each(bad)("id %j is refused by every operation, nothing sent", async (id) => {
    const { server, client } = await setup(() => ({ status: 200, body: audience }));
    const calls: Promise<unknown>[] = [
      client.audiences.list(id),
      client.audiences.get(id, AUDIENCE),
      client.audiences.get(ACCOUNT, id),
      client.audiences.create(id, { name: "n", audience_type: "VISITOR", rule: {} }),
      client.audiences.update(id, AUDIENCE, { name: "n" }),
      client.audiences.update(ACCOUNT, id, { name: "n" }),
      client.audiences.remove(id, AUDIENCE),
      client.audiences.remove(ACCOUNT, id),
    ];
    for (const call of calls) expect(await failure(call)).toMatchObject({ kind: "invalid_request", attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });

  test("an 18-digit id is accepted", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: audience }));
    await client.audiences.get("1".repeat(18), "9".repeat(18));
    expect(server.requests[0].path).toBe(`/v5/ad_accounts/${"1".repeat(18)}/audiences/${"9".repeat(18)}`);
  });

  test.each([0, 251, 2.5, Number.NaN])("pageSize %p is refused", async (pageSize) => {
    const { server, client } = await setup(() => ({ status: 200, body: { items: [] } }));
    await expect(client.audiences.list(ACCOUNT, { pageSize })).rejects.toMatchObject({ kind: "invalid_request" });
    expect(server.requests).toHaveLength(0);
  });

  test("an ad_account_id in the body that differs from the target account is refused", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: audience }));
    await expect(client.audiences.create(ACCOUNT, { ad_account_id: "1", name: "n", audience_type: "VISITOR", rule: {} })).rejects.toMatchObject({
      kind: "invalid_request",
    });
    await expect(client.audiences.update(ACCOUNT, AUDIENCE, { ad_account_id: "1", name: "n" })).rejects.toMatchObject({ kind: "invalid_request" });
    expect(server.requests).toHaveLength(0);
  });

  test("update sends only the fields given, with operation_type UPDATE", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: audience }));
    await client.audiences.update(ACCOUNT, AUDIENCE, { description: "d", name: undefined });
    expect(server.requests[0].method).toBe("PATCH");
    expect(server.requests[0].json).toEqual({ ad_account_id: ACCOUNT, description: "d", operation_type: "UPDATE" });
  });
});

describe("base URL", () => {
  test.each([
    "http://api.pinterest.com/v5",
    "http://10.0.0.1/v5",
    "http://127.0.0.1.example.com/v5",
    "ftp://127.0.0.1/v5",
    "not a url",
    "https://user:pw@api.pinterest.com/v5",
  ])("%s is refused at construction", (baseUrl) => {
    expect(() => new PinterestClient({ baseUrl, accessToken: "t" })).toThrow(PinterestApiError);
    expect(() => new PinterestClient({ baseUrl, accessToken: "t" })).toThrow(/PINTEREST_API_URI/);
  });

  test.each([
    "http://127.0.0.1:8080/v5",
    "http://127.5.6.7/v5",
    "http://localhost:9/v5",
    "http://[::1]:9/v5",
    "https://api.pinterest.com/v5",
    "https://example.com/proxy/v5/",
  ])("%s is accepted", (baseUrl) => {
    const c = new PinterestClient({ baseUrl, accessToken: "t" });
    c.close();
  });

  test("loopback hosts", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
    expect(isLoopbackHost("localhost.evil.com")).toBe(false);
  });

  test("a trailing slash on the base URL does not double the slash in paths", async () => {
    server = await startFakeServer(() => ({ status: 200, body: audience }));
    client = new PinterestClient({ baseUrl: `${server.url}/`, accessToken: "t" });
    await client.audiences.get(ACCOUNT, AUDIENCE);
    expect(server.requests[0].url).toBe(`/v5/ad_accounts/${ACCOUNT}/audiences/${AUDIENCE}`);
  });
});

describe("options from the environment", () => {
  test("reads the Python SDK's variable names and ignores blank ones", () => {
    expect(
      clientOptionsFromEnv({
        PINTEREST_ACCESS_TOKEN: "a",
        PINTEREST_REFRESH_ACCESS_TOKEN: "r",
        PINTEREST_APP_ID: "1",
        PINTEREST_APP_SECRET: " s ",
        PINTEREST_API_URI: "http://127.0.0.1:1/v5",
      }),
    ).toEqual({ accessToken: "a", refreshToken: "r", appId: "1", appSecret: "s", baseUrl: "http://127.0.0.1:1/v5", credentialOrigin: "environment" });
    expect(clientOptionsFromEnv({ PINTEREST_ACCESS_TOKEN: "  ", OTHER: "x" })).toEqual({});
  });

  test("fromEnv: overrides win where defined", async () => {
    server = await startFakeServer(() => ({ status: 200, body: audience }));
    client = PinterestClient.fromEnv(
      { PINTEREST_ACCESS_TOKEN: "env-token-abcdef", PINTEREST_API_URI: "https://unused.example" },
      { baseUrl: server.url, accessToken: undefined },
    );
    await client.audiences.get(ACCOUNT, AUDIENCE);
    expect(server.requests[0].headers.authorization).toBe("Bearer env-token-abcdef");
  });

  test("invalid numeric options are refused", () => {
    expect(() => new PinterestClient({ accessToken: "t", maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(() => new PinterestClient({ accessToken: "t", rateLimits: { ads_write: -1 } })).toThrow(/rateLimits.ads_write/);
    expect(() => new PinterestClient({ accessToken: "t", timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });
});

test("a closed client refuses calls", async () => {
  const { server, client } = await setup(() => ({ status: 200, body: audience }));
  client.close();
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).rejects.toThrow(/closed/);
  expect(server.requests).toHaveLength(0);
});

test("close() ends a long Retry-After wait: the pending call rejects as closed", async () => {
  server = await startFakeServer(() => ({ status: 429, headers: { "Retry-After": "3600" } }));
  const warnings: string[] = [];
  client = new PinterestClient({
    baseUrl: server.url,
    accessToken: "t",
    maxRetryTimeMs: 7_200_000,
    maxRateLimitWaitMs: 7_200_000,
    logger: (level, m) => level === "warn" && warnings.push(m),
  });
  const pending = client.audiences.get(ACCOUNT, AUDIENCE);
  while (warnings.length === 0) await new Promise((r) => setTimeout(r, 5)); // the hour-long wait has begun
  expect(warnings[0]).toMatch(/in 3600000 ms/);
  client.close();
  await expect(pending).rejects.toThrow(/closed/);
  expect(server.requests).toHaveLength(1);
});

test("close() fails calls queued behind the rate limit", async () => {
  server = await startFakeServer(() => ({ status: 200, body: audience }));
  client = new PinterestClient({ baseUrl: server.url, accessToken: "t", rateLimits: { ads_read: 1 } });
  const calls = [client.audiences.get(ACCOUNT, AUDIENCE), client.audiences.get(ACCOUNT, AUDIENCE), client.audiences.get(ACCOUNT, AUDIENCE)];
  const settled = Promise.allSettled(calls);
  await calls[0]; // the first call is answered; the other two wait a minute each for the limit
  client.close();
  const results = await settled;
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected"]);
  expect(server.requests).toHaveLength(1);
});
