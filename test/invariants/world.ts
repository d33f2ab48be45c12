/**
 * The system under test, shared by every sequence of a test file: one emulator (on a clock the sequences move
 * forward, as time passes between runs), one test project, and the serialised providers captured from one real
 * program run. Each sequence gets its own ad account and an empty state file, and every operation a new plugin (the
 * engine stand-in), as each `pulumi` command starts its own: a plugin remembers things for one command (each ad
 * account's audience list, the recipients its sharing creates declared). A spare plugin is always starting in the
 * background, since starting one is most of an operation's cost.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { EMULATOR_PROFILES, startEmulator, type Emulator } from "../../emulator";
import { plainBehaviour } from "../../emulator/behaviour";
import type { FaultSettings } from "../../emulator/faults";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import {
  createTestProject,
  removeTestProject,
  runProgram,
  startEngine,
  type Engine,
  type OperationResult,
  type RegisteredResource,
  type StateFile,
  type StateResource,
  type TestProject,
} from "../harness";
import { OUTSIDE_HIERARCHY_AD_ACCOUNT, type ProgramTemplate } from "./declarations";

/** Settings of a whole run (from the environment; see scripts/test-invariants.js). */
export interface RunSettings {
  /** The plugin's client timeout, in seconds (PINTEREST_TIMEOUT_SECONDS). */
  timeoutSeconds: number;
}

/** How far the emulator's clock moves before each operation: runs are at least this far apart. */
export const PACE_MS = 2000;

/** Longest rate-limit wait of the plugin, in seconds (a 429's Retry-After of 1 s is waited for). */
const MAX_RATE_LIMIT_WAIT_SECONDS = 1;

/** One program declaring one of each resource type, to capture how the SDK serialises their providers. */
const TEMPLATE_PROGRAM = `
import { Audience, AudienceSharing } from "pulumi-pinterest-audiences";
const audience = new Audience("a", { adAccountId: "1", name: "n", audienceType: "CUSTOMER_LIST", rule: { customerListId: "1" } });
new AudienceSharing("s", { adAccountId: "1", audienceId: audience.id, recipientAdAccountIds: ["2"] });
`;

/** Per-sequence emulator settings: a profile of emulator/profiles.ts, Date skews, and the engine's parallelism. */
export interface SequenceConfig {
  /** A key of EMULATOR_PROFILES. */
  profile: string;
  /** `dateSkewsMs`: one per front end. */
  dateSkewsMs: number[];
  /** The engine's --parallel. */
  parallel: number;
}

/** What the operations of a run did, for the one line a passing run prints. */
export interface Tally {
  /** Operations run. */
  operations: number;
  /** Operations that failed (faults, refusals, declarations the provider rejects). */
  failed: number;
  /** Resources created, updated, replaced or deleted by successful steps. */
  changes: number;
}

/** The shared emulator, project and template. */
export class World {
  private accounts = 0;
  /** What the operations did so far. */
  readonly tally: Tally = { operations: 0, failed: 0, changes: 0 };

  /** The state file every sequence uses in turn (sequences run one after the other). */
  readonly statePath: string;
  private readonly salt = crypto.randomBytes(16).toString("base64");
  private spare: Promise<Engine> | undefined;
  private readonly stopping: Promise<void>[] = [];

  private constructor(
    readonly emulator: Emulator,
    readonly project: TestProject,
    readonly template: ProgramTemplate,
    readonly settings: RunSettings,
    private readonly clock: { offsetMs: number },
  ) {
    this.statePath = path.join(project.dir, ".state", "sequence.json");
    this.emptyState();
  }

  /** Starts the emulator and captures the template (one program run). */
  static async start(settings: RunSettings): Promise<World> {
    const clock = { offsetMs: 0 };
    const emulator = await startEmulator({
      port: 0,
      rateLimits: { ads_read: 0, ads_write: 0 },
      outsideHierarchy: { adAccountIds: [OUTSIDE_HIERARCHY_AD_ACCOUNT] },
      now: () => Date.now() + clock.offsetMs,
      requestLogLimit: 0,
    });
    try {
      const project = await createTestProject({ programSource: TEMPLATE_PROGRAM, projectName: "invariants" });
      const { resources } = await runProgram(project);
      return new World(emulator, project, captureTemplate(resources), settings, clock);
    } catch (error) {
      await emulator.stop();
      throw error;
    }
  }

  /** Moves the emulator's clock forward (time passing between runs). */
  advanceClock(ms: number): void {
    this.clock.offsetMs += ms;
  }

  /** A fresh ad account id for a sequence. */
  nextAccount(): string {
    this.accounts += 1;
    return String(549_755_000_000 + this.accounts * 17 + (process.pid % 17));
  }

  /** Every credential the plugin is given; none may appear in outputs, state or logs. */
  secrets(): string[] {
    const { accessToken, oauth } = this.emulator;
    return [accessToken, oauth.refreshToken, oauth.appSecret, Buffer.from(`${oauth.appId}:${oauth.appSecret}`).toString("base64")];
  }

  /**
   * Empties the state file. It keeps one salt, so that every engine (each derives its secrets key from the salt
   * it finds when it starts) reads what any other wrote.
   */
  emptyState(): void {
    const empty: StateFile = { version: 1, salt: this.salt, resources: [] };
    fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
    fs.writeFileSync(this.statePath, JSON.stringify(empty));
  }

  /**
   * A newly started plugin (an engine on the state file), its provider modules loaded. One is always starting in
   * the background while the sequence runs: starting a plugin is most of an operation's cost.
   */
  async freshEngine(): Promise<Engine> {
    const next = this.spare ?? this.startEngine();
    this.spare = undefined;
    const engine = await next;
    this.spare = this.startEngine();
    this.spare.catch(() => undefined);
    return engine;
  }

  /** Stops an engine in the background (awaited by `stop`). */
  retire(engine: Engine): void {
    this.stopping.push(engine.stop());
  }

  /** Stops the plugins and the emulator, and removes the project. */
  async stop(): Promise<void> {
    const spare = await this.spare?.catch(() => undefined);
    if (spare) this.retire(spare);
    await Promise.allSettled(this.stopping);
    await this.emulator.stop();
    await removeTestProject(this.project);
  }

  private async startEngine(): Promise<Engine> {
    const { emulator, project, settings } = this;
    const config = {
      "pinterest:accessToken": emulator.accessToken,
      "pinterest:refreshToken": emulator.oauth.refreshToken,
      "pinterest:appId": emulator.oauth.appId,
      "pinterest:appSecret": emulator.oauth.appSecret,
      "pinterest:apiUrl": emulator.url,
    };
    const engine = await startEngine({
      cwd: project.dir,
      config,
      secretConfigKeys: ["pinterest:accessToken", "pinterest:refreshToken", "pinterest:appSecret"],
      statePath: this.statePath,
      project: project.projectName,
      env: { PINTEREST_TIMEOUT_SECONDS: String(settings.timeoutSeconds), PINTEREST_MAX_RATE_LIMIT_WAIT_SECONDS: String(MAX_RATE_LIMIT_WAIT_SECONDS) },
    });
    try {
      // Load both providers (as the first Check of `pulumi up` does) while nothing waits for this plugin.
      for (const [type, provider] of [
        [this.template.audienceType, this.template.audienceProvider],
        [this.template.sharingType, this.template.sharingProvider],
      ]) {
        const check = new provproto.CheckRequest();
        check.setUrn(`${this.template.urnPrefix}${type}::warm-up`);
        check.setType(type);
        check.setName("warm-up");
        check.setOlds(Struct.fromJavaScript({}));
        check.setNews(Struct.fromJavaScript({ __provider: provider }));
        await engine.plugin.call("check", check);
      }
    } catch (error) {
      await engine.stop();
      throw error;
    }
    return engine;
  }
}

function captureTemplate(resources: RegisteredResource[]): ProgramTemplate {
  const audience = resources.find((r) => r.type.endsWith(":Audience"));
  const sharing = resources.find((r) => r.type.endsWith(":AudienceSharing"));
  if (!audience || !sharing || typeof audience.inputs.__provider !== "string" || typeof sharing.inputs.__provider !== "string") {
    throw new Error(
      `the template program did not register an Audience and an AudienceSharing with serialised providers: ${JSON.stringify(resources)}`,
    );
  }
  return {
    audienceProvider: audience.inputs.__provider,
    sharingProvider: sharing.inputs.__provider,
    audienceType: audience.type,
    sharingType: sharing.type,
    parent: audience.options.parent ?? "",
    urnPrefix: audience.urn.slice(0, audience.urn.length - `${audience.type}::${audience.name}`.length),
  };
}

/** What one operation did, with what the plugin wrote, for the checks. */
export interface Operation {
  /** up, refresh or destroy. */
  kind: "up" | "refresh" | "destroy";
  /** The engine's result. */
  result: OperationResult;
  /** The state before the operation. */
  before: StateResource[];
}

/** The real side of one sequence: its ad account, its hand-made audience, its state file and plugin. */
export class SequenceRun {
  private engine: Engine | undefined;
  private armed: Partial<FaultSettings> = {};
  private waitAfterMs = 0;

  private constructor(
    readonly world: World,
    readonly config: SequenceConfig,
    readonly account: string,
    readonly handMadeId: string,
  ) {}

  /** Sets the emulator up for a sequence: behaviour of its profile, its skews, a hand-made audience in a fresh account. */
  static begin(world: World, config: SequenceConfig): SequenceRun {
    const profile = EMULATOR_PROFILES[config.profile];
    world.emulator.clearFaults();
    world.emulator.setBehaviour({ ...plainBehaviour(), removedStatus: undefined, ...profile.behaviour, dateSkewsMs: config.dateSkewsMs });
    const account = world.nextAccount();
    const handMade = world.emulator.seedAudience(account, {
      name: "Made in Ads Manager",
      audience_type: "CUSTOMER_LIST",
      rule: { customer_list_id: "4242" },
    });
    world.emptyState();
    return new SequenceRun(world, config, account, handMade.id);
  }

  /** Arms faults for the next operation (replacing any armed before), and how long to wait after it for late commits. */
  arm(faults: Partial<FaultSettings>, waitAfterMs = 0): void {
    this.armed = faults;
    this.waitAfterMs = waitAfterMs;
  }

  /** Runs one operation in a new plugin, with the armed faults. */
  async operate(kind: Operation["kind"], resources: RegisteredResource[] = []): Promise<Operation> {
    const { emulator } = this.world;
    const t0 = Date.now();
    if (this.engine) this.world.retire(this.engine);
    this.engine = await this.world.freshEngine();
    const startMs = Date.now() - t0;
    const engine = this.engine as Engine;
    this.world.advanceClock(PACE_MS);
    emulator.clearFaults();
    const profileFaults = EMULATOR_PROFILES[this.config.profile].faults ?? {};
    emulator.setFaults({ ...profileFaults, ...this.armed });
    const before = engine.state();
    let result: OperationResult;
    try {
      result =
        kind === "up"
          ? await engine.up(resources, { parallel: this.config.parallel })
          : kind === "refresh"
            ? await engine.refresh()
            : await engine.destroy();
    } finally {
      emulator.clearFaults();
      this.armed = {};
    }
    if (this.waitAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, this.waitAfterMs));
    this.waitAfterMs = 0;
    this.world.tally.operations += 1;
    if (!result.ok) this.world.tally.failed += 1;
    this.world.tally.changes += result.steps.filter((step) => step.op !== "same").length;
    if (process.env.INVARIANT_VERBOSE === "1") {
      const errors = result.errors.map((e) => `${e.name}: ${e.message.split("\n")[0].slice(0, 160)}`);
      process.stdout.write(
        `  ${this.account} ${kind} (start ${startMs} ms, op ${Math.round(result.durationMs)} ms): ${result.ok ? "ok" : "FAILED"} [${result.steps.map((st) => `${st.name}:${st.op}`).join(" ")}] ${errors.join(" | ")}\n`,
      );
    }
    return { kind, result, before };
  }

  /** The resources in the state now. */
  state(): StateResource[] {
    return this.engine ? this.engine.state() : [];
  }

  /** The state file's text as stored (secrets encrypted). */
  stateFileText(): string {
    return fs.readFileSync(this.world.statePath, "utf8");
  }

  /** Stops the plugin and empties the state file. */
  end(): void {
    if (this.engine) this.world.retire(this.engine);
    this.engine = undefined;
    this.world.emptyState();
  }
}
