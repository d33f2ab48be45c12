/**
 * `pinterest-audiences import` against the emulator: a 600-audience account of mixed types becomes YAML files or
 * a TypeScript program that match the account and pass `validate`; filters, progress, resource names,
 * no overwriting without --force, and the errors (missing credentials, Pinterest errors, usage). The big account
 * is imported with --no-sharing (its 1200 sharing reads would take over a minute at the read rate limit);
 * cli-import-sharing.test.ts covers the sharing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { startEmulator, type Emulator } from "../../emulator";
import { startFakeServer, type FakeServer } from "../helpers/fake-server";
import { loadDeclarations, type Declaration } from "../../provider/declarations";
import { fromApiAudience } from "../../provider/audience/model";
import { emulatorEnv, runCli, seedMixedAccount } from "./fixtures";

const ACCOUNT = "549755885175";
const COUNT = 600;
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  seedMixedAccount(emulator, ACCOUNT, COUNT);
});
afterAll(() => emulator.stop());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-import-"));
  emulator.resetCounters();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the emulator holds, as the declarations an import must write (protected unless told otherwise), by audience id. */
function expectedDeclarations(protect = true): Map<string, Declaration> {
  const expected = new Map<string, Declaration>();
  for (const api of emulator.audiences(ACCOUNT)) {
    const live = fromApiAudience(api);
    const declaration: Declaration = {
      adAccountId: live.adAccountId,
      name: live.name,
      audienceType: live.audienceType,
      rule: live.rule,
      importId: live.audienceId,
    };
    if (live.description) declaration.description = live.description;
    if (protect) declaration.protect = true;
    expected.set(live.audienceId, declaration);
  }
  return expected;
}

/** Evaluates a generated program with a stand-in `Audience` and returns the constructor calls. */
function evaluateProgram(source: string): { name: string; args: Declaration; options?: Record<string, unknown> }[] {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  const calls: { name: string; args: Declaration; options?: Record<string, unknown> }[] = [];
  const Audience = function (name: string, args: Declaration, options?: Record<string, unknown>) {
    calls.push({ name, args, options });
  };
  const fakeRequire = (id: string) => {
    expect(id).toBe("pulumi-pinterest-audiences");
    return { Audience };
  };
  new Function("require", "exports", js)(fakeRequire, {});
  return calls;
}

test("YAML import of 600 audiences of mixed types: one file each, equal to the account, passing validate", async () => {
  const out = path.join(dir, "audiences");
  const run = await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--format", "yaml", "--out", out], {
    env: emulatorEnv(emulator),
    cwd: dir,
  });
  expect(run.stderr).not.toMatch(/warning|error/i);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Wrote 600 audience declaration\(s\) of ad account 549755885175 as yaml to audiences\//);
  // Progress: pages read, then audiences written.
  expect(run.stderr).toContain("Reading ad account 549755885175: 3 page(s), 600 audience(s)");
  expect(run.stderr).toContain("Writing declarations: 100/600 audience(s) written");
  expect(run.stderr).toContain("Writing declarations: 600/600 audience(s) written");
  // Only list requests: 3 pages of 250.
  expect(emulator.counters().requests).toBe(3);

  const files = fs.readdirSync(out);
  expect(files).toHaveLength(COUNT);
  expect(fs.readFileSync(path.join(out, files[0]), "utf8").split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=\S+schema\.json$/);

  const loaded = loadDeclarations(out);
  const expected = expectedDeclarations();
  expect(loaded.every((l) => l.failures.length === 0)).toBe(true);
  for (const { declaration } of loaded) expect(declaration).toEqual(expected.get(declaration.importId as string));
  expect(new Set(loaded.map((l) => l.declaration.importId)).size).toBe(COUNT);

  const validate = await runCli(["validate", "audiences"], { cwd: dir });
  expect(validate.stdout).toBe("600 declaration file(s) checked: all valid.\n");
  expect(validate.code).toBe(0);
});

test("--no-protect leaves protect out, in YAML and TypeScript, and the summary says destroy removes them", async () => {
  const out = path.join(dir, "audiences");
  const yaml = await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--no-protect", "--format", "yaml", "--out", out], {
    env: emulatorEnv(emulator),
    cwd: dir,
  });
  expect(yaml.code).toBe(0);
  expect(yaml.stdout).toMatch(/Not protected \(--no-protect\)/);
  const expected = expectedDeclarations(false);
  for (const { declaration } of loadDeclarations(out)) expect(declaration).toEqual(expected.get(declaration.importId as string));
  const program = await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--no-protect", "--format", "ts", "--out", "prog"], {
    env: emulatorEnv(emulator),
    cwd: dir,
  });
  expect(program.code).toBe(0);
  for (const call of evaluateProgram(fs.readFileSync(path.join(dir, "prog", "index.ts"), "utf8"))) expect(call.options).toBeUndefined();
});

test("by default the summary says what is protected and why", async () => {
  const run = await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--format", "json", "--out", path.join(dir, "j")], {
    env: emulatorEnv(emulator),
    cwd: dir,
  });
  expect(run.stdout).toMatch(/Each is protected \(protect: true\), as `pulumi import` does/);
  const first = fs.readdirSync(path.join(dir, "j"))[0];
  expect(JSON.parse(fs.readFileSync(path.join(dir, "j", first), "utf8")).protect).toBe(true);
});

test("resource names are slugs of the audience names, unique, the older of two alike keeping the plain slug", async () => {
  const out = path.join(dir, "a");
  await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--format", "yaml", "--out", out], { env: emulatorEnv(emulator) });
  const names = fs.readdirSync(out).map((f) => f.replace(/\.yaml$/, ""));
  expect(names.every((n) => /^[a-z0-9-]+$/.test(n))).toBe(true);
  const cafes = emulator.audiences(ACCOUNT).filter((a) => a.name === "Café visitors");
  expect(cafes.length).toBeGreaterThan(1);
  expect(names).toContain("cafe-visitors");
  for (const cafe of cafes.slice(1)) expect(names).toContain(`cafe-visitors-${cafe.id}`);
  expect(names).toContain("lookalike-us-5");
  expect(names).toContain("site-visitors-5");
});

test("TypeScript import writes index.ts with one new Audience per audience, equal to the account", async () => {
  const run = await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--format", "ts", "--out", "prog"], {
    env: emulatorEnv(emulator),
    cwd: dir,
  });
  expect(run.code).toBe(0);
  expect(run.stderr).toContain("Writing declarations: 600/600 audience(s) written");
  const source = fs.readFileSync(path.join(dir, "prog", "index.ts"), "utf8");
  expect(source).toMatch(/^\/\/ Audiences of Pinterest ad account 549755885175/);
  const calls = evaluateProgram(source);
  const expected = expectedDeclarations(false);
  expect(calls).toHaveLength(COUNT);
  for (const call of calls) expect(call.args).toEqual(expected.get(call.args.importId as string));
  // What was adopted is protected, as a resource option.
  for (const call of calls) expect(call.options).toEqual({ protect: true });
  expect(new Set(calls.map((c) => c.name)).size).toBe(COUNT);
  // The TypeScript compiler accepts it syntactically.
  const diagnostics = ts.transpileModule(source, { reportDiagnostics: true }).diagnostics ?? [];
  expect(diagnostics).toEqual([]);
});

test("--type and --name filter what is written; the default format is ts in the current directory", async () => {
  const run = await runCli(["import", "--ad-account", ACCOUNT, "--no-sharing", "--type", "actalike", "--name", "/^lookalike: us/i"], {
    env: emulatorEnv(emulator),
    cwd: dir,
  });
  expect(run.code).toBe(0);
  const calls = evaluateProgram(fs.readFileSync(path.join(dir, "index.ts"), "utf8"));
  const expectedIds = emulator
    .audiences(ACCOUNT)
    .filter((a) => a.audience_type === "ACTALIKE" && /^lookalike: us/i.test(a.name))
    .map((a) => a.id);
  expect(expectedIds.length).toBeGreaterThan(1);
  expect(calls.map((c) => c.args.importId)).toEqual(expectedIds);
  expect(run.stdout).toMatch(/\(600 read, \d+ matched\)/);

  const substring = await runCli(
    ["import", "--ad-account", ACCOUNT, "--no-sharing", "--format", "json", "--type", "VISITOR,ENGAGEMENT", "--name", "CAFÉ"],
    {
      env: emulatorEnv(emulator),
      cwd: dir,
    },
  );
  expect(substring.code).toBe(0);
  const loaded = loadDeclarations(path.join(dir, "audiences"));
  expect(loaded.length).toBe(emulator.audiences(ACCOUNT).filter((a) => a.name === "Café visitors").length);
  expect(loaded.every((l) => l.failures.length === 0 && l.declaration.audienceType === "VISITOR")).toBe(true);
});

test("never overwrites an existing file unless --force, and writes nothing when one is in the way", async () => {
  const out = path.join(dir, "audiences");
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, "customer-list-0.yaml"), "mine\n");
  const args = ["import", "--ad-account", ACCOUNT, "--no-sharing", "--format", "yaml", "--type", "CUSTOMER_LIST", "--out", out];
  const refused = await runCli(args, { env: emulatorEnv(emulator), cwd: dir });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/1 file\(s\) already exist: audiences\/customer-list-0\.yaml\. Nothing was written\. Use --force/);
  expect(fs.readdirSync(out)).toEqual(["customer-list-0.yaml"]);
  expect(fs.readFileSync(path.join(out, "customer-list-0.yaml"), "utf8")).toBe("mine\n");

  const forced = await runCli([...args, "--force"], { env: emulatorEnv(emulator), cwd: dir });
  expect(forced.code).toBe(0);
  expect(fs.readdirSync(out)).toHaveLength(150);
  expect(fs.readFileSync(path.join(out, "customer-list-0.yaml"), "utf8")).toMatch(/importId: "\d+"/);
});

test("an audience that cannot be declared (PERSONA) is skipped with a warning", async () => {
  const account = "777";
  const seeded = emulator.seedAudience(account, {
    ad_account_id: account,
    name: "Keep",
    audience_type: "CUSTOMER_LIST",
    rule: { customer_list_id: "5" },
  });
  const other = emulator.seedAudience(account, {
    ad_account_id: account,
    name: "Persona",
    audience_type: "CUSTOMER_LIST",
    rule: { customer_list_id: "6" },
  });
  emulator.editAudience(account, other.id, { audience_type: "PERSONA" });
  const run = await runCli(["import", "--ad-account", account, "--format", "yaml", "--out", "x"], { env: emulatorEnv(emulator), cwd: dir });
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(new RegExp(`warning: skipped audience ${other.id} "Persona" \\(PERSONA\\): it cannot be declared: audienceType`));
  expect(run.stdout).toMatch(/Wrote 1 audience declaration\(s\).*\(2 read, 2 matched, 1 skipped\)/);
  expect(loadDeclarations(path.join(dir, "x")).map((l) => l.declaration.importId)).toEqual([seeded.id]);
});

test("missing credentials: exit 1 with what to set, and no request is sent", async () => {
  const run = await runCli(["import", "--ad-account", ACCOUNT], { env: { PINTEREST_API_URI: emulator.url }, cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(
    /^pinterest-audiences import: No Pinterest credentials\. Set PINTEREST_ACCESS_TOKEN .*PINTEREST_REFRESH_ACCESS_TOKEN, PINTEREST_APP_ID and PINTEREST_APP_SECRET/,
  );
  expect(emulator.counters().requests).toBe(0);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test("a Pinterest error is reported with its status and message, and the token is never printed", async () => {
  const token = "wrong-token-1234567890";
  const run = await runCli(["import", "--ad-account", ACCOUNT], {
    env: { PINTEREST_ACCESS_TOKEN: token, PINTEREST_API_URI: emulator.url },
    cwd: dir,
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^pinterest-audiences import: Pinterest error: .*401/m);
  expect(run.stdout + run.stderr).not.toContain(token);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test.each([
  [["import"], /--ad-account <id> is required/],
  [["import", "--ad-account", "12ab"], /--ad-account must be a Pinterest id: digits only, at most 18 characters, not starting with 0; got "12ab"/],
  [["import", "--ad-account", "0549755885175"], /--ad-account must not start with 0 \(.*\): write "549755885175"/],
  [["import", "--ad-account", "1", "--format", "xml"], /--format must be one of ts, yaml, json/],
  [["import", "--ad-account", "1", "--type", "FRIENDS"], /--type FRIENDS is not an audience type/],
  [["import", "--ad-account", "1", "--name", "/(/"], /--name \/\(\/ is not a valid regular expression/],
  [["import", "--ad-account", "1", "--bogus"], /Unknown option '--bogus'/],
])("usage error %j exits 2 with a hint to --help", async (argv, message) => {
  const run = await runCli(argv, { env: emulatorEnv(emulator), cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toContain("Run `pinterest-audiences import --help` for usage.");
  expect(emulator.counters().requests).toBe(0);
});

describe("ids from the server are checked before they reach a file name", () => {
  /** A server listing `items` as one page of audiences of ad account 42. */
  async function serverListing(items: Record<string, unknown>[]): Promise<FakeServer> {
    return startFakeServer(() => ({ status: 200, body: { items, bookmark: null } }));
  }
  const audience = (id: string, name: string): Record<string, unknown> => ({
    id,
    ad_account_id: "42",
    name,
    audience_type: "CUSTOMER_LIST",
    rule: { customer_list_id: "5" },
  });

  test.each(["yaml", "json"])("an id such as 2/../../../escaped is skipped with a warning; nothing is written outside --out (%s)", async (format) => {
    // Two audiences of one name: the second's id is appended to its resource name, and so to its file name.
    const server = await serverListing([audience("1", "Visitors"), audience("2/../../../escaped", "Visitors")]);
    try {
      const out = path.join(dir, "a", "b", "out");
      const run = await runCli(["import", "--ad-account", "42", "--format", format, "--out", out], {
        env: { PINTEREST_ACCESS_TOKEN: "t", PINTEREST_API_URI: server.url },
        cwd: dir,
      });
      expect(run.stderr).toMatch(
        /warning: skipped an audience whose id "2\/\.\.\/\.\.\/\.\.\/escaped" is not a Pinterest audience id \(1 to 18 digits\)/,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Wrote 1 audience declaration\(s\).*\(2 read, 2 matched, 1 skipped\)/);
      const written = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      expect(written.map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))).toEqual([
        `a/b/out/visitors.${format}`,
      ]);
    } finally {
      await server.stop();
    }
  });

  test("an id that is not a digit string is never written into a program either", async () => {
    const server = await serverListing([audience("7", "Kept"), audience("../x", "Odd")]);
    try {
      const run = await runCli(["import", "--ad-account", "42", "--out", "prog"], {
        env: { PINTEREST_ACCESS_TOKEN: "t", PINTEREST_API_URI: server.url },
        cwd: dir,
      });
      expect(run.code).toBe(0);
      const calls = evaluateProgram(fs.readFileSync(path.join(dir, "prog", "index.ts"), "utf8"));
      expect(calls.map((call) => call.args.importId)).toEqual(["7"]);
      expect(run.stderr).toMatch(/skipped an audience whose id "\.\.\/x"/);
    } finally {
      await server.stop();
    }
  });
});
