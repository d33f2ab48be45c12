/**
 * The bench's settings: command-line flags first, then environment variables, then defaults.
 *
 *   --count N            BENCH_COUNT           audiences (default 1000)
 *   --latency MS         BENCH_LATENCY_MS      latency the emulator adds to every request (default 50)
 *   --parallel P         BENCH_PARALLEL        the engine's --parallel for up and the "many at once" runs (default 16)
 *   --changes K          BENCH_CHANGES         audiences renamed by "up changing K" (default 10)
 *   --project npm|copy   BENCH_PROJECT         npm: `npm pack` + `npm install` into a temporary project outside
 *                                              the repository (falls back to copy if that fails); copy: the
 *                                              harness's copy of the package (default npm)
 *   --serial-baselines   BENCH_SERIAL_BASELINES=1  run the baseline creates after `up`, not alongside it
 *   --json FILE          BENCH_JSON            also write the figures as JSON
 *   --engine stand-in|pulumi  BENCH_ENGINE     pulumi: also run preview, refresh, up creating N and up changing K
 *                                              through the real Pulumi CLI, and print both side by side
 *                                              (default stand-in)
 */

/** Requests per minute of Pinterest's Standard access, which the provider's throttle assumes. */
export const STANDARD_RATE_LIMITS = { ads_read: 1000, ads_write: 400 } as const;

/** Everything a bench run is parameterised by. */
export interface BenchSettings {
  /** Number of audiences in the stack. */
  count: number;
  /** Latency added by the emulator to every request, in ms. */
  latencyMs: number;
  /** Parallelism of `up` and of the "many at once" runs. */
  parallel: number;
  /** Audiences renamed by the "up changing" scenario. */
  changes: number;
  /** Where the package comes from in the user's project. */
  project: "npm" | "copy";
  /** Run the baseline creates on their own instead of alongside `up`. */
  serialBaselines: boolean;
  /** Rate limits of the emulator (requests per rolling minute). */
  rateLimits: { ads_read: number; ads_write: number };
  /** Ad account of the stack's audiences. */
  adAccountId: string;
  /** Ad account the baseline writes to (kept apart so it never adds pages to the stack's account). */
  baselineAdAccountId: string;
  /** Write the figures as JSON to this file. */
  jsonPath?: string;
  /** `pulumi`: also run the scenarios through the real Pulumi CLI (`npm run pulumi:install` or PATH). */
  engine: "stand-in" | "pulumi";
}

/** Defaults of a full run. */
export const DEFAULT_SETTINGS: BenchSettings = {
  count: 1000,
  latencyMs: 50,
  parallel: 16,
  changes: 10,
  project: "npm",
  serialBaselines: false,
  rateLimits: { ...STANDARD_RATE_LIMITS },
  adAccountId: "549755885175",
  baselineAdAccountId: "549755885176",
  engine: "stand-in",
};

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, not "${raw}".`);
  return value;
}

/** Reads the settings from `argv` (without node and script) and `env`. Throws with a usage hint on a bad value. */
export function parseSettings(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--serial-baselines") {
      flags.set("serial-baselines", "1");
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match)
      throw new Error(
        `Unknown argument "${arg}". Flags: --count N --latency MS --parallel P --changes K --project npm|copy --serial-baselines --json FILE --engine stand-in|pulumi`,
      );
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value.`);
    flags.set(match[1], value);
  }
  const known = new Set(["count", "latency", "parallel", "changes", "project", "serial-baselines", "json", "engine"]);
  for (const key of flags.keys()) if (!known.has(key)) throw new Error(`Unknown flag --${key}.`);

  const count = integer("--count", flags.get("count") ?? env.BENCH_COUNT, DEFAULT_SETTINGS.count, 2);
  const project = flags.get("project") ?? env.BENCH_PROJECT ?? DEFAULT_SETTINGS.project;
  if (project !== "npm" && project !== "copy") throw new Error(`--project must be npm or copy, not "${project}".`);
  const changes = integer("--changes", flags.get("changes") ?? env.BENCH_CHANGES, Math.min(DEFAULT_SETTINGS.changes, count), 1);
  if (changes > count) throw new Error(`--changes (${changes}) cannot exceed --count (${count}).`);
  const engine = flags.get("engine") ?? env.BENCH_ENGINE ?? DEFAULT_SETTINGS.engine;
  if (engine !== "stand-in" && engine !== "pulumi") throw new Error(`--engine must be stand-in or pulumi, not "${engine}".`);
  return {
    ...DEFAULT_SETTINGS,
    count,
    latencyMs: integer("--latency", flags.get("latency") ?? env.BENCH_LATENCY_MS, DEFAULT_SETTINGS.latencyMs, 0),
    parallel: integer("--parallel", flags.get("parallel") ?? env.BENCH_PARALLEL, DEFAULT_SETTINGS.parallel, 2),
    changes,
    project,
    serialBaselines: (flags.get("serial-baselines") ?? env.BENCH_SERIAL_BASELINES ?? "") === "1",
    jsonPath: flags.get("json") ?? env.BENCH_JSON ?? undefined,
    engine,
  };
}
