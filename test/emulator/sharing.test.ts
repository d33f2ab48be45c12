/**
 * The emulator's audience-sharing endpoints, over real HTTP: share and revoke with ad accounts and businesses, the
 * shared-accounts list and its pages, recipients' RECEIVED lists, the business hierarchy, every behaviour switch
 * where the description is silent, hand changes, faults, the request log and persistence. Answers are checked
 * against the shapes of the official description.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EMULATOR_PROFILES, startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { parseCli } from "../../cli/emulator-main";
import type {
  ApiAudience,
  ApiAudienceAccountType,
  ApiBusinessSharedAudienceRequest,
  ApiPage,
  ApiSharedAudienceAccount,
  ApiSharedAudienceRequest,
} from "../../provider/api/types";
import { expectShape, shapeErrors } from "../helpers/openapi-shapes";

/** The owner ad account, other ad accounts (recipients) and businesses. */
const OWNER = "549755885175";
const [A1, A2, A3] = ["549755885176", "549755885177", "549755885178"] as const;
const [B1, B2] = ["664791342314", "664791342315"] as const;
/** The emulator's clock at the start of each test, epoch ms. */
const T0 = 1_700_000_000_000;

interface Answer {
  status: number;
  body: unknown;
}

let now = T0;
const running: Emulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const em = await startEmulator({ port: 0, now: () => now, ...options });
  running.push(em);
  return em;
}

beforeEach(() => {
  now = T0;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.stop()));
});

async function call(em: Emulator, method: string, path: string, body?: unknown, init: { token?: string | null; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const token = init.token === undefined ? em.accessToken : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${em.url}${path}`, { method, headers, body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const shareWithAccounts = (em: Emulator, body: unknown, owner = OWNER): Promise<Answer> =>
  call(em, "PATCH", `/ad_accounts/${owner}/audiences/ad_accounts/shared`, body);
const shareWithBusinesses = (em: Emulator, body: unknown, owner = OWNER): Promise<Answer> =>
  call(em, "PATCH", `/ad_accounts/${owner}/audiences/businesses/shared`, body);
const accountsBody = (audienceId: string, ids: string[], op: "SHARE" | "REVOKE" = "SHARE"): ApiSharedAudienceRequest => ({
  audience_id: audienceId,
  recipient_account_ids: ids,
  operation_type: op,
});
const businessesBody = (audienceId: string, ids: string[], op: "SHARE" | "REVOKE" = "SHARE"): ApiBusinessSharedAudienceRequest => ({
  audience_id: audienceId,
  recipient_business_ids: ids,
  operation_type: op,
});

function sharedAccounts(em: Emulator, params: Record<string, string>, owner = OWNER): Promise<Answer> {
  return call(em, "GET", `/ad_accounts/${owner}/audiences/shared/accounts?${new URLSearchParams(params).toString()}`);
}

/** Every recipient of one kind, through every page; each page and item checked against the description. */
async function allShared(
  em: Emulator,
  audienceId: string,
  type: ApiAudienceAccountType,
  pageSize?: number,
): Promise<{ items: ApiSharedAudienceAccount[]; pages: number }> {
  const items: ApiSharedAudienceAccount[] = [];
  let bookmark: string | null | undefined = null;
  let pages = 0;
  do {
    const params: Record<string, string> = { audience_id: audienceId, account_type: type };
    if (pageSize !== undefined) params.page_size = String(pageSize);
    if (bookmark) params.bookmark = bookmark;
    const answer = await sharedAccounts(em, params);
    expect(answer.status).toBe(200);
    expectShape("ad_accounts_audiences_shared_accounts/list", answer.body);
    const page = answer.body as ApiPage<ApiSharedAudienceAccount>;
    for (const item of page.items) expectShape("SharedAudienceAccount", item, { closed: true });
    items.push(...page.items);
    bookmark = page.bookmark;
    pages++;
  } while (bookmark);
  return { items, pages };
}

async function receivedIds(em: Emulator, account: string, extra = ""): Promise<string[]> {
  const answer = await call(em, "GET", `/ad_accounts/${account}/audiences?ownership_type=RECEIVED${extra}`);
  expect(answer.status).toBe(200);
  expectShape("audiences/list", answer.body);
  const page = answer.body as ApiPage<ApiAudience>;
  for (const item of page.items) expectShape("Audience", item, { closed: true });
  return page.items.map((a) => a.id);
}

function expectError(answer: Answer, status: number, messagePart?: RegExp): void {
  expect({ status: answer.status, body: answer.body }).toMatchObject({ status, body: { code: status } });
  expectShape("Error", answer.body);
  if (messagePart) expect((answer.body as { message: string }).message).toMatch(messagePart);
}

const seed = (em: Emulator, owner = OWNER, name = "Buyers"): string =>
  em.seedAudience(owner, { name, audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "5497558859876" } }).id;

/** A started emulator with one audience of OWNER's. */
async function withAudience(options: EmulatorOptions = {}): Promise<{ em: Emulator; id: string }> {
  const em = await start(options);
  return { em, id: seed(em) };
}

const nobody = { adAccountIds: [], businessIds: [] };

describe("share and revoke with ad accounts", () => {
  test("SHARE answers the description's SharedAudienceResponse; the recipients are listed with name and shared time, and see it as RECEIVED", async () => {
    const { em, id } = await withAudience();
    const body = accountsBody(id, [A2, A1]);
    expectShape("SharedAudience", body, { closed: true });
    now += 5_000;
    const answer = await shareWithAccounts(em, body);
    expect(answer.status).toBe(200);
    expectShape("SharedAudienceResponse", answer.body, { closed: true });
    expect(answer.body).toEqual({ audience_id: id, recipient_account_ids: [A2, A1], permissions: ["RESOURCE_PINNER_LIST_READER"] });
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [A1, A2], businessIds: [] });

    const { items } = await allShared(em, id, "AD_ACCOUNT");
    const sharedOn = (T0 + 5_000) / 1000;
    expect(items).toEqual([
      { account_id: A1, account_name: `Ad account ${A1}`, account_type: "AD_ACCOUNT", shared_on_timestamp: sharedOn },
      { account_id: A2, account_name: `Ad account ${A2}`, account_type: "AD_ACCOUNT", shared_on_timestamp: sharedOn },
    ]);
    expect((await allShared(em, id, "BUSINESS_ACCOUNT")).items).toEqual([]);
    expect(await receivedIds(em, A1)).toEqual([id]);
    expect(await receivedIds(em, A3)).toEqual([]);
    expect(await receivedIds(em, OWNER)).toEqual([]);
    const got = (await call(em, "GET", `/ad_accounts/${A1}/audiences?ownership_type=RECEIVED`)).body as ApiPage<ApiAudience>;
    expect(got.items[0]).toMatchObject({ id, ad_account_id: OWNER, name: "Buyers" });
  });

  test("REVOKE takes it away: gone from the list and from the recipient's RECEIVED list, the others keep it", async () => {
    const { em, id } = await withAudience();
    expect((await shareWithAccounts(em, accountsBody(id, [A1, A2]))).status).toBe(200);
    const answer = await shareWithAccounts(em, accountsBody(id, [A1], "REVOKE"));
    expect(answer.status).toBe(200);
    expectShape("SharedAudienceResponse", answer.body, { closed: true });
    expect(answer.body).toEqual({ audience_id: id, recipient_account_ids: [A1], permissions: ["RESOURCE_PINNER_LIST_READER"] });
    expect((await allShared(em, id, "AD_ACCOUNT")).items.map((a) => a.account_id)).toEqual([A2]);
    expect(await receivedIds(em, A1)).toEqual([]);
    expect(await receivedIds(em, A2)).toEqual([id]);
  });

  test("shared_on_timestamp is the first SHARE's time: a repeated SHARE keeps it, a SHARE after a REVOKE starts again", async () => {
    const { em, id } = await withAudience();
    await shareWithAccounts(em, accountsBody(id, [A1]));
    now += 60_000;
    expect((await shareWithAccounts(em, accountsBody(id, [A1]))).status).toBe(200);
    expect((await allShared(em, id, "AD_ACCOUNT")).items[0]?.shared_on_timestamp).toBe(T0 / 1000);
    await shareWithAccounts(em, accountsBody(id, [A1], "REVOKE"));
    now += 60_000;
    await shareWithAccounts(em, accountsBody(id, [A1]));
    expect((await allShared(em, id, "AD_ACCOUNT")).items[0]?.shared_on_timestamp).toBe(T0 / 1000 + 120);
  });

  test("the request log holds each call's method, path, query, body and status; counters count the new operations", async () => {
    const { em, id } = await withAudience();
    const body = accountsBody(id, [A1]);
    await shareWithAccounts(em, body);
    await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT", page_size: "5" });
    await shareWithBusinesses(em, businessesBody(id, ["x"]));
    const shares = em.requests("audiences/share_with_ad_accounts");
    expect(shares).toEqual([
      {
        seq: 1,
        atMs: T0,
        method: "PATCH",
        path: `/v5/ad_accounts/${OWNER}/audiences/ad_accounts/shared`,
        query: "",
        params: {},
        operation: "audiences/share_with_ad_accounts",
        body,
        bodyText: JSON.stringify(body),
        status: 200,
      },
    ]);
    expect(em.requests().map((r) => [r.operation, r.query, r.status])).toEqual([
      ["audiences/share_with_ad_accounts", "", 200],
      ["audiences/shared_accounts", `audience_id=${id}&account_type=AD_ACCOUNT&page_size=5`, 200],
      ["audiences/share_with_businesses", "", 400],
    ]);
    expect(em.requests("audiences/shared_accounts")[0]?.params).toEqual({ audience_id: id, account_type: "AD_ACCOUNT", page_size: "5" });
    const c = em.counters();
    expect(c.byOperation).toMatchObject({
      "audiences/share_with_ad_accounts": 1,
      "audiences/share_with_businesses": 1,
      "audiences/shared_accounts": 1,
    });
    expect(c.byCategory).toEqual({ ads_read: 1, ads_write: 2 });
    em.resetCounters();
    expect(em.requests()).toEqual([]);
    await shareWithAccounts(em, body);
    expect(em.requests().map((r) => r.seq)).toEqual([1]);
  });

  test("the request log is bounded by requestLogLimit and can be off", async () => {
    const em = await start({ requestLogLimit: 2 });
    for (let i = 0; i < 3; i++) await call(em, "GET", `/ad_accounts/${OWNER}/audiences?page_size=${i + 1}`);
    expect(em.requests().map((r) => [r.seq, r.query])).toEqual([
      [2, "page_size=2"],
      [3, "page_size=3"],
    ]);
    const off = await start({ requestLogLimit: 0 });
    await call(off, "GET", `/ad_accounts/${OWNER}/audiences`);
    expect(off.requests()).toEqual([]);
  });
});

describe("share and revoke with businesses", () => {
  test("SHARE and REVOKE answer BusinessSharedAudienceResponse; the BUSINESS_ACCOUNT list shows them; ad accounts' lists are untouched", async () => {
    const { em, id } = await withAudience();
    const body = businessesBody(id, [B2, B1]);
    expectShape("BusinessSharedAudience", body, { closed: true });
    const answer = await shareWithBusinesses(em, body);
    expect(answer.status).toBe(200);
    expectShape("BusinessSharedAudienceResponse", answer.body, { closed: true });
    expect(answer.body).toEqual({ audience_id: id, recipient_business_ids: [B2, B1], permissions: ["RESOURCE_PINNER_LIST_READER"] });
    expect((await allShared(em, id, "BUSINESS_ACCOUNT")).items).toEqual([
      { account_id: B1, account_name: `Business ${B1}`, account_type: "BUSINESS_ACCOUNT", shared_on_timestamp: T0 / 1000 },
      { account_id: B2, account_name: `Business ${B2}`, account_type: "BUSINESS_ACCOUNT", shared_on_timestamp: T0 / 1000 },
    ]);
    expect((await allShared(em, id, "AD_ACCOUNT")).items).toEqual([]);
    expect(await receivedIds(em, B1)).toEqual([]);
    const revoked = await shareWithBusinesses(em, businessesBody(id, [B2], "REVOKE"));
    expectShape("BusinessSharedAudienceResponse", revoked.body, { closed: true });
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [], businessIds: [B1] });
  });
});

describe("validation", () => {
  const ID = "2542620639259";
  test.each([
    ["no operation_type", { audience_id: ID, recipient_account_ids: [A1] }, /operation_type is required/],
    ["no audience_id", { recipient_account_ids: [A1], operation_type: "SHARE" }, /audience_id is required/],
    ["no recipients", { audience_id: ID, operation_type: "SHARE" }, /recipient_account_ids is required/],
    ["nothing", {}, /audience_id, recipient_account_ids, operation_type are required/],
    ["a non-digit audience_id", { ...accountsBody(ID, [A1]), audience_id: "12a" }, /audience_id must be a string of digits/],
    ["a numeric audience_id", { ...accountsBody(ID, [A1]), audience_id: 12 }, /audience_id must be a string of digits/],
    ["a non-digit recipient", accountsBody(ID, [A1, "act_9"]), /recipient_account_ids\[1\] must be a string of digits/],
    ["recipients as a string", { ...accountsBody(ID, []), recipient_account_ids: A1 }, /recipient_account_ids must be an array/],
    ["an unknown field", { ...accountsBody(ID, [A1]), role: "READER" }, /Unknown field "role"/],
    ["the businesses' field", { audience_id: ID, recipient_business_ids: [B1], operation_type: "SHARE" }, /Unknown field "recipient_business_ids"/],
    ["a lower-case operation_type", accountsBody(ID, [A1], "share" as "SHARE"), /operation_type must be SHARE or REVOKE/],
    ["REMOVE as operation_type", accountsBody(ID, [A1], "REMOVE" as "SHARE"), /operation_type must be SHARE or REVOKE/],
    ["an array body", [], /JSON object/],
  ])("a share with ad accounts with %s answers 400 naming the field; nothing is shared", async (_label, body, message) => {
    const { em, id } = await withAudience();
    expect(id).toBe(ID);
    expectError(await shareWithAccounts(em, body), 400, message);
    expect(em.recipients(OWNER, id)).toEqual(nobody);
  });

  test("the businesses' PATCH names its own field; bodies that are not JSON, or absent, are 400", async () => {
    const { em, id } = await withAudience();
    expectError(await shareWithBusinesses(em, { audience_id: id, operation_type: "SHARE" }), 400, /recipient_business_ids is required/);
    expectError(await shareWithBusinesses(em, businessesBody(id, ["b1"])), 400, /recipient_business_ids\[0\]/);
    expectError(await shareWithBusinesses(em, accountsBody(id, [A1])), 400, /Unknown field "recipient_account_ids"/);
    expectError(await call(em, "PATCH", `/ad_accounts/${OWNER}/audiences/businesses/shared`, undefined, { raw: "{nope" }), 400, /not valid JSON/);
    expectError(await call(em, "PATCH", `/ad_accounts/${OWNER}/audiences/ad_accounts/shared`), 400, /body is required/);
    expectError(await call(em, "PATCH", `/ad_accounts/act_1/audiences/ad_accounts/shared`, accountsBody(id, [A1])), 400, /ad_account_id/);
    expect(em.recipients(OWNER, id)).toEqual(nobody);
  });

  test("an audience cannot be shared with its owner ad account", async () => {
    const { em, id } = await withAudience();
    expectError(await shareWithAccounts(em, accountsBody(id, [A1, OWNER])), 400, new RegExp(`recipient_account_ids names ${OWNER}.*owns`));
    expect(em.recipients(OWNER, id)).toEqual(nobody);
  });

  test("the shared-accounts list requires audience_id (digits, at most 18) and account_type (the enum); page_size is 1..250", async () => {
    const { em, id } = await withAudience();
    const ok = { audience_id: id, account_type: "AD_ACCOUNT" };
    expectError(await sharedAccounts(em, { account_type: "AD_ACCOUNT" }), 400, /audience_id is required/);
    expectError(await sharedAccounts(em, { ...ok, audience_id: "12a" }), 400, /audience_id must be a string of at most 18 digits/);
    expectError(await sharedAccounts(em, { ...ok, audience_id: "1".repeat(19) }), 400, /audience_id/);
    expectError(await sharedAccounts(em, { audience_id: id }), 400, /account_type is required/);
    expectError(await sharedAccounts(em, { ...ok, account_type: "ad_account" }), 400, /account_type must be AD_ACCOUNT or BUSINESS_ACCOUNT/);
    expectError(await sharedAccounts(em, { ...ok, account_type: "BUSINESS" }), 400, /account_type/);
    for (const bad of ["0", "251", "2.5", "ten"])
      expectError(await sharedAccounts(em, { ...ok, page_size: bad }), 400, /page_size must be an integer from 1 to 250/);
    expect((await sharedAccounts(em, { ...ok, page_size: "250" })).status).toBe(200);
    expectError(await sharedAccounts(em, { ...ok, bookmark: "not-a-bookmark" }), 400, /bookmark/);
    expectError(await call(em, "POST", `/ad_accounts/${OWNER}/audiences/shared/accounts`, {}), 405, /GET/);
    expectError(await call(em, "GET", `/ad_accounts/${OWNER}/audiences/ad_accounts/shared`), 405, /PATCH/);
  });
});

describe("ownership", () => {
  test("another ad account, an unknown audience and a removed audience answer 404 on share, revoke and list", async () => {
    const { em, id } = await withAudience();
    const unknown = String(BigInt(id) + 100n);
    for (const [owner, audience] of [
      [A1, id],
      [OWNER, unknown],
    ] as const) {
      expectError(
        await shareWithAccounts(em, accountsBody(audience, [A2]), owner),
        404,
        new RegExp(`Audience ${audience} not found in ad account ${owner}`),
      );
      expectError(await shareWithBusinesses(em, businessesBody(audience, [B1], "REVOKE"), owner), 404, /not found/);
      expectError(await sharedAccounts(em, { audience_id: audience, account_type: "AD_ACCOUNT" }, owner), 404, /not found/);
    }
    // A recipient may not pass the audience on, nor list who has it.
    await shareWithAccounts(em, accountsBody(id, [A1]));
    expectError(await shareWithAccounts(em, accountsBody(id, [A2]), A1), 404);
    expectError(await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" }, A1), 404);

    expect((await call(em, "PATCH", `/ad_accounts/${OWNER}/audiences/${id}`, { operation_type: "REMOVE" })).status).toBe(200);
    expectError(await shareWithAccounts(em, accountsBody(id, [A2])), 404);
    expectError(await shareWithAccounts(em, accountsBody(id, [A1], "REVOKE")), 404);
    expectError(await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" }), 404);
    expect(await receivedIds(em, A1)).toEqual([]);
  });

  test("a removed audience leaves RECEIVED lists also when it still answers with removedStatus, and after a hand delete", async () => {
    const em = await start({ behaviour: { removedStatus: "REMOVED" } });
    const kept = seed(em, OWNER, "kept");
    const removed = seed(em, OWNER, "removed");
    const deleted = seed(em, OWNER, "deleted");
    for (const id of [kept, removed, deleted]) await shareWithAccounts(em, accountsBody(id, [A1]));
    expect(await receivedIds(em, A1)).toEqual([kept, removed, deleted]);
    await call(em, "PATCH", `/ad_accounts/${OWNER}/audiences/${removed}`, { operation_type: "REMOVE" });
    em.deleteAudience(OWNER, deleted);
    expect(await receivedIds(em, A1)).toEqual([kept]);
    expectError(await sharedAccounts(em, { audience_id: removed, account_type: "AD_ACCOUNT" }), 404);
  });
});

describe("pages", () => {
  test("30 recipients page as 25 + 5 by default, ascending by id, each bookmark resuming where the last page ended", async () => {
    const { em, id } = await withAudience();
    const ids = Array.from({ length: 30 }, (_, i) => String(9_000_000_000n - BigInt(i) * 7n));
    expect((await shareWithAccounts(em, accountsBody(id, ids))).status).toBe(200);
    const all = await allShared(em, id, "AD_ACCOUNT");
    expect(all.pages).toBe(2);
    expect(all.items.map((a) => a.account_id)).toEqual([...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
    const first = (await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" })).body as ApiPage<ApiSharedAudienceAccount>;
    expect(first.items).toHaveLength(25);
    expect(first.bookmark).toEqual(expect.any(String));
    expect((await allShared(em, id, "AD_ACCOUNT", 10)).pages).toBe(3);
    // A bookmark belongs to its list: other account_type or audience is 400.
    const other = seed(em, OWNER, "other");
    const bookmark = first.bookmark as string;
    expectError(await sharedAccounts(em, { audience_id: id, account_type: "BUSINESS_ACCOUNT", bookmark }), 400, /bookmark/);
    expectError(await sharedAccounts(em, { audience_id: other, account_type: "AD_ACCOUNT", bookmark }), 400, /bookmark/);
    expectError(await call(em, "GET", `/ad_accounts/${OWNER}/audiences?bookmark=${bookmark}`), 400, /bookmark/);
  });

  test("RECEIVED lists page by sharing time (ASCENDING or DESCENDING), from several owners", async () => {
    const em = await start();
    const order: string[] = [];
    for (let i = 0; i < 30; i++) {
      const owner = i % 2 === 0 ? OWNER : A2;
      const id = seed(em, owner, `a${i}`);
      order.push(id);
      now += 1000;
    }
    // Shared in reverse creation order, one second apart.
    for (const id of [...order].reverse()) {
      const owner = order.indexOf(id) % 2 === 0 ? OWNER : A2;
      expect((await shareWithAccounts(em, accountsBody(id, [A1]), owner)).status).toBe(200);
      now += 1000;
    }
    for (const direction of ["ASCENDING", "DESCENDING"]) {
      const seen: string[] = [];
      let bookmark: string | null | undefined = null;
      let pages = 0;
      do {
        const answer = await call(
          em,
          "GET",
          `/ad_accounts/${A1}/audiences?ownership_type=RECEIVED&order=${direction}${bookmark ? `&bookmark=${bookmark}` : ""}`,
        );
        expectShape("audiences/list", answer.body);
        const page = answer.body as ApiPage<ApiAudience>;
        seen.push(...page.items.map((a) => a.id));
        bookmark = page.bookmark;
        pages++;
      } while (bookmark);
      expect(pages).toBe(2);
      expect(seen).toEqual(direction === "ASCENDING" ? [...order].reverse() : order);
    }
    const first = (await call(em, "GET", `/ad_accounts/${A1}/audiences?ownership_type=RECEIVED`)).body as ApiPage<ApiAudience>;
    expectError(await call(em, "GET", `/ad_accounts/${A1}/audiences?bookmark=${first.bookmark as string}`), 400, /bookmark/);
    expectError(await call(em, "GET", `/ad_accounts/${A3}/audiences?ownership_type=RECEIVED&bookmark=${first.bookmark as string}`), 400, /bookmark/);
  });
});

describe("business hierarchy", () => {
  test("a SHARE naming an account outside the hierarchy is refused whole (400 by default), naming the ids; nothing is shared", async () => {
    const { em, id } = await withAudience({ outsideHierarchy: { adAccountIds: [A3, A2], businessIds: [B2] } });
    const refused = await shareWithAccounts(em, accountsBody(id, [A1, A3, A2]));
    expectError(refused, 400, new RegExp(`recipient_account_ids: ad account\\(s\\) ${A2}, ${A3} not in the owner's business hierarchy`));
    expect((refused.body as { message: string }).message).not.toContain(A1);
    expectError(
      await shareWithBusinesses(em, businessesBody(id, [B1, B2])),
      400,
      new RegExp(`business\\(s\\) ${B2} not in the owner's business hierarchy`),
    );
    expect(em.recipients(OWNER, id)).toEqual(nobody);
    expect(await receivedIds(em, A1)).toEqual([]);
    // Inside the hierarchy: fine. A REVOKE is not checked.
    expect((await shareWithAccounts(em, accountsBody(id, [A1]))).status).toBe(200);
    expect((await shareWithAccounts(em, accountsBody(id, [A3], "REVOKE"))).status).toBe(200);
    // The hierarchy can change; a hand share skips the check (an account that has left since).
    em.setOutsideHierarchy({ adAccountIds: [A1] });
    expectError(await shareWithAccounts(em, accountsBody(id, [A1])), 400, /not in the owner's business hierarchy/);
    expect((await shareWithAccounts(em, accountsBody(id, [A3]))).status).toBe(200);
    em.shareByHand(OWNER, id, { businessIds: [B2] });
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [A1, A3], businessIds: [B2] });
  });

  test("outsideHierarchyStatus 403 answers the refusal 403", async () => {
    const { em, id } = await withAudience({ outsideHierarchy: { businessIds: [B1] }, behaviour: { outsideHierarchyStatus: 403 } });
    expectError(await shareWithBusinesses(em, businessesBody(id, [B1])), 403, /not in the owner's business hierarchy/);
    expect(em.recipients(OWNER, id)).toEqual(nobody);
  });

  test("the command line names accounts outside the hierarchy and the refusal's status", () => {
    const { options } = parseCli([
      "--outside-ad-accounts",
      `${A1},${A2}`,
      "--outside-businesses",
      B1,
      "--outside-ad-accounts",
      A3,
      "--outside-hierarchy-status",
      "403",
    ]);
    expect(options.outsideHierarchy).toEqual({ adAccountIds: [A1, A2, A3], businessIds: [B1] });
    expect(options.behaviour).toEqual({ outsideHierarchyStatus: 403 });
    expect(() => parseCli(["--outside-businesses", "b1"])).toThrow(/--outside-businesses needs comma-separated ids of digits/);
    expect(() => parseCli(["--outside-hierarchy-status", "401"])).toThrow(/400 or 403/);
  });
});

describe("behaviour switches", () => {
  test("reshare: accept (default) is a no-op; reject answers 400 naming the recipient and changes nothing", async () => {
    const { em, id } = await withAudience();
    await shareWithAccounts(em, accountsBody(id, [A1]));
    expect((await shareWithAccounts(em, accountsBody(id, [A1, A2]))).status).toBe(200);
    expect(em.recipients(OWNER, id).adAccountIds).toEqual([A1, A2]);
    em.setBehaviour({ reshare: "reject" });
    expectError(await shareWithAccounts(em, accountsBody(id, [A3, A2])), 400, new RegExp(`already shared with ad account\\(s\\) ${A2}`));
    await shareWithBusinesses(em, businessesBody(id, [B1]));
    expectError(
      await shareWithBusinesses(em, businessesBody(id, [B1])),
      400,
      new RegExp(`recipient_business_ids: .*already shared with business\\(s\\) ${B1}`),
    );
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [A1, A2], businessIds: [B1] });
  });

  test("revokeUnshared: accept (default) is a no-op; reject answers 400 naming the recipient and changes nothing", async () => {
    const { em, id } = await withAudience();
    await shareWithAccounts(em, accountsBody(id, [A1]));
    expect((await shareWithAccounts(em, accountsBody(id, [A2], "REVOKE"))).status).toBe(200);
    em.setBehaviour({ revokeUnshared: "reject" });
    expectError(await shareWithAccounts(em, accountsBody(id, [A1, A2], "REVOKE")), 400, new RegExp(`not shared with ad account\\(s\\) ${A2}`));
    expectError(await shareWithBusinesses(em, businessesBody(id, [B1], "REVOKE")), 400, /recipient_business_ids: .*not shared with business/);
    expect(em.recipients(OWNER, id).adAccountIds).toEqual([A1]);
  });

  test("emptySharedAccounts: empty (default) answers no items; not_found answers 404 'Shared accounts not found.' until shared", async () => {
    const { em, id } = await withAudience();
    const params = { audience_id: id, account_type: "BUSINESS_ACCOUNT" };
    expect((await sharedAccounts(em, params)).body).toEqual({ items: [], bookmark: null });
    em.setBehaviour({ emptySharedAccounts: "not_found" });
    const missing = await sharedAccounts(em, params);
    expectError(missing, 404);
    expect((missing.body as { message: string }).message).toBe("Shared accounts not found.");
    await shareWithBusinesses(em, businessesBody(id, [B1]));
    expect((await sharedAccounts(em, params)).status).toBe(200);
    expectError(await sharedAccounts(em, { ...params, account_type: "AD_ACCOUNT" }), 404);
  });

  test("sharingAnswer: all answers every current recipient of the kind; null answers null; empty answers {}", async () => {
    const { em, id } = await withAudience({ behaviour: { sharingAnswer: "all" } });
    await shareWithAccounts(em, accountsBody(id, [A2]));
    const all = await shareWithAccounts(em, accountsBody(id, [A1]));
    expectShape("SharedAudienceResponse", all.body, { closed: true });
    expect(all.body).toEqual({ audience_id: id, recipient_account_ids: [A1, A2], permissions: ["RESOURCE_PINNER_LIST_READER"] });
    const afterRevoke = await shareWithAccounts(em, accountsBody(id, [A1, A2], "REVOKE"));
    expect(afterRevoke.body).toEqual({ audience_id: id, recipient_account_ids: [], permissions: ["RESOURCE_PINNER_LIST_READER"] });
    const business = await shareWithBusinesses(em, businessesBody(id, [B1]));
    expectShape("BusinessSharedAudienceResponse", business.body, { closed: true });
    expect(business.body).toEqual({ audience_id: id, recipient_business_ids: [B1], permissions: ["RESOURCE_PINNER_LIST_READER"] });

    em.setBehaviour({ sharingAnswer: "null" });
    const nullAnswer = await shareWithAccounts(em, accountsBody(id, [A3]));
    expect(nullAnswer).toEqual({ status: 200, body: null });
    // The description calls the answer's parts nullable, but its top level is type: object.
    expect(shapeErrors("SharedAudienceResponse", null)).not.toEqual([]);
    em.setBehaviour({ sharingAnswer: "empty" });
    const empty = await shareWithBusinesses(em, businessesBody(id, [B2]));
    expect(empty).toEqual({ status: 200, body: {} });
    expectShape("BusinessSharedAudienceResponse", empty.body, { closed: true });
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [A3], businessIds: [B1, B2] });
  });

  test("sharedAccountsIncludeOwner lists the owner ad account in the AD_ACCOUNT list, shared on the audience's creation", async () => {
    const { em, id } = await withAudience({ behaviour: { sharedAccountsIncludeOwner: true, emptySharedAccounts: "not_found" } });
    now += 10_000;
    await shareWithAccounts(em, accountsBody(id, [A1]));
    expect((await allShared(em, id, "AD_ACCOUNT")).items).toEqual([
      { account_id: OWNER, account_name: `Ad account ${OWNER}`, account_type: "AD_ACCOUNT", shared_on_timestamp: T0 / 1000 },
      { account_id: A1, account_name: `Ad account ${A1}`, account_type: "AD_ACCOUNT", shared_on_timestamp: T0 / 1000 + 10 },
    ]);
    expectError(await sharedAccounts(em, { audience_id: id, account_type: "BUSINESS_ACCOUNT" }), 404);
    expect(em.recipients(OWNER, id).adAccountIds).toEqual([A1]);
  });

  test("sharingListLagMs: the shared-accounts list shows a SHARE or REVOKE only that many ms later; the rest at once", async () => {
    const { em, id } = await withAudience({ behaviour: { sharingListLagMs: 2000 } });
    const listed = async (): Promise<string[]> => (await allShared(em, id, "AD_ACCOUNT")).items.map((a) => a.account_id);
    await shareWithAccounts(em, accountsBody(id, [A1]));
    expect(await listed()).toEqual([]);
    expect(em.recipients(OWNER, id).adAccountIds).toEqual([A1]);
    expect(await receivedIds(em, A1)).toEqual([id]);
    now += 1999;
    expect(await listed()).toEqual([]);
    now += 1;
    expect(await listed()).toEqual([A1]);
    await shareWithAccounts(em, accountsBody(id, [A1], "REVOKE"));
    now += 1000;
    expect(await listed()).toEqual([A1]);
    now += 1000;
    expect(await listed()).toEqual([]);
  });

  test("goneAudienceSharingStatus: 400 answers a SHARE or REVOKE of a removed, unknown or not owned audience 400; the list still 404", async () => {
    const { em, id } = await withAudience({ behaviour: { goneAudienceSharingStatus: 400 } });
    await shareWithAccounts(em, accountsBody(id, [A1]));
    const unknown = String(BigInt(id) + 100n);
    expectError(
      await shareWithAccounts(em, accountsBody(unknown, [A2])),
      400,
      new RegExp(`audience_id ${unknown} is not an audience of ad account ${OWNER}`),
    );
    expectError(await shareWithBusinesses(em, businessesBody(id, [B1], "REVOKE"), A1), 400, /recipient_business_ids were not changed/);
    expect((await call(em, "PATCH", `/ad_accounts/${OWNER}/audiences/${id}`, { operation_type: "REMOVE" })).status).toBe(200);
    expectError(await shareWithAccounts(em, accountsBody(id, [A1], "REVOKE")), 400, /it may have been removed/);
    expectError(await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" }), 404, /not found/);
    // A live audience still answers as before.
    const live = seed(em, OWNER, "live");
    expect((await shareWithAccounts(em, accountsBody(live, [A1]))).status).toBe(200);
  });

  test("the sharing profiles turn the switches on; every switch's default is the plain reading", () => {
    expect(EMULATOR_PROFILES["strict-sharing"]?.behaviour).toEqual({
      reshare: "reject",
      revokeUnshared: "reject",
      emptySharedAccounts: "not_found",
      outsideHierarchyStatus: 403,
    });
    expect(EMULATOR_PROFILES["sharing-answers-all-recipients"]?.behaviour).toEqual({ sharingAnswer: "all", sharedAccountsIncludeOwner: true });
    expect(EMULATOR_PROFILES["sharing-answers-null"]?.behaviour).toEqual({ sharingAnswer: "null" });
    expect(EMULATOR_PROFILES["sharing-answers-empty"]?.behaviour).toEqual({ sharingAnswer: "empty" });
    expect(EMULATOR_PROFILES["eventually-consistent-sharing"]?.behaviour).toEqual({ sharingListLagMs: 2000 });
    expect(EMULATOR_PROFILES["sharing-gone-audience-400"]?.behaviour).toEqual({ goneAudienceSharingStatus: 400 });
  });
});

describe("hand changes", () => {
  test("shareByHand and revokeByHand act like Ads Manager: visible to the API, not counted or logged", async () => {
    const { em, id } = await withAudience();
    em.shareByHand(OWNER, id, { adAccountIds: [A2, A1], businessIds: [B1] });
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [A1, A2], businessIds: [B1] });
    expect(em.counters().requests).toBe(0);
    expect(em.requests()).toEqual([]);
    expect((await allShared(em, id, "AD_ACCOUNT")).items.map((a) => a.account_id)).toEqual([A1, A2]);
    expect(await receivedIds(em, A2)).toEqual([id]);
    em.revokeByHand(OWNER, id, { adAccountIds: [A2, A3], businessIds: [B1] });
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [A1], businessIds: [] });
    expect(await receivedIds(em, A2)).toEqual([]);
    expect(em.counters().byOperation["audiences/shared_accounts"]).toBe(1);
  });

  test("hand changes throw for an audience the account does not own, a removed one, or non-digit ids; nothing changes", async () => {
    const { em, id } = await withAudience();
    expect(() => em.shareByHand(A1, id, { adAccountIds: [A2] })).toThrow(/not found in ad account/);
    expect(() => em.shareByHand(OWNER, id, { adAccountIds: [A2], businessIds: ["b"] })).toThrow(/"b" is not a string of digits/);
    expect(em.recipients(OWNER, id)).toEqual(nobody);
    em.deleteAudience(OWNER, id);
    expect(() => em.revokeByHand(OWNER, id, { adAccountIds: [A2] })).toThrow(/not found/);
    expect(em.recipients(A1, id)).toEqual(nobody);
  });
});

describe("faults, limits and auth on the sharing routes", () => {
  test("faults limited to the sharing operations: 5xx and 429 refuse without sharing; other routes are untouched", async () => {
    const { em, id } = await withAudience();
    em.setFaults({
      serverErrorNext: 1,
      throttleNext: 1,
      throttleRetryAfterSeconds: 3,
      operations: ["audiences/share_with_ad_accounts", "audiences/shared_accounts"],
    });
    expect((await call(em, "GET", `/ad_accounts/${OWNER}/audiences`)).status).toBe(200);
    const throttled = await shareWithAccounts(em, accountsBody(id, [A1]));
    expectError(throttled, 429, /Retry after 3 seconds/);
    expectError(await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" }), 503);
    expect(em.recipients(OWNER, id)).toEqual(nobody);
    expect((await shareWithAccounts(em, accountsBody(id, [A1]))).status).toBe(200);
    expect(em.counters().faults).toMatchObject({ serverError: 1, throttle: 1 });
  });

  test("a dropped connection shares nothing; commit-then-drop and commit-after-drop share without an answer", async () => {
    const slept: number[] = [];
    const { em, id } = await withAudience({ sleep: async (ms) => void slept.push(ms) });
    em.setFaults({ dropNext: 1, operations: ["audiences/share_with_businesses"] });
    await expect(shareWithBusinesses(em, businessesBody(id, [B1]))).rejects.toThrow();
    expect(em.recipients(OWNER, id).businessIds).toEqual([]);
    em.setFaults({ commitThenDropNext: 1 });
    await expect(shareWithBusinesses(em, businessesBody(id, [B1]))).rejects.toThrow();
    expect(em.recipients(OWNER, id).businessIds).toEqual([B1]);
    em.setFaults({ commitAfterDropNext: 1, commitAfterDropMs: 250, operations: ["audiences/share_with_ad_accounts"] });
    await expect(shareWithAccounts(em, accountsBody(id, [A1]))).rejects.toThrow();
    for (let i = 0; i < 50 && em.recipients(OWNER, id).adAccountIds.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(em.recipients(OWNER, id).adAccountIds).toEqual([A1]);
    expect(slept).toEqual([250]);
    expect(em.counters().faults).toMatchObject({ drop: 1, commitThenDrop: 2 });
    // The log keeps what was sent even when no answer went back.
    expect(em.requests("audiences/share_with_businesses").map((r) => [r.body, r.status])).toEqual([
      [businessesBody(id, [B1]), undefined],
      [businessesBody(id, [B1]), undefined],
    ]);
  });

  test("latency spikes apply to the sharing routes", async () => {
    const slept: number[] = [];
    const { em, id } = await withAudience({ sleep: async (ms) => void slept.push(ms) });
    em.setFaults({ latencySpikeNext: 1, latencySpikeMs: 900, operations: ["audiences/shared_accounts"] });
    await shareWithAccounts(em, accountsBody(id, [A1]));
    expect((await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" })).status).toBe(200);
    expect(slept).toEqual([900]);
  });

  test("the PATCHes count as ads_write and the list as ads_read against the rate limits; a bearer token is required", async () => {
    const { em, id } = await withAudience({ rateLimits: { ads_write: 1, ads_read: 1 } });
    expect((await shareWithAccounts(em, accountsBody(id, [A1]))).status).toBe(200);
    expectError(await shareWithBusinesses(em, businessesBody(id, [B1])), 429, /ads_write/);
    expect((await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" })).status).toBe(200);
    expectError(await sharedAccounts(em, { audience_id: id, account_type: "AD_ACCOUNT" }), 429, /ads_read/);
    em.setRateLimits({ ads_write: 0, ads_read: 0 });
    expectError(await call(em, "PATCH", `/ad_accounts/${OWNER}/audiences/ad_accounts/shared`, accountsBody(id, [A2]), { token: null }), 401);
    expect(em.recipients(OWNER, id)).toEqual({ adAccountIds: [A1], businessIds: [] });
  });
});

describe("persistence", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "emulator-sharing-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("recipients, their shared times and the hierarchy survive a restart from the state file", async () => {
    const statePath = join(dir, "state.json");
    const first = await start({ statePath, outsideHierarchy: { adAccountIds: [A3] } });
    const id = seed(first);
    await shareWithAccounts(first, accountsBody(id, [A1, A2]));
    await shareWithAccounts(first, accountsBody(id, [A2], "REVOKE"));
    now += 5000;
    first.shareByHand(OWNER, id, { businessIds: [B1] });
    await first.stop();

    const second = await start({ statePath });
    expect(second.recipients(OWNER, id)).toEqual({ adAccountIds: [A1], businessIds: [B1] });
    expect((await allShared(second, id, "BUSINESS_ACCOUNT")).items[0]?.shared_on_timestamp).toBe(T0 / 1000 + 5);
    expect(await receivedIds(second, A1)).toEqual([id]);
    expectError(await shareWithAccounts(second, accountsBody(id, [A3])), 400, /hierarchy/);
    await second.stop();

    const third = await start({ statePath, outsideHierarchy: {} });
    expect((await shareWithAccounts(third, accountsBody(id, [A3]))).status).toBe(200);
  });
});
