/**
 * The lifecycle (create, refresh, drift, update, delete) under every emulator profile (emulator/profiles.ts),
 * through Pulumi's real dynamic-provider plugin driven by the engine stand-in (test/harness). Each run either
 * reaches no diff, or fails with an error that names the field and the way out:
 *
 * - rule updates merged instead of replaced keep a rule field the declaration removed: the update fails naming
 *   `rule.event` and `pulumi up --replace`; declaring the field again (the other way out) ends with no diff; so do
 *   they when the PATCH answers the audience as it was (the kept field is confirmed by a GET);
 * - an update's PATCH answering the audience as it was before, or without its rule: every update succeeds (a GET
 *   confirms it);
 * - answers with extra and re-typed fields, without `prefill`, with `created_timestamp: null`: no diff anywhere;
 * - 429s without Retry-After: waited out (the wait capped at 1 s here), every step succeeds;
 * - removed audiences that still answer GET with a status: refresh drops them, destroy finishes;
 * - removed audiences that still answer GET as they were (and leave lists): refresh, by GET, cannot see a removal
 *   made by hand; destroy confirms it from the account's list and finishes;
 * - refresh tokens that rotate, access tokens that expire every second: every step signs in again.
 */
import * as path from "path";
import { EMULATOR_PROFILES, startEmulator, type Emulator, type EmulatorProfile } from "../../emulator";
import {
  createTestProject,
  removeTestProject,
  runProgram,
  startEngine,
  type OperationResult,
  type RegisteredResource,
  type TestProject,
} from "../harness";

jest.setTimeout(240_000);

const ACCOUNT = "549755885175";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience, type AudienceArgs } from "pulumi-pinterest-audiences";
const specs = JSON.parse(new pulumi.Config("profile").require("audiences")) as { name: string; args: AudienceArgs }[];
for (const spec of specs) new Audience(spec.name, spec.args);
`;

interface Spec {
  name: string;
  args: Record<string, unknown>;
}

const VISITOR_RULE = { visitorSourceId: "2542620639259", event: "checkout", retentionDays: "30", prefill: false, eventSource: { "=": ["web"] } };

function declarations(seedId: string, visitorRule: Record<string, unknown> = VISITOR_RULE): Spec[] {
  return [
    {
      name: "subscribers",
      args: { adAccountId: ACCOUNT, name: "Subscribers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } },
    },
    { name: "visitors", args: { adAccountId: ACCOUNT, name: "Checkout visitors", audienceType: "VISITOR", rule: visitorRule } },
    {
      name: "engagers",
      args: { adAccountId: ACCOUNT, name: "Engagers", audienceType: "ENGAGEMENT", rule: { engagementDomain: ["www.example.com"], engagerType: 1 } },
    },
    {
      name: "lookalike",
      args: { adAccountId: ACCOUNT, name: "Lookalike", audienceType: "ACTALIKE", rule: { seedId: [seedId], country: "US", percentage: 5 } },
    },
  ];
}

let project: TestProject;
beforeAll(async () => {
  project = await createTestProject({ programSource: PROGRAM, projectName: "profiles" });
});
afterAll(async () => {
  if (project) await removeTestProject(project);
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)();
});

function credentials(emulator: Emulator, profile: EmulatorProfile): Record<string, string> {
  if (!profile.useRefreshToken) return { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url };
  return {
    "pinterest:refreshToken": emulator.oauth.refreshToken,
    "pinterest:appId": emulator.oauth.appId,
    "pinterest:appSecret": emulator.oauth.appSecret,
    "pinterest:apiUrl": emulator.url,
  };
}

function ops(result: OperationResult): Record<string, string> {
  return Object.fromEntries(result.steps.map((s) => [s.name, s.op]));
}

function ok(result: OperationResult): OperationResult {
  if (!result.ok) throw new Error(`operation failed: ${JSON.stringify(result.errors)} ${JSON.stringify(result.steps.flatMap((s) => s.failures))}`);
  return result;
}

const ALL_SAME = { subscribers: "same", visitors: "same", engagers: "same", lookalike: "same" };

describe.each(Object.entries(EMULATOR_PROFILES))("under the emulator profile %s", (profileName, profile) => {
  test("create, refresh, drift, update and delete reach no diff, or fail naming the field", async () => {
    const emulator = await startEmulator({ port: 0, ...profile.options, behaviour: profile.behaviour });
    cleanups.push(() => emulator.stop());
    const seedId = emulator.seedAudience(ACCOUNT, {
      ad_account_id: ACCOUNT,
      name: "Buyers",
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "1" },
    }).id;
    const config = credentials(emulator, profile);
    const engine = await startEngine({
      cwd: project.dir,
      config,
      secretConfigKeys: Object.keys(config).filter((k) => k !== "pinterest:apiUrl" && k !== "pinterest:appId"),
      statePath: path.join(project.dir, ".state", `${profileName}.json`),
      project: project.projectName,
      env: { PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS: "1" },
    });
    cleanups.push(() => engine.stop());
    const declare = async (specs: Spec[]): Promise<RegisteredResource[]> =>
      (await runProgram(project, { config: { "profile:audiences": JSON.stringify(specs) } })).resources;
    const withFaults = <T>(run: () => Promise<T>): Promise<T> => {
      if (profile.faults) emulator.setFaults(profile.faults);
      return run();
    };

    // Create, then nothing to do.
    const declared = await declare(declarations(seedId));
    expect(ops(ok(await withFaults(() => engine.up(declared))))).toEqual({
      subscribers: "create",
      visitors: "create",
      engagers: "create",
      lookalike: "create",
    });
    expect(ops(ok(await withFaults(() => engine.preview(declared))))).toEqual(ALL_SAME);

    // Refresh finds nothing changed.
    expect(ops(ok(await withFaults(() => engine.refresh())))).toEqual(ALL_SAME);
    expect(ops(ok(await withFaults(() => engine.preview(declared))))).toEqual(ALL_SAME);

    // Drift made by hand is seen by refresh and put back by up.
    const subscribersId = engine.state().find((r) => r.name === "subscribers")?.id as string;
    emulator.editAudience(ACCOUNT, subscribersId, { name: "Edited in Ads Manager" });
    expect(ops(ok(await withFaults(() => engine.refresh()))).subscribers).toBe("update");
    expect(ops(ok(await withFaults(() => engine.up(declared))))).toEqual({ ...ALL_SAME, subscribers: "update" });
    expect(ops(ok(await withFaults(() => engine.preview(declared))))).toEqual(ALL_SAME);

    // An update that removes a rule field (event) and changes another.
    const withoutEvent: Record<string, unknown> = { ...VISITOR_RULE };
    delete withoutEvent.event;
    const updated = await declare(declarations(seedId, { ...withoutEvent, retentionDays: 60 }));
    const update = await withFaults(() => engine.up(updated));
    const visitorsId = engine.state().find((r) => r.name === "visitors")?.id as string;
    if (profile.behaviour?.ruleUpdates === "merge") {
      expect(update.ok).toBe(false);
      expect(update.errors.map((e) => e.name)).toEqual(["visitors"]);
      expect(update.errors[0]?.message).toContain("rule.event");
      expect(update.errors[0]?.message).toContain("pulumi up --replace");
      // Never a silent endless diff: the plan shows the difference that is left.
      expect(ops(ok(await withFaults(() => engine.preview(updated)))).visitors).toBe("update");
      // The other way out: declare what Pinterest holds.
      const keepEvent = await declare(declarations(seedId, { ...withoutEvent, retentionDays: 60, event: "checkout" }));
      ok(await withFaults(() => engine.up(keepEvent)));
      expect(ops(ok(await withFaults(() => engine.preview(keepEvent))))).toEqual(ALL_SAME);
    } else {
      expect(ops(ok(update))).toEqual({ ...ALL_SAME, visitors: "update" });
      expect(emulator.audiences(ACCOUNT).find((a) => a.id === visitorsId)?.rule).not.toHaveProperty("event");
      expect(ops(ok(await withFaults(() => engine.preview(updated))))).toEqual(ALL_SAME);
      expect(ops(ok(await withFaults(() => engine.refresh())))).toEqual(ALL_SAME);
    }

    // Removed by hand: refresh drops it; destroy removes the rest. Where a removed audience keeps answering GET as it
    // was, the GET this process reads it with cannot tell it from a live one (README): refresh keeps it, and destroy
    // finds it gone from the account's list once its REMOVE answers 404.
    const engagersId = engine.state().find((r) => r.name === "engagers")?.id as string;
    emulator.deleteAudience(ACCOUNT, engagersId);
    expect(ops(ok(await withFaults(() => engine.refresh()))).engagers).toBe(profile.behaviour?.removedAnswersGet ? "same" : "delete");
    ok(await withFaults(() => engine.destroy()));
    expect(engine.state()).toEqual([]);
    expect(emulator.audiences(ACCOUNT).map((a) => a.id)).toEqual([seedId]);
  });
});
