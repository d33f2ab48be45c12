/**
 * Issue 19, item 3: check reads an audience to adopt only when it must. One GET for a declaration with `importId`
 * that is not in the stack yet, when credentials are present; none for one already in the stack, none without
 * `importId`, none without credentials. A differing declaration fails with each field and both values.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { PinterestClient } from "../../provider/api/client";
import { adoptionNotice, adoptionProblems } from "../../provider/audience/adoption";
import * as lifecycle from "../../provider/audience/lifecycle";

const ACCOUNT = "549755885175";
let emulator: Emulator;
let audienceId: string;
let declared: Record<string, unknown>;

/** What check printed (the adoption notice goes to the plugin's stdout, which the engine shows in the preview). */
let printed: string[] = [];
beforeEach(() => {
  printed = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
  audienceId = emulator.seedAudience(ACCOUNT, { name: "Kept", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } }).id;
  declared = {
    adAccountId: ACCOUNT,
    name: "Kept",
    audienceType: "CUSTOMER_LIST",
    rule: { customerListId: "77" },
    importId: audienceId,
    __provider: "x",
  };
});
afterAll(async () => {
  lifecycle.useClient(undefined);
  await emulator.stop();
});

function withClient(): void {
  lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
}

async function requestsOf(run: () => Promise<unknown>): Promise<number> {
  emulator.resetCounters();
  await run();
  return emulator.counters().requests;
}

test("adopting, not in the stack yet, credentials present: one GET; a match has no failure", async () => {
  withClient();
  let failures: unknown;
  expect(await requestsOf(async () => ({ failures } = await lifecycle.check({}, declared)))).toBe(1);
  expect(failures).toEqual([]);
  expect(printed).toEqual([
    `Audience "Kept": adopts the existing audience ${audienceId} of ad account ${ACCOUNT}; the create step sends no create request.\n`,
  ]);
});

test("a differing declaration fails with each field and both values", async () => {
  withClient();
  const { failures } = await lifecycle.check({}, { ...declared, name: "Other", rule: { customerListId: "78" } });
  expect(failures).toEqual([
    { property: "name", reason: expect.stringContaining(`name is declared "Other", but audience ${audienceId} has "Kept"`) },
    { property: "rule.customerListId", reason: expect.stringContaining(`rule.customerListId is declared "78", but audience ${audienceId} has "77"`) },
  ]);
});

test("an importId Pinterest does not have fails on importId", async () => {
  withClient();
  const { failures } = await lifecycle.check({}, { ...declared, importId: "999" });
  expect(failures).toEqual([{ property: "importId", reason: expect.stringContaining("has no such audience") }]);
});

test("no request: already in the stack, no importId, or no credentials", async () => {
  withClient();
  expect(await requestsOf(() => lifecycle.check(declared, declared))).toBe(0);
  const { importId: _importId, ...plain } = declared;
  void _importId;
  expect(await requestsOf(() => lifecycle.check({}, plain))).toBe(0);
  lifecycle.useClient(undefined);
  await lifecycle.configure({ get: () => undefined });
  const saved = process.env.PINTEREST_ACCESS_TOKEN;
  delete process.env.PINTEREST_ACCESS_TOKEN;
  try {
    let failures: unknown;
    expect(await requestsOf(async () => ({ failures } = await lifecycle.check({}, { ...declared, name: "Other" })))).toBe(0);
    expect(failures).toEqual([]);
  } finally {
    if (saved !== undefined) process.env.PINTEREST_ACCESS_TOKEN = saved;
  }
});

describe("the words of a refusal and of the notice (adoption.ts, called directly)", () => {
  const visitor = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({
      id: "2542620639262",
      ad_account_id: ACCOUNT,
      name: "Cart",
      audience_type: "VISITOR",
      rule: { visitor_source_id: "2542620639259", event: "addtocart", ...rule },
      ...extra,
    }) as never;
  const want = {
    adAccountId: ACCOUNT,
    name: "Cart",
    audienceType: "VISITOR" as const,
    rule: { visitorSourceId: "2542620639259", event: "addtocart" },
  };

  test("each difference says both values and the way to adopt", () => {
    expect(adoptionProblems(visitor({}), { ...want, name: "Carts" }, "2542620639262")).toEqual([
      {
        property: "name",
        reason:
          'name is declared "Carts", but audience 2542620639262 has "Cart": to adopt it, declare it as it is ' +
          "(`pinterest-audiences import` writes the declaration), then change it in a later update",
      },
    ]);
  });

  test("a value one side does not hold reads (not set): a rule field, a description left out or empty", () => {
    const [ruleField] = adoptionProblems(visitor({ event_source: { "=": ["web"] } }), want, "2542620639262");
    expect(ruleField.reason).toMatch(/^rule\.eventSource is declared \(not set\), but audience 2542620639262 has \{"=":\["web"\]\}: /);
    const [description] = adoptionProblems(visitor({}, { description: "" }), { ...want, description: "Mine" }, "2542620639262");
    expect(description.reason).toMatch(/^description is declared "Mine", but audience 2542620639262 has \(not set\): /);
  });

  test("the notice names the audience when the declaration has a name, and only then", () => {
    expect(adoptionNotice({ name: "Cart", adAccountId: ACCOUNT }, "2542620639262")).toBe(
      `Audience "Cart": adopts the existing audience 2542620639262 of ad account ${ACCOUNT}; the create step sends no create request.`,
    );
    expect(adoptionNotice({ adAccountId: ACCOUNT }, "2542620639262")).toBe(
      `Audience: adopts the existing audience 2542620639262 of ad account ${ACCOUNT}; the create step sends no create request.`,
    );
  });
});
