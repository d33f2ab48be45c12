/**
 * Issue 11: tokens and time. The token is attached when a request is sent, not before it waits in the throttle
 * queue; one refresh serves every waiting call (at most one 401 per refresh, with 16 calls in parallel); a
 * token whose lifetime is known is replaced before it expires; a rotated refresh token is used for the rest of
 * the process; a refresh token expiring within 14 days draws one warning without secrets. The emulator and
 * the client share one virtual clock: no real waits.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { PinterestClient, type PinterestClientOptions } from "../../provider/api";
import { virtualClock, type VirtualClock } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const DAY_MS = 24 * 3600 * 1000;

let emulator: Emulator;
let clock: VirtualClock;
const clients: PinterestClient[] = [];

async function start(options: EmulatorOptions = {}): Promise<void> {
  clock = virtualClock();
  emulator = await startEmulator({ now: clock.now, sleep: async () => undefined, ...options });
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await emulator.stop();
});

function client(options: PinterestClientOptions = {}): PinterestClient {
  const { appId, appSecret, refreshToken } = emulator.oauth;
  const made = new PinterestClient({
    baseUrl: emulator.url,
    appId,
    appSecret,
    refreshToken,
    now: clock.now,
    sleep: clock.sleep,
    env: {},
    logger: () => undefined,
    ...options,
  });
  clients.push(made);
  return made;
}

const create = (c: PinterestClient, i: number) =>
  c.audiences.create(ACCOUNT, { name: `Audience ${i}`, audience_type: "CUSTOMER_LIST", rule: { customer_list_id: String(1000 + i) } });

test("120 throttled creates with tokens that expire every 2 s: every request carries a live token (no 401)", async () => {
  await start({ tokenTtlSeconds: 2 });
  const c = client({ maxConcurrency: 10 });
  await Promise.all(Array.from({ length: 120 }, (_, i) => create(c, i)));
  const counters = emulator.counters();
  expect(clock.now() - 1_700_000_000_000).toBeGreaterThan(10_000); // the throttle spread them over many token lifetimes
  expect(counters.byOperation.token).toBeGreaterThan(5);
  expect(counters.byStatus["401"] ?? 0).toBe(0);
  expect(counters.byOperation.create).toBe(120);
  expect(emulator.audiences(ACCOUNT)).toHaveLength(120);
});

test("16 calls in parallel on an expired token: one 401, one refresh serves them all; later expiries draw no 401", async () => {
  await start({ tokenTtlSeconds: 60 });
  emulator.expireAccessTokens();
  const c = client({ accessToken: emulator.accessToken, maxConcurrency: 16, rateLimits: { ads_read: Infinity, ads_write: Infinity } });
  for (let wave = 0; wave < 3; wave++) {
    await Promise.all(Array.from({ length: 16 }, (_, i) => create(c, wave * 16 + i)));
    await clock.sleep(61_000); // the refreshed token expires between waves
  }
  const counters = emulator.counters();
  expect(counters.byStatus["401"] ?? 0).toBe(1);
  expect(counters.byStatus["401"] ?? 0).toBeLessThanOrEqual(counters.byOperation.token);
  expect(counters.byOperation.create).toBe(48 + 1);
  expect(emulator.audiences(ACCOUNT)).toHaveLength(48);
});

test("a rotated refresh token is used for the rest of the process (the emulator retires the one used)", async () => {
  await start({ tokenTtlSeconds: 60, rotateRefreshTokens: true });
  const c = client();
  for (let i = 0; i < 3; i++) {
    await c.audiences.list(ACCOUNT);
    await clock.sleep(61_000);
  }
  expect(emulator.counters().byOperation.token).toBe(3);
  expect(emulator.counters().byStatus["400"] ?? 0).toBe(0);
});

describe("a refresh token close to its expiry", () => {
  test("expiring within 14 days: one warning that says how to get a new token and holds no secret", async () => {
    await start({ tokenTtlSeconds: 60, refreshTokenExpiresAtMs: 1_700_000_000_000 + 10 * DAY_MS });
    const warnings: string[] = [];
    const c = client({ logger: (level, message) => void (level === "warn" && warnings.push(message)) });
    for (let i = 0; i < 3; i++) {
      await c.audiences.list(ACCOUNT);
      await clock.sleep(61_000);
    }
    expect(emulator.counters().byOperation.token).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/refresh token expires at .* \(in 10 days\)/);
    expect(warnings[0]).toContain("pulumi config set --secret pinterest:refreshToken");
    expect(warnings[0]).toContain("PINTEREST_REFRESH_ACCESS_TOKEN");
    for (const secret of [emulator.oauth.refreshToken, emulator.oauth.appSecret, emulator.accessToken]) expect(warnings[0]).not.toContain(secret);
  });

  test("expiring in 20 days: no warning", async () => {
    await start({ tokenTtlSeconds: 60, refreshTokenExpiresAtMs: 1_700_000_000_000 + 20 * DAY_MS });
    const warnings: string[] = [];
    const c = client({ logger: (level, message) => void (level === "warn" && warnings.push(message)) });
    await c.audiences.list(ACCOUNT);
    expect(warnings).toEqual([]);
  });
});
