/**
 * The emulator's audience and OAuth endpoints: shapes from the official description, defaults, errors,
 * auth, pagination, removal, out-of-band edits and counters.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { parseArgs } from "../../cli/emulator-main";
import { PinterestClient } from "../../provider/api";
import type { ApiAudience, ApiAudienceCreateRequest, ApiPage } from "../../provider/api/types";
import { expectShape } from "../helpers/openapi-shapes";

const ACCOUNT = "549755885175";

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(em: Emulator, method: string, path: string, init: { body?: unknown; token?: string | null; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? em.accessToken : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.body);
  }
  const res = await fetch(`${em.url}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const audiencesPath = (account = ACCOUNT): string => `/ad_accounts/${account}/audiences`;

const customerList = (name = "Quilters"): ApiAudienceCreateRequest => ({
  name,
  audience_type: "CUSTOMER_LIST",
  rule: { customer_list_id: "5497558859876" },
  description: "People who love making quilts.",
});

function expectError(answer: Answer, status: number, messagePart?: RegExp): void {
  expect(answer.status).toBe(status);
  expectShape("Error", answer.body);
  const err = answer.body as { code: number; message: string };
  expect(err.code).toBe(status);
  expect(err.message.length).toBeGreaterThan(10);
  if (messagePart) expect(err.message).toMatch(messagePart);
}

let em: Emulator;
beforeEach(async () => {
  em = await startEmulator();
});
afterEach(async () => {
  await em.stop();
});

describe("create and get", () => {
  test("create answers an Audience in INITIALIZING with server-assigned id, timestamps and company; get then answers READY", async () => {
    const request = customerList();
    expectShape("AudienceCreateRequest", request);
    const created = await call(em, "POST", audiencesPath(), { body: request });
    expect(created.status).toBe(200);
    expectShape("Audience", created.body, { closed: true });
    const a = created.body as ApiAudience;
    expect(a).toMatchObject({ type: "audience", ad_account_id: ACCOUNT, name: "Quilters", audience_type: "CUSTOMER_LIST", status: "INITIALIZING" });
    expect(a.id).toMatch(/^\d{13,18}$/);
    expect(a.created_by_company_name).toEqual(expect.any(String));
    const nowSeconds = Date.now() / 1000;
    expect(Math.abs((a.created_timestamp as number) - nowSeconds)).toBeLessThan(600);
    expect(a.rule).toEqual({ customer_list_id: "5497558859876", ad_account_id: ACCOUNT });

    const got = await call(em, "GET", `${audiencesPath()}/${a.id}`);
    expect(got.status).toBe(200);
    expectShape("Audience", got.body, { closed: true });
    expect((got.body as ApiAudience).status).toMatch(/^(READY|TOO_SMALL)$/);
    expect({ ...(got.body as ApiAudience), status: "INITIALIZING" }).toEqual(a);
  });

  test("ids increase numerically and sizes are deterministic, READY at 100 or more", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(em.seedAudience(ACCOUNT, customerList(`a${i}`)).id);
    const sorted = [...ids].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    expect(ids).toEqual(sorted);
    const all = em.audiences(ACCOUNT);
    for (const a of all) expect(a.status).toBe((a.size as number) >= 100 ? "READY" : "TOO_SMALL");
    expect(all.filter((a) => a.status === "READY").length).toBeGreaterThan(20);
    const again = await startEmulator();
    try {
      expect(again.seedAudience(ACCOUNT, customerList()).size).toBe(all[0]?.size);
    } finally {
      await again.stop();
    }
  });

  test("statusSettleMs keeps reads INITIALIZING until the (fake) clock passes it", async () => {
    let now = 1_700_000_000_000;
    const slow = await startEmulator({ statusSettleMs: 5000, now: () => now });
    try {
      const a = (await call(slow, "POST", audiencesPath(), { body: customerList() })).body as ApiAudience;
      expect(a.created_timestamp).toBe(1_700_000_000);
      expect(((await call(slow, "GET", `${audiencesPath()}/${a.id}`)).body as ApiAudience).status).toBe("INITIALIZING");
      now += 5000;
      expect(((await call(slow, "GET", `${audiencesPath()}/${a.id}`)).body as ApiAudience).status).toMatch(/^(READY|TOO_SMALL)$/);
    } finally {
      await slow.stop();
    }
  });

  test("rule defaults and echo: integers from digit strings, retention_days 180, prefill true, ad_account_id", async () => {
    const visitor = await call(em, "POST", audiencesPath(), {
      body: {
        name: "v",
        audience_type: "VISITOR",
        rule: { visitor_source_id: "549755885175", event_source: { "=": ["web", "mobile"] }, ingestion_source: { "=": ["tag"] } },
      },
    });
    expect(visitor.status).toBe(200);
    expectShape("Audience", visitor.body, { closed: true });
    expect((visitor.body as ApiAudience).rule).toEqual({
      visitor_source_id: "549755885175",
      event_source: { "=": ["web", "mobile"] },
      ingestion_source: { "=": ["tag"] },
      retention_days: 180,
      prefill: true,
      ad_account_id: ACCOUNT,
    });
    const actalike = await call(em, "POST", audiencesPath(), {
      body: { ad_account_id: ACCOUNT, name: "a", audience_type: "ACTALIKE", rule: { seed_id: ["2542620639259"], country: "US", percentage: "10" } },
    });
    expect(actalike.status).toBe(200);
    expectShape("Audience", actalike.body, { closed: true });
    expect((actalike.body as ApiAudience).rule).toEqual({ seed_id: ["2542620639259"], country: "US", percentage: 10, ad_account_id: ACCOUNT });
    const engagement = await call(em, "POST", audiencesPath(), {
      body: { name: "e", audience_type: "ENGAGEMENT", rule: { engager_type: "1", retention_days: "30" } },
    });
    expect(engagement.status).toBe(200);
    expect((engagement.body as ApiAudience).rule).toEqual({ engager_type: 1, retention_days: 30, ad_account_id: ACCOUNT });
    const minimal = await call(em, "POST", audiencesPath(), { body: { name: "e", audience_type: "ENGAGEMENT", rule: { engager_type: 1 } } });
    expect((minimal.body as ApiAudience).rule).toEqual({ engager_type: 1, retention_days: 180, ad_account_id: ACCOUNT });
  });

  test("url is accepted as a string, a string array, or an operator object, and echoed as given", async () => {
    for (const url of [
      "http://www.example.com/shoe",
      ["http://a.example", "http://b.example"],
      { contains: "/view_item/shoe" },
      { not_contains: ["/x"] },
    ]) {
      const answer = await call(em, "POST", audiencesPath(), {
        body: { name: "u", audience_type: "VISITOR", rule: { visitor_source_id: "1", url } },
      });
      expect(answer.status).toBe(200);
      expect((answer.body as ApiAudience).rule?.url).toEqual(url);
    }
  });

  test.each([
    ["a body that is not JSON", undefined, /not valid JSON/, "{nope"],
    ["a body that is an array", [], /JSON object/, undefined],
    ["no name", { audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } }, /name is required/, undefined],
    ["no rule", { name: "x", audience_type: "CUSTOMER_LIST" }, /rule is required/, undefined],
    ["no audience_type", { name: "x", rule: { customer_list_id: "1" } }, /audience_type is required/, undefined],
    ["a lower-case audience_type", { name: "x", audience_type: "customer_list", rule: { customer_list_id: "1" } }, /case-sensitive/, undefined],
    ["an unknown top-level field", { ...customerList(), status: "READY" }, /Unknown field "status"/, undefined],
    ["a body ad_account_id other than the path's", { ...customerList(), ad_account_id: "1" }, /must equal the ad account in the path/, undefined],
    ["a rule that is a string", { name: "x", audience_type: "CUSTOMER_LIST", rule: "customer_list_id=1" }, /rule must be a JSON object/, undefined],
    [
      "an unknown rule key",
      { name: "x", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1", colour: "red" } },
      /unknown field "colour"/,
      undefined,
    ],
    ["a non-digit customer_list_id", { name: "x", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "abc" } }, /customer_list_id/, undefined],
    [
      "CUSTOMER_LIST without customer_list_id",
      { name: "x", audience_type: "CUSTOMER_LIST", rule: {} },
      /customer_list_id is required for CUSTOMER_LIST/,
      undefined,
    ],
    ["ACTALIKE without country", { name: "x", audience_type: "ACTALIKE", rule: { seed_id: ["1"], percentage: 5 } }, /country is required/, undefined],
    [
      "ACTALIKE percentage 11",
      { name: "x", audience_type: "ACTALIKE", rule: { seed_id: ["1"], country: "US", percentage: 11 } },
      /percentage must be from 1 to 10/,
      undefined,
    ],
    [
      "ACTALIKE percentage 2.5",
      { name: "x", audience_type: "ACTALIKE", rule: { seed_id: ["1"], country: "US", percentage: 2.5 } },
      /percentage must be an integer/,
      undefined,
    ],
    [
      "seed_id as a string",
      { name: "x", audience_type: "ACTALIKE", rule: { seed_id: "1", country: "US", percentage: 5 } },
      /seed_id must be a non-empty array/,
      undefined,
    ],
    [
      "VISITOR without visitor_source_id",
      { name: "x", audience_type: "VISITOR", rule: { retention_days: 30 } },
      /visitor_source_id is required/,
      undefined,
    ],
    [
      "retention_days 541",
      { name: "x", audience_type: "VISITOR", rule: { visitor_source_id: "1", retention_days: 541 } },
      /retention_days must be from 1 to 540/,
      undefined,
    ],
    [
      "retention_days 0",
      { name: "x", audience_type: "ENGAGEMENT", rule: { retention_days: "0" } },
      /retention_days must be from 1 to 540/,
      undefined,
    ],
    ["engager_type 3", { name: "x", audience_type: "ENGAGEMENT", rule: { engager_type: 3 } }, /engager_type must be from 1 to 2/, undefined],
    [
      "prefill as a string",
      { name: "x", audience_type: "VISITOR", rule: { visitor_source_id: "1", prefill: "yes" } },
      /prefill must be true or false/,
      undefined,
    ],
    [
      "a url operator outside the four",
      { name: "x", audience_type: "VISITOR", rule: { visitor_source_id: "1", url: { startswith: "/a" } } },
      /unknown operator "startswith"/,
      undefined,
    ],
    ["a url that is a number", { name: "x", audience_type: "VISITOR", rule: { visitor_source_id: "1", url: 5 } }, /url must be a string/, undefined],
  ])("create with %s answers 400 with {code, message}", async (_label, body, message, raw) => {
    const answer = await call(em, "POST", audiencesPath(), raw !== undefined ? { raw } : { body });
    expectError(answer, 400, message);
    expect(em.audiences(ACCOUNT)).toHaveLength(0);
  });

  test("path ids must be digits, at most 18 of them", async () => {
    expectError(await call(em, "GET", "/ad_accounts/abc/audiences"), 400, /ad_account_id/);
    expectError(await call(em, "GET", `/ad_accounts/${"1".repeat(19)}/audiences`), 400, /at most 18 digits/);
    expect((await call(em, "GET", `/ad_accounts/${"1".repeat(18)}/audiences`)).status).toBe(200);
    expectError(await call(em, "GET", `${audiencesPath()}/12a`), 400, /audience_id/);
  });

  test("unknown audiences answer 404 {code, message} on get and patch; unknown endpoints 404; wrong methods 405", async () => {
    expectError(await call(em, "GET", `${audiencesPath()}/2542620639259`), 404, /not found/);
    expectError(await call(em, "PATCH", `${audiencesPath()}/2542620639259`, { body: { name: "x" } }), 404, /not found/);
    const a = em.seedAudience(ACCOUNT, customerList());
    expectError(await call(em, "GET", `${audiencesPath("1")}/${a.id}`), 404);
    expectError(await call(em, "GET", "/ad_accounts/1/campaigns"), 404, /No such endpoint/);
    expectError(await call(em, "DELETE", `${audiencesPath()}/${a.id}`), 405, /PATCH/);
  });
});

describe("update and remove", () => {
  test("PATCH changes only the given fields and bumps updated_timestamp", async () => {
    let now = 1_700_000_000_000;
    const clocked = await startEmulator({ now: () => now });
    try {
      const a = clocked.seedAudience(ACCOUNT, customerList());
      now += 10_000;
      const body = { name: "Renamed" };
      expectShape("AudienceUpdateRequest", body);
      const answer = await call(clocked, "PATCH", `${audiencesPath()}/${a.id}`, { body });
      expect(answer.status).toBe(200);
      expectShape("Audience", answer.body, { closed: true });
      expect(answer.body).toEqual({ ...a, name: "Renamed", updated_timestamp: (a.created_timestamp as number) + 10 });
    } finally {
      await clocked.stop();
    }
  });

  test("a given rule replaces the old one whole, with defaults re-applied", async () => {
    const a = em.seedAudience(ACCOUNT, {
      name: "v",
      audience_type: "VISITOR",
      rule: { visitor_source_id: "1", retention_days: 30, prefill: false, event: "checkout" },
    });
    const answer = await call(em, "PATCH", `${audiencesPath()}/${a.id}`, { body: { operation_type: "UPDATE", rule: { visitor_source_id: "2" } } });
    expect(answer.status).toBe(200);
    expect((answer.body as ApiAudience).rule).toEqual({ visitor_source_id: "2", retention_days: 180, prefill: true, ad_account_id: ACCOUNT });
    expect(em.audiences(ACCOUNT)[0]?.rule).toEqual((answer.body as ApiAudience).rule);
  });

  test("PATCH validates like create: bad rule, unknown field, bad operation_type, other account", async () => {
    const a = em.seedAudience(ACCOUNT, customerList());
    const path = `${audiencesPath()}/${a.id}`;
    expectError(await call(em, "PATCH", path, { body: { rule: {} } }), 400, /customer_list_id is required/);
    expectError(await call(em, "PATCH", path, { body: { audience_type: "VISITOR" } }), 400, /Unknown field "audience_type"/);
    expectError(await call(em, "PATCH", path, { body: { operation_type: "DELETE" } }), 400, /UPDATE or REMOVE/);
    expectError(await call(em, "PATCH", path, { body: { ad_account_id: "2", name: "x" } }), 400, /must equal/);
    expect(em.audiences(ACCOUNT)[0]).toEqual(a);
  });

  test("REMOVE answers 200 with the audience; afterwards get is 404 and list omits it", async () => {
    const keep = em.seedAudience(ACCOUNT, customerList("keep"));
    const gone = em.seedAudience(ACCOUNT, customerList("gone"));
    const answer = await call(em, "PATCH", `${audiencesPath()}/${gone.id}`, { body: { operation_type: "REMOVE" } });
    expect(answer.status).toBe(200);
    expectShape("Audience", answer.body, { closed: true });
    expect((answer.body as ApiAudience).id).toBe(gone.id);
    expectError(await call(em, "GET", `${audiencesPath()}/${gone.id}`), 404);
    expectError(await call(em, "PATCH", `${audiencesPath()}/${gone.id}`, { body: { operation_type: "REMOVE" } }), 404);
    const list = (await call(em, "GET", audiencesPath())).body as ApiPage<ApiAudience>;
    expect(list.items.map((x) => x.id)).toEqual([keep.id]);
    expect(em.counters().byOperation).toMatchObject({ remove: 2, get: 1, list: 1, update: 0 });
  });
});

describe("list", () => {
  test("pages through 301 audiences with page_size 250 in both orders, numeric id order, bookmark null at the end", async () => {
    for (let i = 0; i < 301; i++) em.seedAudience(ACCOUNT, customerList(`n${i}`));
    em.seedAudience("777", customerList("other account"));
    const ascending = em.audiences(ACCOUNT).map((a) => a.id);
    for (const order of ["ASCENDING", "DESCENDING"]) {
      const seen: string[] = [];
      let bookmark: string | null | undefined;
      let pages = 0;
      do {
        const q = new URLSearchParams({ page_size: "250", order });
        if (bookmark) q.set("bookmark", bookmark);
        const answer = await call(em, "GET", `${audiencesPath()}?${q.toString()}`);
        expect(answer.status).toBe(200);
        expectShape("audiences/list", answer.body);
        const page = answer.body as ApiPage<ApiAudience>;
        for (const item of page.items) expectShape("Audience", item, { closed: true });
        seen.push(...page.items.map((a) => a.id));
        bookmark = page.bookmark;
        pages++;
        expect("bookmark" in page).toBe(true);
      } while (bookmark);
      expect(pages).toBe(2);
      expect(seen).toEqual(order === "ASCENDING" ? ascending : [...ascending].reverse());
    }
  });

  test("page_size defaults to 25 and must be an integer from 1 to 250", async () => {
    for (let i = 0; i < 26; i++) em.seedAudience(ACCOUNT, customerList());
    const page = (await call(em, "GET", audiencesPath())).body as ApiPage<ApiAudience>;
    expect(page.items).toHaveLength(25);
    expect(page.bookmark).toEqual(expect.any(String));
    for (const bad of ["0", "251", "2.5", "ten", "-1"]) expectError(await call(em, "GET", `${audiencesPath()}?page_size=${bad}`), 400, /page_size/);
    expect((await call(em, "GET", `${audiencesPath()}?page_size=1`)).status).toBe(200);
  });

  test("an empty account answers {items: [], bookmark: null}; RECEIVED answers none; bad order/ownership/bookmark are 400", async () => {
    expect((await call(em, "GET", audiencesPath())).body).toEqual({ items: [], bookmark: null });
    em.seedAudience(ACCOUNT, customerList());
    expect((await call(em, "GET", `${audiencesPath()}?ownership_type=RECEIVED`)).body).toEqual({ items: [], bookmark: null });
    expectError(await call(em, "GET", `${audiencesPath()}?order=ascending`), 400, /order/);
    expectError(await call(em, "GET", `${audiencesPath()}?ownership_type=SHARED`), 400, /ownership_type/);
    expectError(await call(em, "GET", `${audiencesPath()}?bookmark=not-a-bookmark`), 400, /bookmark/);
    for (let i = 0; i < 3; i++) em.seedAudience(ACCOUNT, customerList());
    const first = (await call(em, "GET", `${audiencesPath()}?page_size=2`)).body as ApiPage<ApiAudience>;
    expectError(await call(em, "GET", `${audiencesPath()}?page_size=2&order=DESCENDING&bookmark=${first.bookmark as string}`), 400, /bookmark/);
    expectError(await call(em, "GET", `${audiencesPath("1")}?page_size=2&bookmark=${first.bookmark as string}`), 400, /bookmark/);
  });
});

describe("auth", () => {
  test("missing, wrong and expired bearer tokens answer 401 {code, message} without echoing the token", async () => {
    expectError(await call(em, "GET", audiencesPath(), { token: null }), 401, /Bearer/);
    const wrong = await call(em, "GET", audiencesPath(), { token: "pina_wrong_token_value" });
    expectError(wrong, 401, /not valid/);
    expect(JSON.stringify(wrong.body)).not.toContain("pina_wrong_token_value");
    expectError(await call(em, "POST", audiencesPath(), { token: null, body: customerList() }), 401);
    em.expireAccessTokens();
    const expired = await call(em, "GET", audiencesPath());
    expectError(expired, 401, /expired/);
    expect(JSON.stringify(expired.body)).not.toContain(em.accessToken);
  });

  test("access tokens expire after tokenTtlSeconds on the emulator's clock", async () => {
    let now = 1_700_000_000_000;
    const short = await startEmulator({ tokenTtlSeconds: 60, now: () => now });
    try {
      expect((await call(short, "GET", audiencesPath())).status).toBe(200);
      now += 60_000;
      expectError(await call(short, "GET", audiencesPath()), 401, /expired/);
    } finally {
      await short.stop();
    }
  });

  async function refresh(target: Emulator, basic: string, form: Record<string, string>): Promise<Answer> {
    const res = await fetch(`${target.url}/oauth/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(basic).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
  }

  test("POST /oauth/token with the app's Basic auth and refresh token answers a new token that works", async () => {
    const oauth = { appId: "1234567", appSecret: "s3cret", refreshToken: "pinr_refresh" };
    const withApp = await startEmulator({ oauth, tokenTtlSeconds: 3600 });
    try {
      withApp.expireAccessTokens();
      const answer = await refresh(withApp, "1234567:s3cret", { grant_type: "refresh_token", refresh_token: "pinr_refresh" });
      expect(answer.status).toBe(200);
      expectShape("OauthAccessTokenResponseRefresh", answer.body);
      const token = answer.body as { access_token: string; expires_in: number; token_type: string; response_type: string };
      expect(token).toMatchObject({ expires_in: 3600, token_type: "bearer", response_type: "refresh_token" });
      expect(token.access_token).not.toBe(withApp.accessToken);
      expect((await call(withApp, "GET", audiencesPath(), { token: token.access_token })).status).toBe(200);
      expect(withApp.oauth).toEqual(oauth);
      expect(withApp.counters().byOperation.token).toBe(1);
    } finally {
      await withApp.stop();
    }
  });

  test("POST /oauth/token: wrong Basic credentials 401, wrong refresh token or grant 400, all {code, message}", async () => {
    const { appId, appSecret, refreshToken } = em.oauth;
    expectError(await refresh(em, `${appId}:nope`, { grant_type: "refresh_token", refresh_token: refreshToken }), 401, /Basic/);
    const wrong = await refresh(em, `${appId}:${appSecret}`, { grant_type: "refresh_token", refresh_token: "pinr_wrong" });
    expectError(wrong, 400, /refresh token/);
    expect(JSON.stringify(wrong.body)).not.toContain("pinr_wrong");
    expectError(await refresh(em, `${appId}:${appSecret}`, { grant_type: "authorization_code", code: "x" }), 400, /grant_type/);
  });
});

describe("out of band and counters", () => {
  test("seed, edit and delete act like a person in Ads Manager: not counted, visible to the API", async () => {
    const a = em.seedAudience(ACCOUNT, customerList());
    expect(a.status).toMatch(/^(READY|TOO_SMALL)$/);
    const edited = em.editAudience(ACCOUNT, a.id, { name: "Edited in Ads Manager", rule: { customer_list_id: "42", percentage: "3" } });
    expect(edited).toMatchObject({ id: a.id, name: "Edited in Ads Manager" });
    const got = (await call(em, "GET", `${audiencesPath()}/${a.id}`)).body as ApiAudience;
    expect(got.name).toBe("Edited in Ads Manager");
    expect(got.rule).toEqual({ customer_list_id: "42", percentage: "3" });
    expect(em.deleteAudience(ACCOUNT, a.id)).toBe(true);
    expect(em.deleteAudience(ACCOUNT, a.id)).toBe(false);
    expect(() => em.editAudience(ACCOUNT, a.id, { name: "x" })).toThrow(/does not exist/);
    expect(() => em.seedAudience(ACCOUNT, { name: "x", audience_type: "CUSTOMER_LIST", rule: {} })).toThrow(/customer_list_id/);
    expectError(await call(em, "GET", `${audiencesPath()}/${a.id}`), 404);
    expect(em.counters()).toMatchObject({ requests: 2, byOperation: { get: 2, create: 0, update: 0, remove: 0 } });
  });

  test("counters count by operation, status and category, and reset to zero", async () => {
    const a = (await call(em, "POST", audiencesPath(), { body: customerList() })).body as ApiAudience;
    await call(em, "PATCH", `${audiencesPath()}/${a.id}`, { body: { name: "b" } });
    await call(em, "GET", `${audiencesPath()}/${a.id}`);
    await call(em, "GET", `${audiencesPath()}/1`);
    await call(em, "GET", audiencesPath(), { token: null });
    const c = em.counters();
    expect(c.requests).toBe(5);
    expect(c.byOperation).toEqual({
      list: 1,
      get: 2,
      create: 1,
      update: 1,
      remove: 0,
      "audiences/share_with_ad_accounts": 0,
      "audiences/share_with_businesses": 0,
      "audiences/shared_accounts": 0,
      "customer_lists/create": 0,
      "customer_lists/list": 0,
      "customer_lists/get": 0,
      "customer_lists/update": 0,
      token: 0,
    });
    expect(c.byStatus).toEqual({ "200": 3, "404": 1, "401": 1 });
    expect(c.byCategory).toEqual({ ads_read: 3, ads_write: 2 });
    c.requests = 99;
    expect(em.counters().requests).toBe(5);
    em.resetCounters();
    expect(em.counters()).toMatchObject({ requests: 0, byStatus: {}, byCategory: { ads_read: 0, ads_write: 0 } });
    await call(em, "GET", audiencesPath());
    expect(em.counters().byOperation.list).toBe(1);
  });
});

describe("dateSkewsMs: the Date header's clock apart from the data's", () => {
  test("each answer's Date is the data clock plus its front end's skew, front ends in turn", async () => {
    let clock = Date.parse("2026-12-03T12:00:00Z");
    const em = await startEmulator({ port: 0, now: () => clock, behaviour: { dateSkewsMs: [10_000, -60_000] } });
    try {
      const headers = { Authorization: `Bearer ${em.accessToken}` };
      const dates: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${em.url}/ad_accounts/549755885175/audiences`, { headers });
        dates.push(Date.parse(res.headers.get("date") as string));
        clock += 1000;
      }
      const base = Date.parse("2026-12-03T12:00:00Z");
      expect(dates).toEqual([base + 10_000, base + 1000 - 60_000, base + 2000 + 10_000]);
    } finally {
      await em.stop();
    }
  });
});

describe("adAccounts: an ad account the token's user does not have", () => {
  test.each([
    [403, /does not have access to ad account 111/],
    [404, /Ad account 111 not found/],
  ] as const)("is refused with %s on every route; a listed one works; the client's advice names it", async (status, message) => {
    const em = await startEmulator({ port: 0, adAccounts: ["549755885175"], behaviour: { unknownAdAccountStatus: status } });
    const client = new PinterestClient({ accessToken: em.accessToken, baseUrl: em.url, maxRetries: 0 });
    try {
      await expect(client.audiences.list("549755885175")).resolves.toEqual([]);
      const refused = client.audiences.list("111");
      await expect(refused).rejects.toMatchObject({ status, apiMessage: expect.stringMatching(message) });
      const error = (await refused.catch((e: Error) => e)) as Error;
      expect(error.message).toMatch(status === 403 ? /no access to ad account 111/ : /Check the ad account id/);
      await expect(
        client.audiences.create("111", { ad_account_id: "111", name: "n", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } }),
      ).rejects.toMatchObject({ status });
      expect(em.audiences("111")).toEqual([]);
    } finally {
      client.close();
      await em.stop();
    }
  });

  test("the command line takes --ad-accounts and --unknown-ad-account-status", () => {
    expect(parseArgs(["--ad-accounts", "1,2", "--ad-accounts", "3", "--unknown-ad-account-status", "404"])).toMatchObject({
      adAccounts: ["1", "2", "3"],
      behaviour: { unknownAdAccountStatus: 404 },
    });
    expect(() => parseArgs(["--unknown-ad-account-status", "500"])).toThrow(/403 or 404/);
  });
});
