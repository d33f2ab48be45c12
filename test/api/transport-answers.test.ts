/**
 * What the request pipeline (provider/api/transport.ts) makes of each answer, against a scripted server: the
 * headers it sends, a redirect never followed, 2xx bodies that are empty or unreadable, Pinterest's error body
 * taken apart field by field, the facts an error carries, the one token refresh only on a 401, and its log lines.
 */
import type { PinterestClientOptions } from "../../provider/api";
import { apiFailure } from "../helpers/api-failure";
import { clientOnFakeServer } from "../helpers/client-on-fake-server";
import { scripted, type FakeReply } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const AUDIENCE = "2542620905473";
const AUDIENCE_PATH = `/ad_accounts/${ACCOUNT}/audiences/${AUDIENCE}`;
const audience = { id: AUDIENCE, ad_account_id: ACCOUNT, name: "Visitors", audience_type: "VISITOR" };
const APP = { appId: "1484848", appSecret: "app-secret-0123456789", refreshToken: "pinr.refresh-0123456789" };

const { setup } = clientOnFakeServer({ rateLimits: { ads_read: Infinity, ads_write: Infinity } });

/** A client whose log lines are kept. */
async function loggedSetup(replies: FakeReply[], options: PinterestClientOptions = {}) {
  const lines: string[] = [];
  const made = await setup(scripted(replies), { logger: (level, message) => void lines.push(`${level} ${message}`), ...options });
  return { ...made, lines };
}

test("requests say who sends them and what they accept; a JSON body says so", async () => {
  const { server, client } = await setup(() => ({ status: 200, body: audience }));
  await client.audiences.create(ACCOUNT, { name: "Visitors", audience_type: "VISITOR", rule: { visitor_source_id: "1" } });
  const [create] = server.requests;
  expect(create.headers["user-agent"]).toBe("pulumi-pinterest-audiences");
  expect(create.headers.accept).toBe("application/json");
  expect(create.headers["content-type"]).toBe("application/json");
});

test.each([300, 302, 307])("a %i is the answer, never followed (the token would go wherever it points)", async (status) => {
  const { server, client } = await setup(() => ({ status, headers: { Location: `/v5${AUDIENCE_PATH}?moved=1` }, body: audience }));
  const error = await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE));
  expect(error).toMatchObject({ kind: "http", status, attempts: 1 });
  expect(server.requests).toHaveLength(1);
});

test.each(["", "  \n"])("a 2xx with the body %j resolves to nothing", async (body) => {
  const { client } = await setup(() => ({ status: 200, body }));
  await expect(client.audiences.remove(ACCOUNT, AUDIENCE)).resolves.toBeUndefined();
});

describe("a 2xx whose body is not JSON", () => {
  test("to a read: an invalid_response error, not ambiguous (a GET changed nothing)", async () => {
    const { client } = await setup(() => ({ status: 200, body: "<html>gateway</html>" }));
    expect(await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE))).toMatchObject({ kind: "invalid_response", status: 200, ambiguous: false });
  });

  test("to a write, even one that needs no answer: an invalid_response error, ambiguous (it took effect)", async () => {
    const { client } = await setup(() => ({ status: 200, body: "<html>gateway</html>" }));
    expect(await apiFailure(client.audiences.remove(ACCOUNT, AUDIENCE))).toMatchObject({ kind: "invalid_response", status: 200, ambiguous: true });
  });
});

describe("Pinterest's error body, field by field", () => {
  test.each<[string, unknown, { code?: number; apiMessage?: string }]>([
    ["code and message", { code: 2, message: "Bad rule." }, { code: 2, apiMessage: "Bad rule." }],
    ["a code alone", { code: 2 }, { code: 2 }],
    ["a message alone", { message: "Bad rule." }, { apiMessage: "Bad rule." }],
    ["a code that is not a number", { code: "E2", message: "Bad rule." }, { apiMessage: "Bad rule." }],
    ["a message that is not text", { code: 2, message: { text: "Bad rule." } }, { code: 2 }],
    ["JSON without either: kept as text", { error: "bad" }, { apiMessage: '{"error":"bad"}' }],
    ["plain text, trimmed", "  upstream failure \n", { apiMessage: "upstream failure" }],
    ["no body", "", {}],
  ])("%s", async (_what, body, expected) => {
    const { client } = await setup(() => ({ status: 400, body }));
    const error = await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE));
    expect({ code: error.code, apiMessage: error.apiMessage }).toEqual({ code: undefined, apiMessage: undefined, ...expected });
  });

  test("a long text body is cut to its first 300 characters", async () => {
    const { client } = await setup(() => ({ status: 400, body: `${"x".repeat(300)}${"y".repeat(100)}` }));
    expect((await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE))).apiMessage).toBe("x".repeat(300));
  });
});

test("an error answer without Retry-After carries no wait", async () => {
  const { client } = await setup(() => ({ status: 400, body: { code: 1, message: "Bad." } }));
  expect((await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE))).retryAfterSeconds).toBeUndefined();
});

test("a 429 asking for more than the cap says how long the client waits at most", async () => {
  const { client } = await setup(() => ({ status: 429, headers: { "Retry-After": "3600" }, body: { code: 8, message: "Too many." } }), {
    maxRateLimitWaitMs: 30_000,
  });
  const error = await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE));
  expect(error.retryAfterSeconds).toBe(3600);
  expect(error.message).toContain(
    "Pinterest asked to wait 3600 s (60 min) before the next request, longer than the 30 s this client waits for a rate limit",
  );
});

test("a 401 with credentials from the stack configuration says so in its advice", async () => {
  const { client } = await setup(() => ({ status: 401, body: { code: 2, message: "Authentication failed." } }), {
    credentialOrigin: "stack configuration",
  });
  expect((await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE))).message).toContain("It came from the stack configuration");
});

describe("the token is refreshed on a 401 only", () => {
  const tokenAnswer = {
    status: 200,
    body: { access_token: "access-2-abcdef", token_type: "bearer", expires_in: 2592000, scope: "ads:read,ads:write" },
  };

  test("a 403 with refresh credentials at hand fails without asking for a new token", async () => {
    const { server, client } = await setup(scripted([{ status: 403, body: { code: 29, message: "Not allowed." } }], tokenAnswer), { ...APP });
    expect(await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE))).toMatchObject({ status: 403 });
    expect(server.requests.map((r) => r.path)).toEqual([`/v5${AUDIENCE_PATH}`]);
  });

  test("a 401 from the token endpoint itself fails the call instead of refreshing again", async () => {
    const { server, client } = await setup(() => ({ status: 401, body: { code: 2, message: "Invalid refresh token." } }), {
      ...APP,
      accessToken: undefined,
    });
    expect(await apiFailure(client.audiences.get(ACCOUNT, AUDIENCE))).toMatchObject({ operation: "oauth/token", status: 401 });
    expect(server.requests.map((r) => r.path)).toEqual(["/v5/oauth/token"]);
  });
});

describe("log lines", () => {
  const unavailable = { status: 503, body: { code: 503, message: "Unavailable." } };

  test("each attempt with its status, each retry with its number and wait", async () => {
    const { client, lines } = await loggedSetup([unavailable, { drop: true }, { status: 200, body: audience }], { maxRetries: 3 });
    await client.audiences.get(ACCOUNT, AUDIENCE);
    expect(lines).toEqual([
      `debug GET ${AUDIENCE_PATH} -> 503 (attempt 1)`,
      "warn audiences/get: HTTP 503; retry 1 of 3 in 250 ms",
      `debug GET ${AUDIENCE_PATH} -> dropped (attempt 2)`,
      "warn audiences/get: dropped; retry 2 of 3 in 500 ms",
      `debug GET ${AUDIENCE_PATH} -> 200 (attempt 3)`,
    ]);
  });

  test("a refused token and its one refresh", async () => {
    const lines: string[] = [];
    const { client } = await setup(
      (request) => {
        if (request.path === "/v5/oauth/token")
          return { status: 200, body: { access_token: "access-2-abcdef", token_type: "bearer", expires_in: 2592000, scope: "ads:read" } };
        return request.headers.authorization === "Bearer access-2-abcdef"
          ? { status: 200, body: audience }
          : { status: 401, body: { code: 2, message: "Expired." } };
      },
      { ...APP, logger: (level, message) => void lines.push(`${level} ${message}`) },
    );
    await client.audiences.get(ACCOUNT, AUDIENCE);
    expect(lines).toEqual([
      `debug GET ${AUDIENCE_PATH} -> 401 (attempt 1)`,
      "info audiences/get: access token refused (401); refreshing it once",
      "debug POST /oauth/token -> 200 (attempt 1)",
      `debug GET ${AUDIENCE_PATH} -> 200 (attempt 2)`,
    ]);
  });
});
