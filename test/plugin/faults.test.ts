/**
 * Issue 6: nothing duplicated, nothing orphaned, nothing lost — under faults, through the REAL plugin.
 *
 * Each run starts its own emulator and drives Pulumi's dynamic-provider plugin with the engine stand-in
 * (test/harness): `up` a program of 20 audiences (five of each type), then `up` a changed program (three
 * renames, three rule changes, one type change = replace, one audience removed = delete, one added), with
 * one kind of fault injected (and one mixed run). As the engine would, a failed `up` is simply run again,
 * at most MAX_UPS times per phase, until the plan is clean. At the end the emulator's audiences must be
 * exactly the declared set — no duplicate names, no orphans (live but not in the state), no lost update
 * (declared name, type and rule equal live) — and the state must hold exactly the live ids.
 *
 * Requests run one step at a time (parallel 1) so the seeded fault rates hit the same requests every run.
 * The plugin's client timeout is set to 2 s (PINTEREST_TIMEOUT_SECONDS), and latency spikes last 3 s: longer
 * than the timeout, so the client gives up on a create that Pinterest commits a second later (a late commit),
 * and the reconciling create must find it instead of sending it again.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import type { EmulatorCounters, FaultKind } from "../../emulator/counters";
import type { FaultSettings } from "../../emulator/faults";
import type { ApiAudience } from "../../provider/api/types";
import { diffAudience, fromApiRule, type AudienceInputs } from "../../provider/audience/model";
import {
  createTestProject,
  removeTestProject,
  runProgram,
  startEngine,
  type Engine,
  type OperationResult,
  type RegisteredResource,
  type TestProject,
} from "../harness";

const ACCOUNT = "549755885175";
/** The six runs start together and mostly wait (backoff, Retry-After, spikes); on a busy machine they share two cores. */
jest.setTimeout(150_000);
/** Bound on `up` runs per phase: the engine retries a failed step only when `up` is run again. */
const MAX_UPS = 5;
/** The plugin's client timeout, in seconds. */
const CLIENT_TIMEOUT_SECONDS = 2;
/** Latency spikes, in ms: longer than the client timeout. */
const SPIKE_MS = 3000;

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience, type AudienceArgs } from "pulumi-pinterest-audiences";

interface Spec { name: string; args: AudienceArgs }
const specs = JSON.parse(new pulumi.Config("faults").require("audiences")) as Spec[];
for (const spec of specs) new Audience(spec.name, spec.args);
`;

interface Spec {
  name: string;
  args: Record<string, unknown> & { name: string; audienceType: string; rule: Record<string, unknown> };
}

/** 20 audiences, five of each type. */
function initialSpecs(): Spec[] {
  const specs: Spec[] = [];
  for (let i = 1; i <= 5; i++) {
    specs.push({
      name: `list-${i}`,
      args: { adAccountId: ACCOUNT, name: `Customer list ${i}`, audienceType: "CUSTOMER_LIST", rule: { customerListId: `54975588598${i}0` } },
    });
    specs.push({
      name: `visitors-${i}`,
      args: {
        adAccountId: ACCOUNT,
        name: `Visitors ${i}`,
        description: `Visited in the last ${10 * i} days`,
        audienceType: "VISITOR",
        rule: { visitorSourceId: "2542620639259", retentionDays: 10 * i, eventSource: { "=": ["web"] } },
      },
    });
    specs.push({
      name: `engagers-${i}`,
      args: {
        adAccountId: ACCOUNT,
        name: `Engagers ${i}`,
        audienceType: "ENGAGEMENT",
        rule: { engagementDomain: [`www.example${i}.com`], engagerType: 1 },
      },
    });
    specs.push({
      name: `lookalike-${i}`,
      args: {
        adAccountId: ACCOUNT,
        name: `Lookalike ${i}%`,
        audienceType: "ACTALIKE",
        rule: { seedId: ["2542620639259"], country: "US", percentage: i },
      },
    });
  }
  return specs;
}

/** The second program: 3 renames, 3 rule changes, 1 type change (replace), 1 removed (delete), 1 added (create). */
function changedSpecs(): Spec[] {
  const specs = initialSpecs()
    .filter((s) => s.name !== "engagers-5")
    .map((s): Spec => {
      const args = { ...s.args, rule: { ...s.args.rule } };
      if (["list-1", "visitors-2", "lookalike-3"].includes(s.name)) args.name = `${args.name} (renamed)`;
      if (s.name === "visitors-4") args.rule.retentionDays = 90;
      if (s.name === "engagers-4") args.rule.engagerType = 2;
      if (s.name === "lookalike-5") args.rule.percentage = 10;
      if (s.name === "list-2")
        return {
          name: s.name,
          args: { adAccountId: ACCOUNT, name: args.name, audienceType: "VISITOR", rule: { visitorSourceId: "2542620639259", retentionDays: 7 } },
        };
      return { name: s.name, args };
    });
  specs.push({
    name: "added",
    args: { adAccountId: ACCOUNT, name: "Added later", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558850099" } },
  });
  return specs;
}

let project: TestProject;
let initial: RegisteredResource[];
let changed: RegisteredResource[];

beforeAll(async () => {
  project = await createTestProject({ programSource: PROGRAM, projectName: "faults" });
  const run = (specs: Spec[]) => runProgram(project, { config: { "faults:audiences": JSON.stringify(specs) } }).then((r) => r.resources);
  [initial, changed] = await Promise.all([run(initialSpecs()), run(changedSpecs())]);
  expect(initial).toHaveLength(20);
  expect(changed).toHaveLength(20);
});

afterAll(async () => {
  if (project) await removeTestProject(project);
});

/** What one run did, summed over its `up`s. */
interface Tally {
  ups: number;
  failedUps: number;
  /** Provider operations: create + update + delete calls into the plugin. */
  operations: number;
  stepErrors: string[];
}

/** Runs `up` until it succeeds and a preview plans nothing, at most MAX_UPS times. */
async function upUntilClean(engine: Engine, resources: RegisteredResource[], tally: Tally, between?: () => void): Promise<void> {
  for (let i = 0; i < MAX_UPS; i++) {
    if (i > 0) between?.();
    const result: OperationResult = await engine.up(resources);
    tally.ups++;
    tally.operations += result.calls.create + result.calls.update + result.calls.delete;
    if (!result.ok) {
      tally.failedUps++;
      tally.stepErrors.push(...result.errors.map((e) => `${e.name} (${e.op}): ${e.message}`));
      continue;
    }
    const plan = await engine.preview(resources);
    if (plan.ok && plan.steps.every((s) => s.op === "same")) return;
  }
  throw new Error(`the plan was not clean after ${MAX_UPS} ups; step errors:\n${tally.stepErrors.join("\n")}`);
}

/** The live audience as a declaration, the way the provider compares them. */
function asDeclaration(audience: ApiAudience): AudienceInputs {
  return {
    adAccountId: audience.ad_account_id,
    name: audience.name,
    description: audience.description ?? undefined,
    audienceType: audience.audience_type,
    rule: fromApiRule(audience.rule),
  } as AudienceInputs;
}

interface Verdict {
  duplicates: string[];
  orphans: string[];
  missing: string[];
  lostUpdates: string[];
  stateOnly: string[];
}

/** Compares the emulator's audiences with the declared set and the state. */
function verdict(emulator: Emulator, engine: Engine, specs: Spec[]): Verdict {
  const live = emulator.audiences(ACCOUNT);
  const state = engine.state().filter((r) => !r.pendingDelete);
  const stateIds = new Set(state.map((r) => r.id));
  const liveIds = new Set(live.map((a) => a.id));
  const byName = new Map<string, ApiAudience[]>();
  for (const a of live) byName.set(a.name as string, [...(byName.get(a.name as string) ?? []), a]);
  const lostUpdates: string[] = [];
  const missing: string[] = [];
  for (const spec of specs) {
    const resource = state.find((r) => r.name === spec.name);
    const audience = live.find((a) => a.id === resource?.id);
    if (!resource || !audience) {
      missing.push(spec.name);
      continue;
    }
    const difference = diffAudience(asDeclaration(audience), spec.args as unknown as AudienceInputs);
    if (difference.replaces.length + difference.updates.length > 0)
      lostUpdates.push(`${spec.name}: ${[...difference.replaces, ...difference.updates].join(", ")}`);
  }
  return {
    duplicates: [...byName].filter(([, list]) => list.length > 1).map(([name]) => name),
    orphans: live.filter((a) => !stateIds.has(a.id)).map((a) => `${a.id} "${a.name}"`),
    missing,
    lostUpdates,
    stateOnly: state.filter((r) => !liveIds.has(r.id)).map((r) => `${r.name}=${r.id}`),
  };
}

interface RunPlan {
  /** Faults set before each phase (and cleared after it). */
  faults: Partial<FaultSettings>;
  /** Also expire every access token before each phase and between `up`s. */
  expireTokens?: boolean;
  /** The fault kinds this run must actually have injected. */
  expectFaults: FaultKind[];
  /** The run must have reconciled an unknown create (listed the account) at least once. */
  expectReconcile?: boolean;
}

/** What a run leaves behind, for the assertions. */
interface RunOutcome {
  label: string;
  runPlan: RunPlan;
  tally: Tally;
  counters: EmulatorCounters;
  verdict: Verdict;
  liveIds: string[];
  stateIds: string[];
}

async function faultRun(label: string, runPlan: RunPlan): Promise<RunOutcome> {
  const emulator = await startEmulator({ port: 0, seed: 7 });
  const statePath = path.join(project.dir, ".state", `${label}.json`);
  const tally: Tally = { ups: 0, failedUps: 0, operations: 0, stepErrors: [] };
  const config: Record<string, string> = {
    "pinterest:accessToken": emulator.accessToken,
    "pinterest:apiUrl": emulator.url,
    "pinterest:appId": emulator.oauth.appId,
    "pinterest:appSecret": emulator.oauth.appSecret,
    "pinterest:refreshToken": emulator.oauth.refreshToken,
  };
  const expire = runPlan.expireTokens ? () => emulator.expireAccessTokens() : undefined;
  let engine: Engine | undefined;
  try {
    engine = await startEngine({
      cwd: project.dir,
      config,
      secretConfigKeys: ["pinterest:accessToken", "pinterest:appSecret", "pinterest:refreshToken"],
      statePath,
      parallel: 1,
      env: { PINTEREST_TIMEOUT_SECONDS: String(CLIENT_TIMEOUT_SECONDS) },
    });
    for (const resources of [initial, changed]) {
      expire?.();
      emulator.setFaults(runPlan.faults);
      await upUntilClean(engine, resources, tally, expire);
      emulator.clearFaults();
    }
    const counters = emulator.counters();
    const outcome: RunOutcome = {
      label,
      runPlan,
      tally,
      counters,
      verdict: verdict(emulator, engine, changedSpecs()),
      liveIds: emulator
        .audiences(ACCOUNT)
        .map((a) => a.id)
        .sort(),
      stateIds: engine
        .state()
        .map((r) => r.id)
        .sort(),
    };
    report(outcome);
    return outcome;
  } finally {
    await engine?.stop();
    await emulator.stop();
  }
}

/** Prints what a run did (operations, faults injected, retries, the verdict's counts) when FAULTS_REPORT=1. */
function report({ label, tally, counters, verdict: v, liveIds }: RunOutcome): void {
  if (process.env.FAULTS_REPORT !== "1") return;
  const op = counters.byOperation;
  const extra = counters.requests - tally.operations;
  const injected = Object.entries(counters.faults)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  console.log(
    `faults[${label}]: client timeout ${CLIENT_TIMEOUT_SECONDS} s; ups ${tally.ups} (${tally.failedUps} failed); operations ${tally.operations} (plugin create/update/delete calls); ` +
      `API requests ${counters.requests} (create ${op.create}, update ${op.update}, remove ${op.remove}, list ${op.list}, get ${op.get}, token ${op.token}); ` +
      `faults injected: ${injected || "none"}; requests beyond one per operation: ${extra} ` +
      `(reconciliation lists ${op.list}, token refreshes ${op.token}, retries ${extra - op.list - op.token}); ` +
      `statuses ${JSON.stringify(counters.byStatus)}; live ${liveIds.length}, declared ${changedSpecs().length}; ` +
      `duplicates ${v.duplicates.length}, orphans ${v.orphans.length}, lost updates ${v.lostUpdates.length}, missing ${v.missing.length}` +
      (tally.stepErrors.length ? `\n  step errors, retried by the next up:\n  ${tally.stepErrors.join("\n  ")}` : ""),
  );
}

const RUNS: Record<string, RunPlan> = {
  "5xx": { faults: { serverErrorRate: 0.1, serverErrorStatus: 503, seed: 11 }, expectFaults: ["serverError"] },
  "429": { faults: { throttleNext: 3, throttleRetryAfterSeconds: 1 }, expectFaults: ["throttle"] },
  "commit-then-drop": { faults: { commitThenDropRate: 0.25, seed: 5 }, expectFaults: ["commitThenDrop"] },
  latency: {
    faults: { latencySpikeNext: 2, latencySpikeMs: SPIKE_MS, operations: ["create"] },
    expectFaults: ["latencySpike"],
    expectReconcile: true,
  },
  "token-expiry": { faults: {}, expireTokens: true, expectFaults: [] },
  mixed: {
    faults: {
      serverErrorRate: 0.08,
      dropRate: 0.04,
      commitThenDropRate: 0.15,
      throttleNext: 2,
      throttleRetryAfterSeconds: 1,
      latencySpikeNext: 1,
      latencySpikeMs: SPIKE_MS,
      commitAfterDropNext: 1,
      commitAfterDropMs: 1500,
      seed: 3,
    },
    expireTokens: true,
    expectFaults: ["serverError", "drop", "commitThenDrop", "throttle", "latencySpike"],
  },
};

/** The runs, started together (each has its own emulator, plugin and state; they mostly wait on backoff). */
const outcomes = new Map<string, Promise<RunOutcome>>();

function outcomeOf(label: string): Promise<RunOutcome> {
  let outcome = outcomes.get(label);
  if (!outcome) {
    outcome = faultRun(label, RUNS[label]);
    outcomes.set(label, outcome);
  }
  return outcome;
}

describe("under faults, the real plugin leaves exactly the declared audiences", () => {
  beforeAll(() => {
    // Start every run now; each test awaits its own. Rejections are observed by the tests.
    for (const label of Object.keys(RUNS)) void outcomeOf(label).catch(() => undefined);
  });

  test.each([
    ["5xx", "10% server errors (seeded)"],
    ["429", "429 bursts with Retry-After 1"],
    ["commit-then-drop", "connections dropped after the write committed"],
    [
      "latency",
      `${SPIKE_MS / 1000} s latency spikes on creates, longer than the ${CLIENT_TIMEOUT_SECONDS} s client timeout: committed after the client gave up`,
    ],
    ["token-expiry", "an access token expiring between steps, refreshed from stack config"],
    ["mixed", "mixed: 5xx, drops before and after commit, 429 bursts, a latency spike and token expiry"],
  ])("%s: %s", async (label) => {
    const { runPlan, counters, verdict: v, liveIds, stateIds } = await outcomeOf(label);
    for (const kind of runPlan.expectFaults) expect({ kind, injected: counters.faults[kind] > 0 }).toEqual({ kind, injected: true });
    if (runPlan.expectReconcile) expect(counters.byOperation.list).toBeGreaterThan(0);
    if (runPlan.expireTokens) {
      expect({ refreshes: counters.byOperation.token > 0, refused401: (counters.byStatus["401"] ?? 0) > 0 }).toEqual({
        refreshes: true,
        refused401: true,
      });
    }
    expect(v).toEqual({ duplicates: [], orphans: [], missing: [], lostUpdates: [], stateOnly: [] });
    expect(liveIds).toHaveLength(changedSpecs().length);
    expect(stateIds).toEqual(liveIds);
  });
});
