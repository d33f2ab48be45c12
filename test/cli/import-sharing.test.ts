/**
 * `pinterest-audiences import` brings each audience's sharing along: recipients of both kinds are read and written
 * as `sharedWith` (YAML/JSON) or as an `AudienceSharing` (TypeScript), only the kinds that have recipients; the
 * written files load back with the same sharing; `--no-sharing` reads none; a refusal of the sharing endpoints
 * (403, or a 404 for an audience that exists) warns once and still writes the audiences; other failures stop it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { startEmulator, type Emulator } from "../../emulator";
import { loadDeclarationsOrThrow, type Declaration, type SharedWith } from "../../provider/declarations";
import { startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "../helpers/fake-server";
import { emulatorEnv, runCli } from "./fixtures";

const OWNER = "549755885175";
const RECIPIENTS = { adAccountIds: ["549755885180", "549755885181"], businessIds: ["777000111"] };
let emulator: Emulator;
let dir: string;
/** Audience ids by name: "Shared both", "Shared businesses", "Not shared". */
const ids: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  for (const [i, name] of ["Shared both", "Shared businesses", "Not shared"].entries()) {
    ids[name] = emulator.seedAudience(OWNER, {
      ad_account_id: OWNER,
      name,
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: String(100 + i) },
    }).id;
  }
  emulator.shareByHand(OWNER, ids["Shared both"], RECIPIENTS);
  emulator.shareByHand(OWNER, ids["Shared businesses"], { businessIds: ["777000112"] });
});
afterAll(() => emulator.stop());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-import-sharing-"));
  emulator.resetCounters();
  emulator.setBehaviour({ emptySharedAccounts: "empty", sharedAccountsIncludeOwner: false });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Shared-accounts requests the emulator has logged so far. */
const sharingReads = (): number => emulator.requests("audiences/shared_accounts").length;

/** What the emulator says each audience is shared with, only kinds with recipients, by audience id. */
function liveSharing(): Record<string, SharedWith> {
  const out: Record<string, SharedWith> = {};
  for (const id of Object.values(ids)) {
    const live = emulator.recipients(OWNER, id);
    const sharedWith: SharedWith = {};
    if (live.adAccountIds.length > 0) sharedWith.adAccountIds = live.adAccountIds;
    if (live.businessIds.length > 0) sharedWith.businessIds = live.businessIds;
    if (Object.keys(sharedWith).length > 0) out[id] = sharedWith;
  }
  return out;
}

/** The sharing the written declarations state, by audience id (importId), via loadDeclarationsOrThrow. */
function writtenSharing(folder: string): Record<string, SharedWith> {
  const out: Record<string, SharedWith> = {};
  for (const { declaration, sharedWith } of loadDeclarationsOrThrow(folder)) {
    expect(declaration).not.toHaveProperty("sharedWith");
    if (sharedWith) out[declaration.importId as string] = sharedWith;
  }
  return out;
}

test.each(["yaml", "json"])(
  "%s: each audience's recipients are written as sharedWith, only kinds that have some, and load back the same",
  async (format) => {
    const before = sharingReads();
    const run = await runCli(["import", "--ad-account", OWNER, "--format", format, "--out", "audiences"], { env: emulatorEnv(emulator), cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/warning|error/i);
    // Two lists per audience (one per kind of recipient), counted in the progress and the summary.
    expect(sharingReads() - before).toBe(6);
    expect(run.stderr).toContain("Reading sharing: 3/3 audience(s), 6 request(s)");
    expect(run.stdout).toMatch(/Sharing: 2 audience\(s\) shared, written as sharedWith \(6 request\(s\) read it\)\./);

    const written = writtenSharing(path.join(dir, "audiences"));
    expect(written).toEqual(liveSharing());
    expect(written).toEqual({ [ids["Shared both"]]: RECIPIENTS, [ids["Shared businesses"]]: { businessIds: ["777000112"] } });
    // A kind without recipients is left out (not managed), not written as an empty list (which would revoke).
    expect(fs.readFileSync(path.join(dir, "audiences", `shared-businesses.${format}`), "utf8")).not.toContain("adAccountIds");
    expect(fs.readFileSync(path.join(dir, "audiences", `not-shared.${format}`), "utf8")).not.toContain("sharedWith");

    const validate = await runCli(["validate", "audiences"], { cwd: dir });
    expect(validate).toMatchObject({ code: 0, stdout: "3 declaration file(s) checked: all valid.\n" });
  },
);

test("ts: an AudienceSharing named <resource name>-sharing follows each shared audience, with that audience's id", async () => {
  const run = await runCli(["import", "--ad-account", OWNER, "--out", "prog"], { env: emulatorEnv(emulator), cwd: dir });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Sharing: 2 audience\(s\) shared, written as an AudienceSharing each/);
  const source = fs.readFileSync(path.join(dir, "prog", "index.ts"), "utf8");
  expect(ts.transpileModule(source, { reportDiagnostics: true }).diagnostics ?? []).toEqual([]);

  const calls: { type: string; name: string; args: Record<string, unknown> }[] = [];
  class Audience {
    readonly id: string;
    constructor(name: string, args: Declaration) {
      calls.push({ type: "Audience", name, args: { ...args } });
      this.id = `<id of ${name}>`;
    }
  }
  const AudienceSharing = function (name: string, args: Record<string, unknown>) {
    calls.push({ type: "AudienceSharing", name, args });
  };
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  new Function("require", "exports", js)(() => ({ Audience, AudienceSharing }), {});

  expect(calls.map((c) => [c.type, c.name])).toEqual([
    ["Audience", "shared-both"],
    ["AudienceSharing", "shared-both-sharing"],
    ["Audience", "shared-businesses"],
    ["AudienceSharing", "shared-businesses-sharing"],
    ["Audience", "not-shared"],
  ]);
  for (const call of calls.filter((c) => c.type === "Audience")) expect(call.args).not.toHaveProperty("sharedWith");
  expect(calls[1].args).toEqual({
    adAccountId: OWNER,
    audienceId: "<id of shared-both>",
    recipientAdAccountIds: RECIPIENTS.adAccountIds,
    recipientBusinessIds: RECIPIENTS.businessIds,
  });
  expect(calls[3].args).toEqual({ adAccountId: OWNER, audienceId: "<id of shared-businesses>", recipientBusinessIds: ["777000112"] });
});

test("--no-sharing sends no sharing request and writes no sharedWith", async () => {
  const before = sharingReads();
  const run = await runCli(["import", "--ad-account", OWNER, "--format", "yaml", "--no-sharing"], { env: emulatorEnv(emulator), cwd: dir });
  expect(run.code).toBe(0);
  expect(sharingReads()).toBe(before);
  expect(emulator.counters().requests).toBe(1);
  expect(writtenSharing(path.join(dir, "audiences"))).toEqual({});
  expect(run.stdout).toContain("Sharing: not read (--no-sharing); it is not managed.");
  expect(run.stderr).not.toContain("Reading sharing");
});

test("Pinterest's 404 'Shared accounts not found' is no recipients of that kind; the owner listed among them is not one", async () => {
  emulator.setBehaviour({ emptySharedAccounts: "not_found", sharedAccountsIncludeOwner: true });
  const run = await runCli(["import", "--ad-account", OWNER, "--format", "yaml"], { env: emulatorEnv(emulator), cwd: dir });
  expect(run.code).toBe(0);
  expect(run.stderr).not.toMatch(/warning/);
  expect(writtenSharing(path.join(dir, "audiences"))).toEqual(liveSharing());
});

test("files in the way stop the import before any sharing is read", async () => {
  fs.mkdirSync(path.join(dir, "audiences"));
  fs.writeFileSync(path.join(dir, "audiences", "not-shared.yaml"), "mine\n");
  const before = sharingReads();
  const run = await runCli(["import", "--ad-account", OWNER, "--format", "yaml"], { env: emulatorEnv(emulator), cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/already exist/);
  expect(sharingReads()).toBe(before);
});

describe("when the sharing endpoints are refused or fail", () => {
  /** A server in front of the emulator: `intercept` answers what it wants to, the rest is passed on. */
  async function proxy(intercept: (request: RecordedRequest) => FakeReply | undefined): Promise<FakeServer> {
    const origin = new URL(emulator.url).origin;
    return startFakeServer(async (request) => {
      const own = intercept(request);
      if (own) return own;
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type"])
        if (typeof request.headers[name] === "string") headers[name] = request.headers[name] as string;
      const answer = await fetch(`${origin}${request.url}`, {
        method: request.method,
        headers,
        body: request.body === "" ? undefined : request.body,
      });
      const text = await answer.text();
      return { status: answer.status, body: text === "" ? undefined : text };
    });
  }
  const sharedAccounts = (request: RecordedRequest): boolean => request.path.endsWith("/audiences/shared/accounts");

  async function importThrough(server: FakeServer, format = "yaml"): Promise<Awaited<ReturnType<typeof runCli>>> {
    return runCli(["import", "--ad-account", OWNER, "--format", format, "--out", "out"], {
      env: { ...emulatorEnv(emulator), PINTEREST_API_URI: server.url },
      cwd: dir,
    });
  }

  test.each([
    [
      "403",
      { status: 403, body: { code: 403, message: "Not authorized to access audience sharing." } },
      /HTTP 403: "Not authorized to access audience sharing\."/,
    ],
    ["404 for an audience that exists", { status: 404, body: { code: 404, message: "Not found." } }, /HTTP 404: "Not found\."/],
  ])("%s: one warning saying what was skipped and why; every audience is still written, without sharing", async (_what, reply, said) => {
    const server = await proxy((request) => (sharedAccounts(request) ? reply : undefined));
    try {
      const run = await importThrough(server);
      expect(run.code).toBe(0);
      expect(run.stderr.match(/warning/g)).toHaveLength(1);
      expect(run.stderr).toMatch(/warning: sharing not imported: Pinterest refused to list who the audiences are shared with/);
      expect(run.stderr).toMatch(said);
      expect(run.stderr).toMatch(
        /written without their sharing, which is then not managed.*ask Pinterest for access to audience sharing.*--no-sharing/,
      );
      expect(run.stdout).toMatch(/Wrote 3 audience declaration\(s\)/);
      expect(run.stdout).toMatch(/Sharing: not imported, Pinterest refused it/);
      expect(writtenSharing(path.join(dir, "out"))).toEqual({});
      expect(fs.readdirSync(path.join(dir, "out")).sort()).toEqual(["not-shared.yaml", "shared-both.yaml", "shared-businesses.yaml"]);
    } finally {
      await server.stop();
    }
  });

  test("a 404 for an audience removed since it was listed is no sharing for that audience only", async () => {
    const server = await proxy((request) =>
      sharedAccounts(request) && request.query.get("audience_id") === ids["Shared both"]
        ? { status: 404, body: { code: 404, message: "Not found." } }
        : request.method === "GET" && request.path.endsWith(`/audiences/${ids["Shared both"]}`)
          ? { status: 404, body: { code: 404, message: "Audience not found." } }
          : undefined,
    );
    try {
      const run = await importThrough(server);
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/warning/);
      expect(writtenSharing(path.join(dir, "out"))).toEqual({ [ids["Shared businesses"]]: { businessIds: ["777000112"] } });
    } finally {
      await server.stop();
    }
  });

  test("recipient ids that are not Pinterest ids are never written: that kind is left out, with a warning", async () => {
    const server = await proxy((request) =>
      sharedAccounts(request) && request.query.get("account_type") === "BUSINESS_ACCOUNT"
        ? { status: 200, body: { items: [{ account_id: "1/../x", account_type: "BUSINESS_ACCOUNT" }], bookmark: null } }
        : undefined,
    );
    try {
      const run = await importThrough(server);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(
        /warning: audience \d+: Pinterest listed 1 business recipient\(s\) whose id is not a Pinterest id .*"1\/\.\.\/x".*not managed/,
      );
      expect(writtenSharing(path.join(dir, "out"))).toEqual({ [ids["Shared both"]]: { adAccountIds: RECIPIENTS.adAccountIds } });
      expect(fs.readdirSync(path.join(dir, "out"))).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });

  test("any other failure stops the import, writes nothing, and points at --no-sharing", async () => {
    const server = await proxy((request) =>
      sharedAccounts(request) ? { status: 400, body: { code: 400, message: "Invalid account_type." } } : undefined,
    );
    try {
      const run = await importThrough(server);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^pinterest-audiences import: reading who the audiences are shared with failed: Pinterest error: .*400.*Nothing was written\. .*--no-sharing/m,
      );
      expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
    } finally {
      await server.stop();
    }
  });
});

test("--help describes --no-sharing and what is written", async () => {
  const run = await runCli(["import", "--help"]);
  expect(run.stdout).toMatch(/--no-sharing\s+do not read who the audiences are shared with/);
  expect(run.stdout).toMatch(/AudienceSharing named <resource name>-sharing/);
});
