/**
 * The stand-in engine (test/harness/engine.ts) against the real Pulumi CLI: one journey (preview, up, a rename,
 * a hand edit seen by refresh, the up that reverts it, destroy) run through both, each against a fresh emulator,
 * with provider-call-recorder.js loaded into the dynamic-provider plugin. Per phase, the calls the plugin
 * receives and the request fields it reads must be the same; so must what the state records. A second journey
 * pins how a Create error that carries an id is recorded (test/harness/harness.test.ts pins the stand-in's side).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../emulator";
import { createTestProject, removeTestProject, runProgram, startEngine, type Engine, type TestProject } from "../harness";
import { CliStack, DECLARED_PROJECT, cliOrSkip } from "./pulumi";

const cli = cliOrSkip("stand-in-agrees");
const describeWithCli = cli ? describe : describe.skip;

const ACCOUNT = "549755885175";
const PROJECT = "e2e-declared";
const RECORDER = path.join(__dirname, "provider-call-recorder.js");
/** The emulator's token in both journeys, a secret stack config value (Configure must carry it alike). */
const TOKEN = "pina_stand-in-agrees-test-token";
const visitors = {
  adAccountId: ACCOUNT,
  name: "Checkout visitors",
  audienceType: "VISITOR",
  rule: { visitorSourceId: "1111111111", event: "checkout", retentionDays: 30 },
};
const subscribers = { adAccountId: ACCOUNT, name: "Subscribers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } };
const FIRST = { visitors, subscribers };
const RENAMED = { visitors: { ...visitors, name: "Checkout visitors (30 days)" }, subscribers };

/** One recorded plugin call. */
interface Call {
  method: string;
  name: string;
  [field: string]: unknown;
}

/** The phases of the journey, in order. */
const PHASES = ["preview", "up", "rename", "refresh", "revert", "destroy"] as const;
type Phase = (typeof PHASES)[number];

/**
 * A recorded text with what differs between two runs replaced: the emulator's port and clock, and the ids
 * (and the sizes derived from them), which depend on which of two parallel creates the emulator served first.
 */
function normalise(text: string, ids: Record<string, string>): string {
  let out = text
    .replace(/"(createdTimestamp|updatedTimestamp)":\d+/g, '"$1":"<ts>"')
    .replace(/"size":\d+/g, '"size":"<size>"')
    .replace(/http:\/\/127\.0\.0\.1:\d+\/v5/g, "<emulator url>");
  for (const [name, id] of Object.entries(ids)) out = out.split(id).join(`<id of ${name}>`);
  return out;
}

/** The calls appended to `file` since line `from`, as raw lines; and the file's line count. */
function readCalls(file: string, from: number): { calls: string[]; lines: number } {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  return { calls: lines.slice(from), lines: lines.length };
}

/** Parses recorded lines, normalised. */
function parse(lines: string[] | undefined, ids: Record<string, string>): Call[] | undefined {
  return lines?.map((l) => JSON.parse(normalise(l, ids)) as Call);
}

/** The calls of a phase in a stable order (the engine runs independent steps in parallel). */
function sorted(calls: Call[]): Call[] {
  return [...calls].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describeWithCli("the stand-in engine agrees with the real CLI", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stand-in-agrees-"));
  const real: Partial<Record<Phase, string[]>> = {};
  const standIn: Partial<Record<Phase, string[]>> = {};
  const realState: Record<string, unknown>[] = [];
  const standInState: Record<string, unknown>[] = [];
  let realIds: Record<string, string> = {};
  const standInIds: Record<string, string> = {};

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the journey runs through the real CLI", async () => {
    const emulator = await startEmulator({ port: 0, accessToken: TOKEN });
    const file = path.join(dir, "real.jsonl");
    const stack = await CliStack.create(cli!, DECLARED_PROJECT, { NODE_OPTIONS: `--require ${RECORDER}`, PROVIDER_CALL_RECORD: file });
    let seen = 0;
    const phase = (name: Phase): void => {
      const { calls, lines } = readCalls(file, seen);
      real[name] = calls;
      seen = lines;
    };
    try {
      await stack.config({ audiences: FIRST, "pinterest:apiUrl": emulator.url });
      await stack.secret("pinterest:accessToken", TOKEN);
      await stack.run(["preview"]);
      phase("preview");
      await stack.run(["up", "--yes", "--skip-preview"]);
      phase("up");
      await stack.config({ audiences: RENAMED });
      await stack.run(["up", "--yes", "--skip-preview"]);
      phase("rename");
      realIds = JSON.parse((await stack.run(["stack", "output", "audienceIds", "--json"])).stdout) as Record<string, string>;
      emulator.editAudience(ACCOUNT, realIds.subscribers, { name: "Edited by hand" });
      await stack.run(["refresh", "--yes", "--skip-preview"]);
      phase("refresh");
      await stack.run(["up", "--yes", "--skip-preview"]);
      phase("revert");
      for (const r of (await stack.exportState()).deployment.resources ?? []) {
        if (r.type.includes("pinterest:Audience")) realState.push({ name: r.urn.split("::").pop(), id: r.id, inputs: r.inputs, outputs: r.outputs });
      }
      await stack.run(["destroy", "--yes", "--skip-preview"]);
      phase("destroy");
    } finally {
      await stack.dispose();
      await emulator.stop();
    }
  });

  test("the same journey runs through the stand-in", async () => {
    const emulator = await startEmulator({ port: 0, accessToken: TOKEN });
    const file = path.join(dir, "stand-in.jsonl");
    const project: TestProject = await createTestProject({
      programSource: fs.readFileSync(path.join(DECLARED_PROJECT, "index.ts"), "utf8"),
      projectName: PROJECT,
    });
    let engine: Engine | undefined;
    let seen = 0;
    const phase = (name: Phase): void => {
      const { calls, lines } = readCalls(file, seen);
      standIn[name] = calls;
      seen = lines;
    };
    const program = async (audiences: object, dryRun = false) =>
      (await runProgram(project, { project: PROJECT, stack: "dev", dryRun, config: { [`${PROJECT}:audiences`]: JSON.stringify(audiences) } }))
        .resources;
    try {
      engine = await startEngine({
        cwd: project.dir,
        project: PROJECT,
        stack: "dev",
        config: { [`${PROJECT}:audiences`]: JSON.stringify(FIRST), "pinterest:apiUrl": emulator.url, "pinterest:accessToken": TOKEN },
        secretConfigKeys: ["pinterest:accessToken"],
        statePath: path.join(dir, "stand-in-state.json"),
        env: { NODE_OPTIONS: `--require ${RECORDER}`, PROVIDER_CALL_RECORD: file },
      });
      expect((await engine.preview(await program(FIRST, true))).errors).toEqual([]);
      phase("preview");
      expect((await engine.up(await program(FIRST))).errors).toEqual([]);
      phase("up");
      expect((await engine.up(await program(RENAMED))).errors).toEqual([]);
      phase("rename");
      for (const r of engine.state()) standInIds[r.urn.split("::").pop() as string] = r.id as string;
      emulator.editAudience(ACCOUNT, standInIds.subscribers, { name: "Edited by hand" });
      expect((await engine.refresh()).errors).toEqual([]);
      phase("refresh");
      expect((await engine.up(await program(RENAMED))).errors).toEqual([]);
      phase("revert");
      for (const r of engine.state()) standInState.push({ name: r.urn.split("::").pop(), id: r.id, inputs: r.inputs, outputs: r.outputs });
      expect((await engine.destroy()).errors).toEqual([]);
      phase("destroy");
    } finally {
      await engine?.stop();
      await removeTestProject(project);
      await emulator.stop();
    }
  });

  /** The methods each phase must show at least (so that two empty recordings cannot pass as agreement). */
  const EXPECTED: Record<Phase, string[]> = {
    preview: ["check", "check"],
    up: ["check", "check", "create", "create"],
    rename: ["check", "check", "diff", "diff", "update"],
    refresh: ["read", "read"],
    revert: ["check", "check", "diff", "diff", "update"],
    destroy: ["delete", "delete"],
  };

  test.each(PHASES)("%s: the plugin receives the same calls with the same fields", (phase) => {
    if (!real[phase] || !standIn[phase]) throw new Error("a journey above failed; see its error");
    const methods = (parse(real[phase], realIds) ?? []).map((c) => c.method).filter((m) => m !== "configure");
    expect(methods.sort()).toEqual(expect.arrayContaining(EXPECTED[phase]));
    const withoutConfigure = (calls: Call[] | undefined) => sorted((calls ?? []).filter((c) => c.method !== "configure"));
    expect(withoutConfigure(parse(standIn[phase], standInIds))).toEqual(withoutConfigure(parse(real[phase], realIds)));
  });

  test("Configure carries the same stack config, the token as a secret value", () => {
    const first = (calls: Call[] | undefined) => calls?.find((c) => c.method === "configure");
    const configure = first(parse(real.preview, realIds));
    expect(configure?.args).toMatchObject({
      "pinterest:accessToken": { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: TOKEN },
    });
    expect(first(parse(standIn.preview, standInIds))).toEqual(configure);
  });

  test("the state records the same inputs and outputs", () => {
    const byName = (rs: Record<string, unknown>[]) => [...rs].sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(JSON.parse(normalise(JSON.stringify(byName(standInState)), standInIds))).toEqual(
      JSON.parse(normalise(JSON.stringify(byName(realState)), realIds)),
    );
  });
});

describeWithCli("the real engine records a Create error that carries an id, as the stand-in does", () => {
  const FIXTURE = path.join(__dirname, "..", "fixtures", "harness", "harness-kv");

  test("the resource is kept with its id and init errors, and the next up updates it", async () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "kv-source-"));
    const projectDir = path.join(source, "kv");
    fs.mkdirSync(projectDir);
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), "name: kv\nruntime: nodejs\n");
    fs.writeFileSync(path.join(projectDir, "package.json"), JSON.stringify({ name: "kv", private: true, main: "index.js" }));
    fs.writeFileSync(
      path.join(projectDir, "index.js"),
      'const pulumi = require("@pulumi/pulumi");\nconst { KvEntry } = require("harness-kv");\n' +
        'const value = new pulumi.Config("harness").require("value");\nnew KvEntry("a", { key: "alpha", value });\n',
    );
    const stack = await CliStack.create(cli!, projectDir);
    fs.cpSync(FIXTURE, path.join(stack.project.dir, "node_modules", "harness-kv"), { recursive: true });
    try {
      await stack.config({ "harness:storeDir": path.join(source, "store"), "harness:value": "partial-failure" });
      const failed = await stack.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
      expect(failed.code).not.toBe(0);
      // The engine prints the reasons of an ErrorResourceInitFailed, not the error's message.
      expect(failed.stdout + failed.stderr).toContain("error: 1 error occurred:\n    \t* initialisation failed");
      expect(failed.stdout + failed.stderr).not.toContain("key alpha was written but failed to initialise");
      const recorded = (await stack.exportState()).deployment.resources?.find((r) => r.urn.endsWith("::a")) as Record<string, unknown> | undefined;
      expect(recorded).toMatchObject({ id: "alpha", initErrors: ["initialisation failed"] });

      const plan = await stack.run(["preview", "--json"]);
      const steps = (JSON.parse(plan.stdout) as { steps: { op: string; urn: string }[] }).steps.filter((st) => st.urn.endsWith("::a"));
      expect(steps.map((st) => st.op)).toEqual(["update"]);
    } finally {
      await stack.dispose();
      fs.rmSync(source, { recursive: true, force: true });
    }
  });
});
