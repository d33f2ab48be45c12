/**
 * Authentication: the bearer header, fetching a token first from refresh credentials, exactly one
 * shared refresh on 401, the refresh request's form and Basic header, clear missing-credential
 * errors, and no secret in any error or log line even when the server echoes it.
 */
import { PinterestApiError, PinterestClient, type PinterestClientOptions } from "../../provider/api";
import { startFakeServer, virtualClock, type FakeHandler, type FakeServer, type RecordedRequest } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const AUDIENCE = "2542620905473";
const audience = { id: AUDIENCE, ad_account_id: ACCOUNT, name: "Visitors", audience_type: "VISITOR" };
const APP = { appId: "1484848", appSecret: "app-secret-0123456789", refreshToken: "pinr.refresh-0123456789" };

let server: FakeServer | undefined;
let client: PinterestClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.stop();
  server = undefined;
});

async function setup(handler: FakeHandler, options: PinterestClientOptions) {
  server = await startFakeServer(handler);
  const clock = virtualClock();
  client = new PinterestClient({
    baseUrl: server.url,
    now: clock.now,
    sleep: clock.sleep,
    rateLimits: { ads_read: Infinity, ads_write: Infinity },
    ...options,
  });
  return { server, client };
}

/** A server accepting only `valid()` as bearer token and issuing `next()` from /oauth/token. */
function oauthServer(state: { valid: string; issued: string[] }): FakeHandler {
  return (req) => {
    if (req.path === "/v5/oauth/token") {
      const token = `access-${state.issued.length + 1}-abcdef`;
      state.issued.push(token);
      state.valid = token;
      return {
        status: 200,
        body: { access_token: token, token_type: "bearer", expires_in: 2592000, scope: "ads:read,ads:write", response_type: "refresh_token" },
      };
    }
    if (req.headers.authorization !== `Bearer ${state.valid}`) return { status: 401, body: { code: 2, message: "Authentication failed." } };
    return { status: 200, body: audience };
  };
}

const api = (requests: RecordedRequest[]) => requests.filter((r) => r.path !== "/v5/oauth/token");
const refreshes = (requests: RecordedRequest[]) => requests.filter((r) => r.path === "/v5/oauth/token");

test("requests carry Authorization: Bearer <token> and JSON headers", async () => {
  const { server, client } = await setup(() => ({ status: 200, body: audience }), { accessToken: "pina_abcdef123456" });
  await client.audiences.get(ACCOUNT, AUDIENCE);
  expect(server.requests[0].headers.authorization).toBe("Bearer pina_abcdef123456");
  expect(server.requests[0].headers.accept).toBe("application/json");
});

test("with only refresh credentials, a token is fetched first with a form body and HTTP Basic app_id:app_secret", async () => {
  const state = { valid: "none", issued: [] as string[] };
  const { server, client } = await setup(oauthServer(state), APP);
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  const [refresh, get] = server.requests;
  expect(refresh.method).toBe("POST");
  expect(refresh.path).toBe("/v5/oauth/token");
  expect(refresh.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  expect(Object.fromEntries(new URLSearchParams(refresh.body))).toEqual({ grant_type: "refresh_token", refresh_token: APP.refreshToken });
  expect(refresh.headers.authorization).toBe(`Basic ${Buffer.from(`${APP.appId}:${APP.appSecret}`).toString("base64")}`);
  expect(get.headers.authorization).toBe("Bearer access-1-abcdef");
  expect(server.requests).toHaveLength(2);
});

test("a 401 leads to exactly one refresh and one retry", async () => {
  const state = { valid: "fresh-never-issued", issued: [] as string[] };
  const { server, client } = await setup(oauthServer(state), { ...APP, accessToken: "expired-token-123" });
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  expect(refreshes(server.requests)).toHaveLength(1);
  expect(api(server.requests).map((r) => r.headers.authorization)).toEqual(["Bearer expired-token-123", "Bearer access-1-abcdef"]);
});

test("20 concurrent calls answered 401 share one refresh", async () => {
  const state = { valid: "fresh-never-issued", issued: [] as string[] };
  const { server, client } = await setup(oauthServer(state), { ...APP, accessToken: "expired-token-123" });
  await Promise.all(Array.from({ length: 20 }, () => client.audiences.get(ACCOUNT, AUDIENCE)));
  expect(refreshes(server.requests)).toHaveLength(1);
  // issue 11: one request tries the token of unknown standing; the 19 others wait for it and its refresh
  expect(api(server.requests)).toHaveLength(21);
});

test("20 concurrent first calls with only refresh credentials share one token fetch", async () => {
  const state = { valid: "none", issued: [] as string[] };
  const { server, client } = await setup(oauthServer(state), APP);
  await Promise.all(Array.from({ length: 20 }, () => client.audiences.get(ACCOUNT, AUDIENCE)));
  expect(refreshes(server.requests)).toHaveLength(1);
  expect(api(server.requests)).toHaveLength(20);
});

test("a 401 after the refresh is an error, not a loop", async () => {
  const { server, client } = await setup(
    (req) =>
      req.path === "/v5/oauth/token"
        ? { status: 200, body: { access_token: "new-token-abcdef", token_type: "bearer", expires_in: 1, scope: "" } }
        : { status: 401, body: { code: 2, message: "Authentication failed." } },
    {
      ...APP,
      accessToken: "expired-token-123",
    },
  );
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).rejects.toMatchObject({ status: 401, code: 2 });
  expect(refreshes(server.requests)).toHaveLength(1);
  expect(api(server.requests)).toHaveLength(2);
});

test("a 401 without refresh credentials fails at once and says how to set a new token", async () => {
  const { server, client } = await setup(() => ({ status: 401, body: { code: 2, message: "Authentication failed." } }), {
    accessToken: "expired-token-123",
  });
  const error = (await client.audiences.get(ACCOUNT, AUDIENCE).catch((e: unknown) => e)) as PinterestApiError;
  expect(server.requests).toHaveLength(1);
  expect(error.status).toBe(401);
  expect(error.message).toMatch(/pinterest:accessToken/);
  expect(error.message).toMatch(/PINTEREST_ACCESS_TOKEN/);
});

test("a refused refresh token is reported as a token-endpoint error naming what to set", async () => {
  const { client } = await setup(() => ({ status: 400, body: { code: 1, message: "Invalid refresh token" } }), APP);
  const error = (await client.audiences.get(ACCOUNT, AUDIENCE).catch((e: unknown) => e)) as PinterestApiError;
  expect(error).toMatchObject({ operation: "oauth/token", status: 400 });
  expect(error.message).toMatch(/PINTEREST_REFRESH_ACCESS_TOKEN/);
});

test("a refresh answer with a new refresh token is used for the next refresh", async () => {
  const state = { valid: "none", issued: 0 };
  const { server, client } = await setup((req) => {
    if (req.path === "/v5/oauth/token") {
      state.issued += 1;
      state.valid = `access-${state.issued}-abcdef`;
      return {
        status: 200,
        body: { access_token: state.valid, token_type: "bearer", expires_in: 1, scope: "", refresh_token: `refresh-${state.issued}-abcdef` },
      };
    }
    return req.headers.authorization === `Bearer ${state.valid}` ? { status: 200, body: audience } : { status: 401 };
  }, APP);
  await client.audiences.get(ACCOUNT, AUDIENCE);
  state.valid = "revoked";
  await client.audiences.get(ACCOUNT, AUDIENCE);
  const sent = refreshes(server.requests).map((r) => new URLSearchParams(r.body).get("refresh_token"));
  expect(sent).toEqual([APP.refreshToken, "refresh-1-abcdef"]);
});

describe("missing credentials", () => {
  test("no credentials: the first call fails before any request, naming env vars and config keys", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: audience }), {});
    const error = (await client.audiences.get(ACCOUNT, AUDIENCE).catch((e: unknown) => e)) as PinterestApiError;
    expect(error).toBeInstanceOf(PinterestApiError);
    expect(error.kind).toBe("configuration");
    for (const name of [
      "PINTEREST_ACCESS_TOKEN",
      "PINTEREST_REFRESH_ACCESS_TOKEN",
      "PINTEREST_APP_ID",
      "PINTEREST_APP_SECRET",
      "pinterest:accessToken",
      "pinterest:refreshToken",
      "pinterest:appId",
      "pinterest:appSecret",
    ]) {
      expect(error.message).toContain(name);
    }
    expect(server.requests).toHaveLength(0);
  });

  test("incomplete refresh credentials: the message names the missing ones", async () => {
    const { server, client } = await setup(() => ({ status: 200, body: audience }), { refreshToken: APP.refreshToken, appId: APP.appId });
    const error = (await client.audiences.list(ACCOUNT).catch((e: unknown) => e)) as PinterestApiError;
    expect(error.message).toMatch(/missing PINTEREST_APP_SECRET \(pinterest:appSecret\)/);
    expect(error.message).not.toContain(APP.refreshToken);
    expect(server.requests).toHaveLength(0);
  });
});

describe("secrets never leak", () => {
  const secrets = [
    APP.appSecret,
    APP.refreshToken,
    "pina_supersecret_access",
    "access-1-abcdef",
    Buffer.from(`${APP.appId}:${APP.appSecret}`).toString("base64"),
  ];

  test("an error body echoing the token, the headers and the app secret is scrubbed from the error and its JSON", async () => {
    const lines: string[] = [];
    const { client } = await setup(
      (req) => ({
        status: 400,
        body: { code: 1, message: `bad request; you sent ${req.headers.authorization} with secret ${APP.appSecret} and refresh ${APP.refreshToken}` },
      }),
      { accessToken: "pina_supersecret_access", ...APP, logger: (level, message) => lines.push(`${level} ${message}`) },
    );
    const error = (await client.audiences.get(ACCOUNT, AUDIENCE).catch((e: unknown) => e)) as PinterestApiError;
    expect(error.status).toBe(400);
    const everything = [error.message, error.apiMessage ?? "", JSON.stringify(error), String(error.stack), ...lines].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(error.apiMessage).toContain("[redacted]");
  });

  test("a refreshed token echoed by a 403 is scrubbed too; logs carry method, path, status and attempt only", async () => {
    const lines: string[] = [];
    const { client } = await setup(
      (req) =>
        req.path === "/v5/oauth/token"
          ? { status: 200, body: { access_token: "access-1-abcdef", token_type: "bearer", expires_in: 1, scope: "" } }
          : { status: 403, body: { code: 29, message: `token access-1-abcdef lacks scope` } },
      { ...APP, logger: (level, message) => lines.push(`${level} ${message}`) },
    );
    const error = (await client.audiences
      .create(ACCOUNT, { name: "n", audience_type: "VISITOR", rule: {} })
      .catch((e: unknown) => e)) as PinterestApiError;
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/ads:write/);
    const everything = [error.message, JSON.stringify(error), ...lines].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(lines).toContain(`debug POST /ad_accounts/${ACCOUNT}/audiences -> 403 (attempt 1)`);
  });
});

test("a token refresh answered 503 is retried: one passing failure of /oauth/token does not fail the call", async () => {
  const state = { valid: "none", issued: [] as string[] };
  const inner = oauthServer(state);
  let failedOnce = false;
  const { server, client } = await setup((req, index) => {
    if (req.path === "/v5/oauth/token" && !failedOnce) {
      failedOnce = true;
      return { status: 503, body: { code: 503, message: "Service unavailable" } };
    }
    return inner(req, index);
  }, APP);
  await expect(client.audiences.get(ACCOUNT, AUDIENCE)).resolves.toEqual(audience);
  expect(refreshes(server.requests)).toHaveLength(2);
  expect(api(server.requests)).toHaveLength(1);
});
