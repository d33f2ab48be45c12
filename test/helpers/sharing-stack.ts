/**
 * An `AudienceSharing` stack for harness tests: a test project whose program declares the sharing resources a
 * test passes in (or reads them with `AudienceSharing.get`), and per test an emulator with one audience, optionally
 * a proxy in front of it that a test can make answer what Pinterest might, and an engine on a fresh state file. Call
 * {@link useSharingStack} at the top level of a test file: it registers the hooks that create and remove them.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import {
  createTestProject,
  removeTestProject,
  runProgram,
  startEngine,
  type Engine,
  type EngineOptions,
  type OperationResult,
  type RegisteredResource,
  type TestProject,
} from "../harness";
import { startSteerableProxy, type ProxySteer } from "./steerable-proxy";

/** The owner ad account of the seeded audience. */
export const OWNER = "549755885175";
/** The emulator's operation names of the two sharing PATCHes. */
export const SHARE_ACCOUNTS = "audiences/share_with_ad_accounts";
export const SHARE_BUSINESSES = "audiences/share_with_businesses";

/** Each spec declares one `AudienceSharing`, or with `get` reads one with `AudienceSharing.get`. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { AudienceSharing, type AudienceSharingArgs } from "pulumi-pinterest-audiences";
const specs = JSON.parse(new pulumi.Config("test").require("sharing")) as { name: string; args: AudienceSharingArgs; get?: boolean }[];
for (const spec of specs) {
  if (spec.get) AudienceSharing.get(spec.name, spec.args.audienceId, { adAccountId: spec.args.adAccountId });
  else new AudienceSharing(spec.name, spec.args);
}
`;

/** One test's emulator, engine and proxy. */
export interface SharingStack {
  /** The emulator behind the proxy. */
  emulator: Emulator;
  /** The engine stand-in, its API URL the emulator's or the proxy's. */
  engine: Engine;
  /** The seeded audience's id. */
  audienceId: string;
  /** Decides what the proxy does with each request from now on (undefined: pass everything on); proxied set-ups only. */
  intercept(steer: ProxySteer | undefined): void;
}

/** The hooks' project and the calls a test makes. */
export interface SharingStackKit {
  /**
   * Starts an emulator (options as `startEmulator`'s) with one audience and an engine; with `proxied`, the engine
   * talks to the emulator through a proxy the test steers with `intercept`.
   */
  setUp(name: string, options?: Parameters<typeof startEmulator>[0], setup?: { proxied?: boolean }): Promise<SharingStack>;
  /**
   * Runs the program with one sharing declared with `args` (read with `get` when `get`), named `name` (by default
   * `subscribers-sharing`).
   */
  declare(args: Record<string, unknown>, options?: { get?: boolean; name?: string }): Promise<RegisteredResource[]>;
  /** Runs the program with several sharings, each `{ name, args }`, in that order. */
  declareAll(specs: readonly { name: string; args: Record<string, unknown> }[]): Promise<RegisteredResource[]>;
}

/** Registers the hooks of a sharing test file and answers its kit. */
export function useSharingStack(projectName: string): SharingStackKit {
  let project: TestProject;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    project = await createTestProject({ programSource: PROGRAM, projectName });
  });
  afterAll(async () => {
    if (project) await removeTestProject(project);
  });
  afterEach(async () => {
    while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)();
  });

  return {
    async setUp(name, options = {}, { proxied = false } = {}) {
      const emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 }, ...options });
      cleanups.push(() => emulator.stop());
      const audienceId = emulator.seedAudience(OWNER, { name: "Subscribers", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } }).id;
      const proxy = proxied ? await startSteerableProxy(emulator) : undefined;
      if (proxy) cleanups.push(() => proxy.stop());
      const engineOptions: EngineOptions = {
        cwd: project.dir,
        config: { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": proxy?.url ?? emulator.url },
        secretConfigKeys: ["pinterest:accessToken"],
        statePath: path.join(project.dir, ".state", `${name}-${Date.now()}.json`),
        env: { PINTEREST_TIMEOUT_SECONDS: "2" },
        pluginPerCommand: true,
      };
      // A plugin per command, as the CLI starts: the sharing provider remembers what one command's creates declared.
      const engine = await startEngine(engineOptions);
      cleanups.push(() => engine.stop());
      const intercept = (steer: ProxySteer | undefined): void => {
        if (!proxy) throw new Error("intercept needs setUp(name, options, { proxied: true })");
        proxy.intercept(steer);
      };
      return { emulator, engine, audienceId, intercept };
    },
    async declare(args, options = {}) {
      const spec = { name: options.name ?? "subscribers-sharing", args, get: options.get };
      const { resources } = await runProgram(project, { config: { "test:sharing": JSON.stringify([spec]) } });
      return resources;
    },
    async declareAll(specs) {
      const { resources } = await runProgram(project, { config: { "test:sharing": JSON.stringify(specs) } });
      return resources;
    },
  };
}

/** The bodies of the successful requests of one sharing PATCH, oldest first. */
export function bodies(emulator: Emulator, operation: typeof SHARE_ACCOUNTS | typeof SHARE_BUSINESSES): unknown[] {
  return emulator
    .requests(operation)
    .filter((r) => r.status !== undefined && r.status < 300)
    .map((r) => r.body);
}

/** The operation of each step of a result. */
export function ops(result: OperationResult): string[] {
  return result.steps.map((s) => s.op);
}
