/**
 * The provider's lifecycle (check, diff, create, read, update, delete) against the emulator, called the way
 * the plugin calls it: each audience type goes check -> create -> read -> diff (no change) -> update -> delete;
 * drift made by hand is seen by read and put back by update; idempotent create and adoption.
 */
import { startEmulator, type Emulator } from "../../emulator";
import * as lifecycle from "../../provider/audience/lifecycle";
import { PinterestClient } from "../../provider/api/client";
import { runtime } from "@pulumi/pulumi";
import { AudienceProvider } from "../../provider/audience/provider";
import { audienceProvider } from "../../provider/audience/resource";
import { sharingProvider } from "../../provider/sharing/resource";
import { startFakeServer } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
/** The largest serialised provider accepted: the by-name provider (linked installs, about 3 KB) with room to spare. */
const MAX_PROVIDER_BYTES = 3584;
let emulator: Emulator;

const declarations: Record<string, Record<string, unknown>> = {
  CUSTOMER_LIST: { audienceType: "CUSTOMER_LIST", name: "Newsletter subscribers", rule: { customerListId: "5497558859876" } },
  VISITOR: {
    audienceType: "VISITOR",
    name: "Site visitors, last 30 days",
    description: "Everyone who loaded a product page",
    rule: { visitorSourceId: "549755885175", retentionDays: 30, eventSource: { "=": ["web"] } },
  },
  ENGAGEMENT: { audienceType: "ENGAGEMENT", name: "Engagers", rule: { engagementDomain: ["www.example.com"], engagerType: 1 } },
  ACTALIKE: { audienceType: "ACTALIKE", name: "Lookalike", rule: { seedId: ["2542620639259"], country: "US", percentage: "5" } },
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
  await lifecycle.configure({
    get: (key: string) => ({ "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url })[key],
  });
});

afterAll(async () => {
  lifecycle.useClient(undefined);
  await emulator.stop();
});

function declared(type: string): Record<string, unknown> {
  return { adAccountId: ACCOUNT, ...declarations[type], __provider: "serialised provider text" };
}

describe.each(Object.keys(declarations))("a %s audience", (type) => {
  test("goes check -> create -> read -> diff (no change) -> update -> delete", async () => {
    const news = declared(type);
    expect((await lifecycle.check({}, news)).failures).toEqual([]);

    const created = await lifecycle.create(news);
    expect(created.id).toMatch(/^\d+$/);
    expect(created.outs).toMatchObject({ adAccountId: ACCOUNT, audienceType: type, name: news.name, audienceId: created.id });
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toContain(created.id);

    const refreshed = await lifecycle.read(created.id, { ...created.outs, __provider: news.__provider });
    expect(refreshed.id).toBe(created.id);
    expect(refreshed.inputs).toBeUndefined();

    const noChange = await lifecycle.diff(created.id, { ...refreshed.props, __provider: news.__provider }, news);
    expect(noChange.changes).toBe(false);

    const renamed = { ...news, name: `${news.name} (renamed)` };
    const plan = await lifecycle.diff(created.id, { ...refreshed.props }, renamed);
    expect(plan).toMatchObject({ changes: true, replaces: [] });
    const before = emulator.counters().byOperation.update;
    const updated = await lifecycle.update(created.id, { ...refreshed.props }, renamed);
    expect(updated.outs).toMatchObject({ name: `${news.name} (renamed)` });
    expect(emulator.counters().byOperation.update - before).toBe(1);

    await lifecycle.remove(created.id, { ...updated.outs });
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).not.toContain(created.id);
    expect(await lifecycle.read(created.id, { ...updated.outs })).toEqual({});
  });
});

test("an invalid declaration fails check with its path and reason, before any request", async () => {
  const before = emulator.counters().requests;
  const result = await lifecycle.check({}, { ...declared("VISITOR"), rule: { visitorSourceId: "1", retentionDays: 900 } });
  expect(result.failures).toEqual([expect.objectContaining({ property: "rule.retentionDays", reason: expect.stringMatching(/540/) })]);
  expect(emulator.counters().requests).toBe(before);
});

test("a type or account change replaces; name, description and rule update", async () => {
  const olds = declared("VISITOR");
  expect((await lifecycle.diff("1", olds, { ...olds, audienceType: "ENGAGEMENT" })).replaces).toEqual(["audienceType"]);
  expect((await lifecycle.diff("1", olds, { ...olds, adAccountId: "1" })).replaces).toEqual(["adAccountId"]);
  expect(await lifecycle.diff("1", olds, { ...olds, description: "other" })).toMatchObject({ changes: true, replaces: [] });
});

test("a hand edit is seen by refresh, recorded in the inputs (so the plan marks it), and put back by update with only the differing field", async () => {
  const news = declared("VISITOR");
  const created = await lifecycle.create(news);
  emulator.editAudience(ACCOUNT, created.id, { name: "Edited in Ads Manager" });

  const refreshed = await lifecycle.read(created.id, { ...created.outs });
  expect(refreshed.props).toMatchObject({ name: "Edited in Ads Manager" });
  expect(refreshed.props).not.toHaveProperty("status");
  expect(refreshed.props).not.toHaveProperty("updatedTimestamp");
  // The drifted field as found; the others as recorded, the rule without Pinterest's defaults (prefill true).
  const { __provider: _provider, ...declaredFields } = news;
  void _provider;
  expect(refreshed.inputs).toEqual({ ...declaredFields, name: "Edited in Ads Manager" });
  // Nothing drifted since: no inputs, so the state keeps what it records.
  expect((await lifecycle.read(created.id, { ...refreshed.props })).inputs).toBeUndefined();
  const plan = await lifecycle.diff(created.id, { ...refreshed.props }, news);
  expect(plan.changes).toBe(true);

  // The update goes through a recording proxy in front of the emulator, so the PATCH body itself is checked.
  const proxy = await startFakeServer(async (request) => {
    const answer = await fetch(`${emulator.url}${request.url.replace(/^\/v5/, "")}`, {
      method: request.method,
      headers: { authorization: String(request.headers.authorization), "content-type": "application/json" },
      body: request.body || undefined,
    });
    return { status: answer.status, body: await answer.json() };
  });
  lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: proxy.url }));
  try {
    const updated = await lifecycle.update(created.id, { ...refreshed.props }, news);
    expect(updated.outs).toMatchObject({ name: news.name });
  } finally {
    lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
    await proxy.stop();
  }
  expect(proxy.requests.map((r) => [r.method, r.path])).toEqual([["PATCH", `/v5/ad_accounts/${ACCOUNT}/audiences/${created.id}`]]);
  expect(proxy.requests[0].json).toEqual({ ad_account_id: ACCOUNT, operation_type: "UPDATE", name: news.name });
  const live = emulator.audiences(ACCOUNT).find((a) => a.id === created.id);
  expect(live?.name).toBe(news.name);
  expect(live?.description).toBe(news.description);
  expect(live?.rule?.retention_days).toBe(30);
});

test("an audience deleted by hand reads as gone, and deleting it again counts as deleted", async () => {
  const created = await lifecycle.create(declared("CUSTOMER_LIST"));
  emulator.deleteAudience(ACCOUNT, created.id);
  expect(await lifecycle.read(created.id, { ...created.outs })).toEqual({});
  await expect(lifecycle.remove(created.id, { ...created.outs })).resolves.toBeUndefined();
});

test("Audience.get reads an existing audience and returns its declaration as inputs", async () => {
  const seeded = emulator.seedAudience(ACCOUNT, { name: "Existing", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "123" } });
  const result = await lifecycle.read(seeded.id, { adAccountId: ACCOUNT, __provider: "x" });
  expect(result.inputs).toMatchObject({ adAccountId: ACCOUNT, name: "Existing", audienceType: "CUSTOMER_LIST", rule: { customerListId: "123" } });
  const plan = await lifecycle.diff(seeded.id, { ...result.props }, { ...(result.inputs as object) });
  expect(plan.changes).toBe(false);
});

test("importId adopts a matching audience with no create request, and refuses one that differs", async () => {
  const seeded = emulator.seedAudience(ACCOUNT, { name: "To adopt", audience_type: "ENGAGEMENT", rule: { engager_type: 1 } });
  const news = { adAccountId: ACCOUNT, name: "To adopt", audienceType: "ENGAGEMENT", rule: { engagerType: 1 }, importId: seeded.id };
  const creates = emulator.counters().byOperation.create;
  const adopted = await lifecycle.create(news);
  expect(adopted.id).toBe(seeded.id);
  expect(emulator.counters().byOperation.create).toBe(creates);
  expect((await lifecycle.diff(adopted.id, { ...adopted.outs }, news)).changes).toBe(false);

  await expect(lifecycle.create({ ...news, name: "Another name" })).rejects.toThrow(
    /Cannot adopt audience \d+: name is declared "Another name", but audience \d+ has "To adopt"/,
  );
});

test("a create whose answer is lost after Pinterest committed it adopts that audience instead of creating a second", async () => {
  const news = { ...declared("CUSTOMER_LIST"), name: "Lost answer" };
  emulator.setFaults({ commitThenDropNext: 1, operations: ["create"] });
  try {
    const created = await lifecycle.create(news);
    const named = emulator.audiences(ACCOUNT).filter((a) => a.name === "Lost answer");
    expect(named.map((a) => a.id)).toEqual([created.id]);
    expect(emulator.counters().faults.commitThenDrop).toBeGreaterThanOrEqual(1);
  } finally {
    emulator.clearFaults();
  }
});

test("a create that failed before reaching Pinterest is sent again once reconciled", async () => {
  const news = { ...declared("CUSTOMER_LIST"), name: "Server error first" };
  // The create is sent again only after the audience was looked for over a window as long as the request's
  // timeout: a 1 s timeout keeps that window short.
  lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url, timeoutMs: 1000 }));
  emulator.setFaults({ serverErrorNext: 1, operations: ["create"] });
  emulator.resetCounters();
  try {
    const created = await lifecycle.create(news);
    expect(
      emulator
        .audiences(ACCOUNT)
        .filter((a) => a.name === "Server error first")
        .map((a) => a.id),
    ).toEqual([created.id]);
    expect(emulator.counters().byOperation.create).toBe(2);
  } finally {
    emulator.clearFaults();
    lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
  }
});

test("the token appears in no output, and the serialised provider is small and holds no credentials", async () => {
  const created = await lifecycle.create(declared("ACTALIKE"));
  expect(JSON.stringify(created)).not.toContain(emulator.accessToken);

  // The provider Audience hands Pulumi, serialised as the SDK serialises it into `__provider`, in this process
  // where configure ran with the token (beforeAll). Run from the sources, the lifecycle is not under node_modules:
  // serialised by value, it would carry the token.
  const provider = audienceProvider();
  const serialised = await runtime.serializeFunction(() => provider, { allowSecrets: true });
  expect(serialised.containsSecrets).toBe(false);
  expect(serialised.text).not.toContain(emulator.accessToken);
  // Loaded by name where the plugin runs: the specifier is the only thing captured.
  expect(serialised.text).toContain('specifier: "pulumi-pinterest-audiences/dynamic"');
  expect(serialised.text).toContain("require(specifier)");
  expect(Buffer.byteLength(serialised.text)).toBeLessThan(MAX_PROVIDER_BYTES);
  expect(serialised.text).not.toMatch(/\/work\/|\/home\/|\/tmp\//);

  // AudienceSharing's provider, the same way, with its own specifier.
  const sharingOne = sharingProvider();
  const sharing = await runtime.serializeFunction(() => sharingOne, { allowSecrets: true });
  const sharingText = sharing.text;
  expect(sharing.containsSecrets).toBe(false);
  expect(sharingText).not.toContain(emulator.accessToken);
  expect(sharingText).toContain('specifier: "pulumi-pinterest-audiences/dynamic/sharing"');
  expect(Buffer.byteLength(sharingText)).toBeLessThan(MAX_PROVIDER_BYTES);

  // The class form, for programs that declare their own dynamic resources, holds no credentials either.
  const classForm = await runtime.serializeFunction(() => new AudienceProvider(), { allowSecrets: false });
  expect(classForm.text).not.toContain(emulator.accessToken);
  expect(classForm.text).toContain('require("pulumi-pinterest-audiences/dynamic")');
});

test("without credentials, the first call that needs Pinterest says what to set", async () => {
  await lifecycle.configure({ get: () => undefined });
  const saved = process.env.PINTEREST_ACCESS_TOKEN;
  delete process.env.PINTEREST_ACCESS_TOKEN;
  try {
    await expect(lifecycle.create(declared("CUSTOMER_LIST"))).rejects.toThrow(/pinterest:accessToken/);
  } finally {
    if (saved !== undefined) process.env.PINTEREST_ACCESS_TOKEN = saved;
    lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
  }
});
