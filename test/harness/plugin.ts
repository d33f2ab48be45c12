/**
 * Starts Pulumi's Node dynamic-provider plugin (`@pulumi/pulumi/cmd/dynamic-provider`) as the
 * engine does and talks to it over gRPC with the SDK's own generated client. The plugin takes
 * the engine's address as its only argument but, for everything the harness calls, never
 * contacts it: it only checks the argument is present, binds 127.0.0.1:0 and prints the port.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";

/** The repository root (test/harness/../..). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Path of the plugin's entry point. */
export const PLUGIN_ENTRY = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider");

/** gRPC methods of the ResourceProvider service the harness calls. */
export type RpcMethod = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";

/** Calls per gRPC method. */
export type CallCounts = Record<RpcMethod, number>;

/** A fresh all-zero CallCounts. */
export function zeroCounts(): CallCounts {
  return { configure: 0, check: 0, diff: 0, create: 0, read: 0, update: 0, delete: 0 };
}

/** Details the plugin packs into an error when the resource exists although the call failed. */
export interface InitFailure {
  /** The id of the resource that was created. */
  id: string;
  /** Its properties as the provider reported them. */
  properties: Record<string, unknown>;
  /** Why it failed to initialise. */
  reasons: string[];
}

/** An error returned by the plugin, with the ErrorResourceInitFailed detail decoded if present. */
export class PluginCallError extends Error {
  /** @param method the RPC @param message the plugin's message @param initFailure the partial-failure detail */
  constructor(
    readonly method: RpcMethod,
    message: string,
    readonly initFailure?: InitFailure,
  ) {
    super(message);
    this.name = "PluginCallError";
  }
}

/** A running plugin process and a connected client. */
export interface PluginProcess {
  /** The port the plugin printed. */
  readonly port: number;
  /** Milliseconds from spawn until the port was printed. */
  readonly startMs: number;
  /** Everything the plugin wrote to stdout so far (the port line included). */
  stdout(): string;
  /** Everything the plugin wrote to stderr so far. */
  stderr(): string;
  /** Exit code once it has exited, else undefined. */
  exitCode(): number | null | undefined;
  /** Calls one RPC, counting it; rejects with PluginCallError. */
  call<Req, Res>(method: RpcMethod, request: Req): Promise<Res>;
  /** Calls made so far, per method. */
  readonly counts: CallCounts;
  /** Total milliseconds spent per method (for benchmarks). */
  readonly millis: CallCounts;
  /** Closes the client and ends the process (SIGTERM, then SIGKILL after 2 s). */
  stop(): Promise<void>;
}

function decodeInitFailure(err: grpc.ServiceError): InitFailure | undefined {
  const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
  if (!raw || typeof raw === "string") return undefined;
  const status = statusproto.Status.deserializeBinary(new Uint8Array(raw));
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return {
      id: detail.getId(),
      properties: (detail.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
      reasons: detail.getReasonsList(),
    };
  }
  return undefined;
}

/**
 * Starts the plugin with `node <entry> 127.0.0.1:1` in `cwd` (the user's project folder,
 * from which serialised providers resolve `require`), waits for its port and connects.
 */
export async function startPlugin(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<PluginProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [PLUGIN_ENTRY, "127.0.0.1:1"], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let errText = "";
  let code: number | null | undefined;
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (errText += d));
  const exited = new Promise<void>((resolve) => child.on("exit", (c) => ((code = c), resolve())));

  const port = await new Promise<number>((resolve, reject) => {
    const onData = (): void => {
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) {
        child.stdout?.off("data", onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on("data", onData);
    void exited.then(() => reject(new Error(`dynamic-provider plugin exited (code ${code}) before printing its port:\n${errText}`)));
  });
  const startMs = performance.now() - started;

  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const counts = zeroCounts();
  const millis = zeroCounts();
  type Unary = (req: unknown, cb: (e: grpc.ServiceError | null, r: unknown) => void) => void;

  return {
    port,
    startMs,
    stdout: () => out,
    stderr: () => errText,
    exitCode: () => code,
    counts,
    millis,
    call<Req, Res>(method: RpcMethod, request: Req): Promise<Res> {
      counts[method]++;
      const t0 = performance.now();
      const fn = (client as unknown as Record<RpcMethod, Unary>)[method].bind(client);
      return new Promise<Res>((resolve, reject) =>
        fn(request, (e, r) => {
          millis[method] += performance.now() - t0;
          if (e) reject(new PluginCallError(method, e.details || e.message, decodeInitFailure(e)));
          else resolve(r as Res);
        }),
      );
    },
    async stop(): Promise<void> {
      client.close();
      if (code !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The plugin's stdout once it matches `pattern`, or as it is after `timeoutMs`: what a call writes reaches the pipe
 * after the call's answer, so a test reads it this way rather than from an operation's `pluginStdout`.
 */
export async function pluginStdoutMatching(plugin: PluginProcess, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(plugin.stdout()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return plugin.stdout();
}
