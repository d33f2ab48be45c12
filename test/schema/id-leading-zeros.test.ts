/**
 * Ids written with leading zeros are refused wherever the provider takes an id: Pinterest reads "0111" as 111 and
 * answers 111, so a declared "0111" never matches what it holds (every refresh would SHARE 0111 and REVOKE 111),
 * and "0549755885175" would slip past the check that the owner is not a recipient. Each refusal names the property
 * and says what to write instead; "0" is no id at all.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import {
  check as checkAudience,
  configure as configureAudience,
  diff as diffAudience,
  read as readAudience,
} from "../../provider/audience/lifecycle";
import { formatFailures, loadDeclarations, toYaml } from "../../provider/declarations";
import { check as checkSharing, configure as configureSharing, diff as diffSharing, read as readSharing } from "../../provider/sharing/lifecycle";
import { changesFor, LOOKUP_KEY, RECIPIENT_KINDS, recipientIdsOf } from "../../provider/sharing/model";
import { emulatorEnv, runCli } from "../cli/fixtures";

const OWNER = "549755885175";
const audiences = {
  VISITOR: { adAccountId: OWNER, name: "Visitors", audienceType: "VISITOR", rule: { visitorSourceId: "2612345678901" } },
  CUSTOMER_LIST: { adAccountId: OWNER, name: "List", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } },
  ENGAGEMENT: { adAccountId: OWNER, name: "Engagers", audienceType: "ENGAGEMENT", rule: { engagerType: 1 } },
  ACTALIKE: { adAccountId: OWNER, name: "Lookalike", audienceType: "ACTALIKE", rule: { seedId: ["2542620639259"], country: "US", percentage: 5 } },
};
type AudienceType = keyof typeof audiences;
const sharing = { adAccountId: OWNER, audienceId: "2542620639259", recipientAdAccountIds: ["111"] };

/** A valid audience of `type` with top-level or rule fields replaced. */
function audience(type: AudienceType, top: Record<string, unknown>, rule: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...audiences[type], ...top, rule: { ...audiences[type].rule, ...rule } };
}

/** The reason a failure must give for an id written with leading zeros: the rule, and the id to write. */
const writeInstead = (id: string): RegExp => new RegExp(`must not start with 0 \\(Pinterest writes ids without leading zeros[^)]*\\): write "${id}"`);

/** [what, declaration, property path, id to write instead]. */
const audienceCases: [string, Record<string, unknown>, string, string][] = [
  ["adAccountId", audience("VISITOR", { adAccountId: "0549755885175" }), "adAccountId", "549755885175"],
  ["importId", audience("VISITOR", { importId: "0111" }), "importId", "111"],
  ["rule.customerListId", audience("CUSTOMER_LIST", {}, { customerListId: "0111" }), "rule.customerListId", "111"],
  ["rule.visitorSourceId", audience("VISITOR", {}, { visitorSourceId: "0111" }), "rule.visitorSourceId", "111"],
  ["rule.visitorSourceId in a list", audience("VISITOR", {}, { visitorSourceId: ["222", "00111"] }), "rule.visitorSourceId[1]", "111"],
  ["rule.pinId", audience("ENGAGEMENT", {}, { pinId: ["0111"] }), "rule.pinId[0]", "111"],
  ["rule.adId", audience("ENGAGEMENT", {}, { adId: ["1", "0111"] }), "rule.adId[1]", "111"],
  ["rule.campaignId", audience("ENGAGEMENT", {}, { campaignId: ["0111"] }), "rule.campaignId[0]", "111"],
  ["rule.seedId", audience("ACTALIKE", {}, { seedId: ["0111"] }), "rule.seedId[0]", "111"],
  ["19 characters, 18 digits after the zero", audience("VISITOR", { adAccountId: "0123456789012345678" }), "adAccountId", "123456789012345678"],
];

/** [what, sharing declaration, property path, id to write instead]. */
const sharingCases: [string, Record<string, unknown>, string, string][] = [
  ["adAccountId", { ...sharing, adAccountId: "0549755885175" }, "adAccountId", "549755885175"],
  ["audienceId", { ...sharing, audienceId: "02542620639259" }, "audienceId", "2542620639259"],
  ["an ad account recipient", { ...sharing, recipientAdAccountIds: ["222", "0111"] }, "recipientAdAccountIds[1]", "111"],
  [
    "the owner with a leading zero as a recipient",
    { ...sharing, recipientAdAccountIds: ["0549755885175"] },
    "recipientAdAccountIds[0]",
    "549755885175",
  ],
  ["a business recipient", { ...sharing, recipientBusinessIds: ["0900"] }, "recipientBusinessIds[0]", "900"],
];

describe("an Audience's check", () => {
  it.each(audienceCases)("refuses a leading zero in %s, saying what to write", async (_what, news, property, id) => {
    const { failures } = await checkAudience({}, news);
    expect(failures).toEqual([{ property, reason: expect.stringMatching(writeInstead(id)) }]);
    expect(failures?.[0].reason.startsWith(property)).toBe(true);
  });

  it.each(Object.keys(audiences))("still accepts the %s audience without leading zeros", async (type) => {
    expect((await checkAudience({}, audiences[type as AudienceType])).failures).toEqual([]);
  });

  it.each(["0", "000"])("refuses %j as no Pinterest id, without suggesting an empty one", async (zero) => {
    const { failures } = await checkAudience({}, audience("ENGAGEMENT", { adAccountId: zero }, { pinId: [zero] }));
    expect(failures).toHaveLength(2);
    expect(failures).toEqual(
      expect.arrayContaining([
        { property: "adAccountId", reason: expect.stringMatching(/^adAccountId is not an id: Pinterest ids start with a digit from 1 to 9/) },
        { property: "rule.pinId[0]", reason: expect.stringMatching(/^rule\.pinId\[0\] is not an id: Pinterest ids start with a digit from 1 to 9/) },
      ]),
    );
    expect(failures?.map((f) => f.reason).join()).not.toMatch(/write ""/);
  });

  it("keeps the kind of id in the reason for other malformed ids", async () => {
    const { failures } = await checkAudience({}, audience("ENGAGEMENT", {}, { pinId: ["12a"] }));
    expect(failures).toEqual([
      {
        property: "rule.pinId[0]",
        reason: expect.stringMatching(/^rule\.pinId\[0\] must be a pin id: digits only, at most 18 characters, not starting with 0; got "12a"$/),
      },
    ]);
  });
});

describe("an AudienceSharing's check", () => {
  it.each(sharingCases)("refuses a leading zero in %s, saying what to write", async (_what, news, property, id) => {
    const { failures } = await checkSharing({}, news);
    expect(failures).toEqual([{ property, reason: expect.stringMatching(writeInstead(id)) }]);
  });

  it("still accepts ids without leading zeros", async () => {
    expect((await checkSharing({}, { ...sharing, recipientBusinessIds: ["900"] })).failures).toEqual([]);
  });
});

describe("declaration files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "id-zeros-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const load = (text: string): string[] => {
    const file = path.join(dir, "list.yaml");
    fs.writeFileSync(file, text);
    return formatFailures(loadDeclarations(file));
  };
  const list = toYaml({ adAccountId: OWNER, name: "List", audienceType: "CUSTOMER_LIST", rule: { customerListId: "42" } });

  it("refuse a quoted id with a leading zero, with file:line: property and reason, the property once", () => {
    const failures = load(list.replace(`"${OWNER}"`, `"0${OWNER}"`));
    expect(failures).toEqual([expect.stringMatching(new RegExp(`list\\.yaml:\\d+: adAccountId ${writeInstead(OWNER).source}`))]);
  });

  it("refuse sharedWith recipients with a leading zero, the owner among them", () => {
    const failures = load(`${list}sharedWith:\n  adAccountIds: ["0${OWNER}"]\n  businessIds: ["0900"]\n`);
    expect(failures).toEqual([
      expect.stringMatching(new RegExp(`list\\.yaml:\\d+: sharedWith\\.adAccountIds\\[0\\] .*${writeInstead(OWNER).source}`)),
      expect.stringMatching(new RegExp(`list\\.yaml:\\d+: sharedWith\\.businessIds\\[0\\] .*${writeInstead("900").source}`)),
    ]);
  });

  it("ask to quote an unquoted id with a leading zero without the zero (YAML reads it as a number)", () => {
    const failures = load(list.replace(`"${OWNER}"`, `0${OWNER}`));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(new RegExp(`adAccountId .*put the id in quotes, e\\.g\\. "${OWNER}"; got 0${OWNER} without quotes`));
    expect(failures[0]).not.toContain(`"0${OWNER}"`);
  });
});

describe("the command-line tool", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.stop());

  it.each([["list"], ["import"]])("%s refuses --ad-account with a leading zero, before any request", async (command) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "id-zeros-cli-"));
    try {
      const run = await runCli([command, "--ad-account", `0${OWNER}`], { env: emulatorEnv(emulator), cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`--ad-account ${writeInstead(OWNER).source}`));
      expect(emulator.counters().requests).toBe(0);
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("list refuses --ad-account 0 as no id", async () => {
    const run = await runCli(["list", "--ad-account", "0"], { env: emulatorEnv(emulator) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--ad-account is not an id: Pinterest ids start with a digit from 1 to 9/);
  });
});

describe("Audience.get and AudienceSharing.get (the provider's read of an id it does not hold yet)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    const config: Record<string, string> = { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
    await configureAudience({ get: (key: string) => config[key] });
    await configureSharing({ get: (key: string) => config[key] });
  });
  afterAll(() => emulator.stop());

  it.each<[string, (id: string, props: Record<string, unknown>) => Promise<unknown>]>([
    ["Audience.get", readAudience],
    // AudienceSharing.get's inputs carry LOOKUP_KEY: that is how read tells a lookup from a refresh.
    ["AudienceSharing.get", (id, props) => readSharing(id, { ...props, [LOOKUP_KEY]: true })],
  ])("%s refuses an id or an owner ad account with a leading zero, before any request", async (_what, read) => {
    await expect(read("0111", { adAccountId: OWNER })).rejects.toThrow(writeInstead("111"));
    await expect(read("111", { adAccountId: `0${OWNER}` })).rejects.toThrow(writeInstead(OWNER));
    await expect(read("0", { adAccountId: OWNER })).rejects.toThrow(/is not an id: Pinterest ids start with a digit from 1 to 9/);
    expect(emulator.counters().requests).toBe(0);
  });
});

/**
 * State written before ids were checked for leading zeros may hold one (check accepted "0111", and Pinterest
 * served it as 111). Once the declaration says "111", nothing is replaced or revoked for the difference in writing.
 */
describe("ids recorded with leading zeros before they were refused", () => {
  const declared = { adAccountId: OWNER, audienceId: "111", recipientAdAccountIds: ["222"], recipientBusinessIds: ["900"] };
  const recorded = { adAccountId: `0${OWNER}`, audienceId: "0111", recipientAdAccountIds: ["0222"], recipientBusinessIds: ["00900"] };

  it("an audience whose ad account is now written without the zero is not replaced", async () => {
    const news = audiences.VISITOR;
    expect(await diffAudience("111", { ...news, adAccountId: `0${OWNER}` }, news)).toMatchObject({ changes: false, replaces: [] });
  });

  it("a sharing written without the zeros is neither replaced nor updated", async () => {
    expect(await diffSharing("111", recorded, declared)).toMatchObject({ changes: false, replaces: [] });
  });

  it("no SHARE or REVOKE is planned for a recipient recorded with a zero and declared without (Pinterest would read REVOKE 0222 as REVOKE 222)", () => {
    expect(changesFor(recorded, declared)).toEqual([]);
    expect(changesFor(recorded, { ...declared, recipientAdAccountIds: ["333"] })).toEqual([
      { kind: RECIPIENT_KINDS[0], share: ["333"], revoke: ["222"] },
    ]);
  });

  it("the owner recorded with a zero is still never read as a recipient of its own audience", () => {
    const listed = [OWNER, "222"].map((id) => ({
      account_id: id,
      account_name: `Account ${id}`,
      account_type: "AD_ACCOUNT",
      shared_on_timestamp: 0,
    }));
    expect(recipientIdsOf(listed, RECIPIENT_KINDS[0], `0${OWNER}`)).toEqual(["222"]);
  });
});
