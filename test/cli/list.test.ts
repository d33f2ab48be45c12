/** `pinterest-audiences list` against the emulator: the table, JSON, filters, audiences received, and errors. */
import { startEmulator, type Emulator } from "../../emulator";
import { emulatorEnv, runCli, seedMixedAccount } from "./fixtures";

const ACCOUNT = "549755885175";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  seedMixedAccount(emulator, ACCOUNT, 8);
});
afterAll(() => emulator.stop());

test("prints a table of id, name, type, status and size, one row per audience", async () => {
  const run = await runCli(["list", "--ad-account", ACCOUNT], { env: emulatorEnv(emulator) });
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^ID\s+NAME\s+TYPE\s+STATUS\s+SIZE$/);
  expect(lines).toHaveLength(1 + 8 + 1);
  expect(lines[lines.length - 1]).toBe("8 audience(s)");
  const audiences = emulator.audiences(ACCOUNT);
  audiences.forEach((a, i) => {
    const cells = lines[i + 1].split(/\s{2,}/);
    expect(cells.slice(0, 4)).toEqual([a.id, a.name, a.audience_type, a.status]);
    if (typeof a.size === "number") expect(cells[4]).toBe(String(a.size));
  });
  // Columns line up: every row starts its NAME where the header does.
  const nameColumn = lines[0].indexOf("NAME");
  for (const line of lines.slice(1, -1)) expect(line[nameColumn - 1]).toBe(" ");
});

test("--json prints the audiences in camelCase; --type filters", async () => {
  const run = await runCli(["list", "--ad-account", ACCOUNT, "--json", "--type", "VISITOR"], { env: emulatorEnv(emulator) });
  expect(run.code).toBe(0);
  const listed = JSON.parse(run.stdout) as { audienceId: string; audienceType: string; rule: Record<string, unknown> }[];
  expect(listed.map((a) => a.audienceId)).toEqual(
    emulator
      .audiences(ACCOUNT)
      .filter((a) => a.audience_type === "VISITOR")
      .map((a) => a.id),
  );
  expect(listed[0].rule).toHaveProperty("visitorSourceId");
});

test("missing credentials: exit 1 naming the variables", async () => {
  const run = await runCli(["list", "--ad-account", ACCOUNT], { env: {} });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^pinterest-audiences list: No Pinterest credentials\. Set PINTEREST_ACCESS_TOKEN/);
});

test("a refresh token with app id and secret is enough: the tool obtains an access token", async () => {
  const env = {
    PINTEREST_REFRESH_ACCESS_TOKEN: emulator.oauth.refreshToken,
    PINTEREST_APP_ID: emulator.oauth.appId,
    PINTEREST_APP_SECRET: emulator.oauth.appSecret,
    PINTEREST_API_URI: emulator.url,
  };
  const run = await runCli(["list", "--ad-account", ACCOUNT], { env });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/8 audience\(s\)\n$/);
});

describe("--received", () => {
  const RECIPIENT = "549755885190";
  const OTHER_OWNER = "549755885191";

  test("lists the audiences shared with the ad account, from any owner, in the same table and JSON; not those it owns", async () => {
    const [first, second] = emulator.audiences(ACCOUNT);
    const foreign = emulator.seedAudience(OTHER_OWNER, {
      ad_account_id: OTHER_OWNER,
      name: "Their visitors",
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "31" },
    });
    const notShared = emulator.seedAudience(RECIPIENT, {
      ad_account_id: RECIPIENT,
      name: "Own list",
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "32" },
    });
    emulator.shareByHand(ACCOUNT, first.id, { adAccountIds: [RECIPIENT] });
    emulator.shareByHand(ACCOUNT, second.id, { businessIds: ["777"] });
    emulator.shareByHand(OTHER_OWNER, foreign.id, { adAccountIds: [RECIPIENT] });
    try {
      const table = await runCli(["list", "--ad-account", RECIPIENT, "--received"], { env: emulatorEnv(emulator) });
      expect(table).toMatchObject({ code: 0, stderr: "" });
      const lines = table.stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^ID\s+NAME\s+TYPE\s+STATUS\s+SIZE$/);
      expect(
        lines
          .slice(1, -1)
          .map((line) => line.split(/\s{2,}/)[0])
          .sort(),
      ).toEqual([first.id, foreign.id].sort());
      expect(lines[lines.length - 1]).toBe("2 audience(s)");
      expect(table.stdout).not.toContain(notShared.id);

      const json = await runCli(["list", "--ad-account", RECIPIENT, "--received", "--json"], { env: emulatorEnv(emulator) });
      const listed = JSON.parse(json.stdout) as { audienceId: string; adAccountId: string }[];
      expect(listed.map((a) => [a.audienceId, a.adAccountId]).sort()).toEqual(
        [
          [first.id, ACCOUNT],
          [foreign.id, OTHER_OWNER],
        ].sort(),
      );
      expect(new URLSearchParams(emulator.requests("list").slice(-1)[0].query).get("ownership_type")).toBe("RECEIVED");

      const none = await runCli(["list", "--ad-account", ACCOUNT, "--received"], { env: emulatorEnv(emulator) });
      expect(none.stdout).toBe("ID  NAME  TYPE  STATUS  SIZE\n0 audience(s)\n");
    } finally {
      emulator.revokeByHand(ACCOUNT, first.id, { adAccountIds: [RECIPIENT] });
      emulator.revokeByHand(ACCOUNT, second.id, { businessIds: ["777"] });
    }
  });

  test("--help describes it", async () => {
    const run = await runCli(["list", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--received\s+list the audiences other ad accounts shared with this one/);
  });
});
