/**
 * listAudiences against the emulator: every page followed, camelCase results, progress per page,
 * a client from the environment when none is given, and Pinterest's errors passed on.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { PinterestApiError, PinterestClient } from "../../provider/api";
import { listAudiences } from "../../provider/audience/list";

const ACCOUNT = "549755885175";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  for (let i = 0; i < 260; i++) {
    emulator.seedAudience(ACCOUNT, {
      ad_account_id: ACCOUNT,
      name: `Visitors ${i}`,
      audience_type: "VISITOR",
      description: i === 0 ? "first" : undefined,
      rule: { visitor_source_id: "2612345678901", retention_days: 30 },
    });
  }
});
afterAll(() => emulator.stop());

test("follows every page and returns camelCase audiences, reporting progress after each page", async () => {
  const client = new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url });
  const progress: { pages: number; audiences: number }[] = [];
  try {
    const audiences = await listAudiences({ adAccountId: ACCOUNT, client, order: "ASCENDING", onProgress: (p) => progress.push(p) });
    expect(audiences).toHaveLength(260);
    expect(new Set(audiences.map((a) => a.audienceId)).size).toBe(260);
    expect(audiences[0]).toMatchObject({
      adAccountId: ACCOUNT,
      name: "Visitors 0",
      description: "first",
      audienceType: "VISITOR",
      rule: { visitorSourceId: "2612345678901", retentionDays: 30 },
    });
    expect(audiences[0].rule).not.toHaveProperty("adAccountId");
    expect(progress).toEqual([
      { pages: 1, audiences: 250 },
      { pages: 2, audiences: 260 },
    ]);
  } finally {
    client.close();
  }
});

test("without a client, reads credentials and the base URL from the environment", async () => {
  const env = { PINTEREST_ACCESS_TOKEN: emulator.accessToken, PINTEREST_API_URI: emulator.url };
  const audiences = await listAudiences({ adAccountId: ACCOUNT, env });
  expect(audiences).toHaveLength(260);
});

test("without credentials it rejects with a message naming the variables to set", async () => {
  await expect(listAudiences({ adAccountId: ACCOUNT, env: { PINTEREST_API_URI: emulator.url } })).rejects.toThrow(/PINTEREST_ACCESS_TOKEN/);
});

test("a Pinterest error is passed on as a PinterestApiError", async () => {
  const env = { PINTEREST_ACCESS_TOKEN: "not-the-token", PINTEREST_API_URI: emulator.url };
  const error = await listAudiences({ adAccountId: ACCOUNT, env }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PinterestApiError);
  expect((error as PinterestApiError).status).toBe(401);
});

test("an account without audiences gives an empty list", async () => {
  const env = { PINTEREST_ACCESS_TOKEN: emulator.accessToken, PINTEREST_API_URI: emulator.url };
  await expect(listAudiences({ adAccountId: "1234", env })).resolves.toEqual([]);
});
