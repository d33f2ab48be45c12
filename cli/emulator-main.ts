/**
 * Command line: `pinterest-audiences emulator [--seed audiences/] [--port 8787] [--state file.json] …` (or
 * `npm run emulator -- …` in this repository). Starts the emulator, seeds it with declaration files, prints where it
 * listens and the (fake) credentials it accepts, stops on SIGINT/SIGTERM.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../emulator/emulator";
import { seedDeclarations } from "./seed";

/** Port the command line listens on unless `--port` is given. */
export const DEFAULT_CLI_PORT = 8787;

/** What the command line needs from its surroundings (the real process, or a fake in tests). */
export interface CliIo {
  /** Prints one line to standard output. */
  print: (line: string) => void;
  /** Registers a handler for a termination signal. */
  onSignal: (signal: "SIGINT" | "SIGTERM", handler: () => void) => void;
  /** Ends the process with an exit code. */
  exit: (code: number) => void;
}

/** Usage text of the command line. */
export const USAGE = [
  "Usage: pinterest-audiences emulator [options]   (in this repository: npm run emulator -- [options])",
  "A local Pinterest audiences API (v5) with OAuth, for trying declarations without an ad account.",
  "  --seed FILE|DIR   create the audiences declared in FILE or DIR (YAML/JSON, the layout `import` writes;",
  "                    repeatable); every file is checked first and nothing starts if one is invalid;",
  "                    a declaration's sharedWith is shared by hand, as a person in Ads Manager would",
  "  --port N          port to listen on (default 8787; 0 picks a free one)",
  "  --host HOST       interface to listen on (default 127.0.0.1)",
  "  --state FILE      load audiences and tokens from FILE and save after each write",
  "  --read-limit N    ads_read requests a minute (default 1000; 0 disables)",
  "  --write-limit N   ads_write requests a minute (default 400; 0 disables)",
  "  --latency MS      delay every request by MS milliseconds",
  "  --settle-ms MS    how long new audiences stay INITIALIZING (default 0)",
  "  --token-ttl S     access-token lifetime in seconds (default 30 days)",
  "  --fault-seed N    seed of the fault PRNG",
  "  --ad-accounts ID[,ID...]       the ad accounts the token's user has; any other is refused (403) (default: all exist)",
  "  --unknown-ad-account-status S  403 (default) or 404 for an ad account --ad-accounts does not list",
  "  --outside-ad-accounts ID[,ID...]  ad accounts outside the owners' business hierarchy: sharing with them is refused",
  "  --outside-businesses ID[,ID...]   businesses outside the owners' business hierarchy (both flags repeatable)",
  "  --outside-hierarchy-status 400|403  status of that refusal (default 400)",
  "  -h, --help        show this help",
].join("\n");

function idList(flag: string, value: string | undefined): string[] {
  const ids = (value ?? "").split(",").map((id) => id.trim());
  if (value === undefined || ids.some((id) => !/^\d+$/.test(id))) {
    throw new Error(`${flag} needs comma-separated ids of digits; got ${value === undefined ? "nothing" : `"${value}"`}. ${USAGE}`);
  }
  return ids;
}

function integer(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value))
    throw new Error(`${flag} needs a whole number; got ${value === undefined ? "nothing" : `"${value}"`}. ${USAGE}`);
  return Number(value);
}

/** What the command line asks for. */
export interface CliRequest {
  /** The emulator's options. */
  options: EmulatorOptions;
  /** Declaration files or folders to seed it with (`--seed`). */
  seedPaths: string[];
  /** `--help` was given: print the usage and start nothing. */
  help: boolean;
}

/** Turns command-line arguments into emulator options; throws with the usage on anything unknown. */
export function parseArgs(argv: readonly string[]): EmulatorOptions {
  return parseCli(argv).options;
}

/** Turns command-line arguments into a {@link CliRequest}; throws with the usage on anything unknown. */
export function parseCli(argv: readonly string[]): CliRequest {
  const options: EmulatorOptions = { port: DEFAULT_CLI_PORT };
  const seedPaths: string[] = [];
  const limits: NonNullable<EmulatorOptions["rateLimits"]> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag === "-h" || flag === "--help") return { options, seedPaths, help: true };
    const value = argv[i + 1];
    i++;
    switch (flag) {
      case "--port":
        options.port = integer(flag, value);
        break;
      case "--host":
        if (!value) throw new Error(`--host needs a value. ${USAGE}`);
        options.host = value;
        break;
      case "--state":
        if (!value) throw new Error(`--state needs a file path. ${USAGE}`);
        options.statePath = value;
        break;
      case "--read-limit":
        limits.ads_read = integer(flag, value);
        break;
      case "--write-limit":
        limits.ads_write = integer(flag, value);
        break;
      case "--latency":
        options.latencyMs = integer(flag, value);
        break;
      case "--settle-ms":
        options.statusSettleMs = integer(flag, value);
        break;
      case "--token-ttl":
        options.tokenTtlSeconds = integer(flag, value);
        break;
      case "--fault-seed":
        options.seed = integer(flag, value);
        break;
      case "--outside-ad-accounts":
      case "--outside-businesses": {
        const outside = (options.outsideHierarchy ??= {});
        const key = flag === "--outside-ad-accounts" ? "adAccountIds" : "businessIds";
        outside[key] = [...(outside[key] ?? []), ...idList(flag, value)];
        break;
      }
      case "--ad-accounts":
        options.adAccounts = [...(options.adAccounts ?? []), ...idList(flag, value)];
        break;
      case "--unknown-ad-account-status": {
        const status = integer(flag, value);
        if (status !== 403 && status !== 404) throw new Error(`--unknown-ad-account-status must be 403 or 404; got ${status}. ${USAGE}`);
        options.behaviour = { ...options.behaviour, unknownAdAccountStatus: status };
        break;
      }
      case "--outside-hierarchy-status": {
        const status = integer(flag, value);
        if (status !== 400 && status !== 403) throw new Error(`--outside-hierarchy-status must be 400 or 403; got ${status}. ${USAGE}`);
        options.behaviour = { ...options.behaviour, outsideHierarchyStatus: status };
        break;
      }
      case "--seed":
        if (!value) throw new Error(`--seed needs a declaration file or folder. ${USAGE}`);
        seedPaths.push(value);
        break;
      default:
        throw new Error(`Unknown option "${flag}". ${USAGE}`);
    }
  }
  if (Object.keys(limits).length > 0) options.rateLimits = limits;
  return { options, seedPaths, help: false };
}

/** The lines printed at start: where the emulator listens and the fake credentials it accepts. */
export function banner(em: Emulator, statePath?: string): string[] {
  return [
    `Pinterest audiences emulator listening on ${em.url}`,
    statePath ? `State file: ${statePath}` : "State: in memory (use --state FILE to keep it across restarts)",
    "",
    `Access token:        ${em.accessToken}`,
    `OAuth app id:        ${em.oauth.appId}`,
    `OAuth app secret:    ${em.oauth.appSecret}`,
    `OAuth refresh token: ${em.oauth.refreshToken}`,
    "",
    "Point the client at it:",
    `  export PINTEREST_API_URI=${em.url}`,
    `  export PINTEREST_ACCESS_TOKEN=${em.accessToken}`,
    "or, to exercise the refresh flow:",
    `  export PINTEREST_APP_ID=${em.oauth.appId} PINTEREST_APP_SECRET=${em.oauth.appSecret} PINTEREST_REFRESH_ACCESS_TOKEN=${em.oauth.refreshToken}`,
    "",
    "Press Ctrl+C to stop.",
  ];
}

/**
 * Starts the emulator from arguments, seeds it, prints the banner, and stops it (exit 0) on SIGINT or SIGTERM.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<Emulator> {
  const { options, seedPaths } = parseCli(argv);
  const em = await startEmulator(options);
  if (seedPaths.length > 0) {
    try {
      const seeded = seedDeclarations(em, seedPaths);
      io.print(`Seeded ${seeded.length} audience(s) from ${seedPaths.join(", ")}: ${seeded.map((s) => `${s.resourceName}=${s.id}`).join(", ")}`);
    } catch (error) {
      await em.stop();
      throw error;
    }
  }
  for (const line of banner(em, options.statePath)) io.print(line);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    em.stop().then(
      () => io.exit(0),
      () => io.exit(1),
    );
  };
  io.onSignal("SIGINT", stop);
  io.onSignal("SIGTERM", stop);
  return em;
}

/** As {@link main}, but `-h`/`--help` prints the usage and resolves to undefined without starting anything. */
export async function run(argv: readonly string[], io: CliIo): Promise<Emulator | undefined> {
  if (parseCli(argv).help) {
    io.print(USAGE);
    return undefined;
  }
  return main(argv, io);
}

if (require.main === module) {
  run(process.argv.slice(2), {
    print: (line) => console.log(line),
    onSignal: (signal, handler) => process.once(signal, handler),
    exit: (code) => process.exit(code),
  }).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(2);
  });
}
