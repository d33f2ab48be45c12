/**
 * Turns a run's results into the figures of the table, and says how they were obtained.
 */
import type { BenchResults } from "./bench";
import { changedSteps } from "./scenarios";
import type { Figure } from "./figures";
import { tooManyRequests, writeRequests } from "./session";

/** Pages of a full listing: Pinterest serves at most 250 audiences a page. */
const PAGE_SIZE = 250;

/** The rate-limit floor of creating `count` audiences: count / ads_write per minute, in seconds. */
export function writeFloorSeconds(count: number, writesPerMinute: number): number {
  return (count / writesPerMinute) * 60;
}

/** The table's figures, in the order of the brief. */
export function figuresOf(r: BenchResults): Figure[] {
  const n = r.settings.count;
  const p = r.settings.parallel;
  const k = r.settings.changes;
  const refreshCap = Math.ceil(n / PAGE_SIZE) + 5;
  const floor = writeFloorSeconds(n, r.settings.rateLimits.ads_write);
  const { reads, creates, updates } = r.baseline;
  const previewSerial = r.preview.value.serial;
  const previewParallel = r.preview.value.parallel;
  const up = r.upCreate.value;
  const upErrors = up.result.errors;
  const rtc = r.refreshThenChange.value;
  const peaks = [r.upCreate, r.preview, r.refreshSerial, r.refreshThenChange].map((s) => s.pluginPeakRssBytes ?? 0);
  const mib = (bytes: number): number | undefined => (bytes > 0 ? bytes / 2 ** 20 : undefined);
  return [
    {
      scenario: "preview, nothing changed",
      figure: "Pinterest requests",
      value: previewSerial.counters.requests + previewParallel.counters.requests,
      unit: "requests",
      target: { kind: "exactly", value: 0 },
      baseline: reads.counters.requests,
    },
    {
      scenario: "preview, nothing changed",
      figure: "plugin CPU time, parallel 1",
      value: previewSerial.pluginCpuMs,
      unit: "ms",
      target: { kind: "under", value: 2000 },
    },
    {
      scenario: "preview, nothing changed",
      figure: "wall, parallel 1",
      value: previewSerial.result.durationMs,
      unit: "ms",
      target: { kind: "report" },
      baseline: reads.wallMs,
    },
    {
      scenario: "preview, nothing changed",
      figure: "Σ Check+Diff round trips, parallel 1",
      value: previewSerial.rpcMillis.check + previewSerial.rpcMillis.diff,
      unit: "ms",
      target: { kind: "report" },
    },
    {
      scenario: "preview, nothing changed",
      figure: `wall, parallel ${p}`,
      value: previewParallel.result.durationMs,
      unit: "ms",
      target: { kind: "under", value: 2000 },
      baseline: reads.wallMs,
    },
    {
      scenario: "preview, nothing changed",
      figure: "planned changes",
      value: changedSteps(previewSerial) + changedSteps(previewParallel),
      unit: "count",
      target: { kind: "exactly", value: 0 },
    },
    {
      scenario: "refresh, parallel 1",
      figure: "Pinterest requests",
      value: r.refreshSerial.value.counters.requests,
      unit: "requests",
      target: { kind: "atMost", value: refreshCap },
      baseline: reads.counters.requests,
    },
    {
      scenario: "refresh, parallel 1",
      figure: "wall",
      value: r.refreshSerial.value.result.durationMs,
      unit: "ms",
      target: { kind: "report" },
      baseline: reads.wallMs,
    },
    {
      scenario: `refresh, parallel ${p}`,
      figure: "Pinterest requests",
      value: rtc.refresh.counters.requests,
      unit: "requests",
      target: { kind: "atMost", value: refreshCap },
      baseline: reads.counters.requests,
    },
    {
      scenario: `refresh, parallel ${p}`,
      figure: "wall",
      value: rtc.refresh.result.durationMs,
      unit: "ms",
      target: { kind: "report" },
      baseline: reads.wallMs,
    },
    {
      scenario: "refresh, both",
      figure: "drift reported (expected none)",
      value: changedSteps(r.refreshSerial.value) + changedSteps(rtc.refresh),
      unit: "count",
      target: { kind: "exactly", value: 0 },
    },
    {
      scenario: "read right after a write (same process)",
      figure: `stale audiences of ${k} renamed`,
      value: rtc.stale.length,
      unit: "count",
      target: { kind: "exactly", value: 0 },
    },
    {
      scenario: "read right after a write (same process)",
      figure: "requests of the 2nd refresh (a GET per audience written)",
      value: rtc.again.counters.requests,
      unit: "requests",
      target: { kind: "exactly", value: k },
      baseline: reads.counters.requests,
    },
    {
      scenario: `up creating ${n}`,
      figure: "failed resources",
      value: upErrors.length + (n - r.audiencesAfterUp),
      unit: "count",
      target: { kind: "exactly", value: 0 },
      baseline: creates.failures,
    },
    {
      scenario: `up creating ${n}`,
      figure: "429s surfaced to the user",
      value: upErrors.filter((e) => /429|rate limit|too many/i.test(e.message)).length,
      unit: "count",
      target: { kind: "exactly", value: 0 },
    },
    {
      scenario: `up creating ${n}`,
      figure: "429s answered by the emulator",
      value: tooManyRequests(up.counters),
      unit: "count",
      target: { kind: "report" },
      baseline: tooManyRequests(creates.counters),
    },
    {
      scenario: `up creating ${n}`,
      figure: "create requests",
      value: up.counters.byOperation.create,
      unit: "requests",
      target: { kind: "exactly", value: n },
      baseline: creates.counters.byOperation.create,
    },
    {
      scenario: `up creating ${n}`,
      figure: "listings before creates (list pages)",
      value: up.counters.byOperation.list,
      unit: "requests",
      target: { kind: "report" },
    },
    {
      scenario: `up creating ${n}`,
      figure: `wall (floor ${floor.toFixed(floor < 10 ? 1 : 0)} s)`,
      value: up.result.durationMs / 1000,
      unit: "s",
      target: { kind: "atMost", value: Number((floor * 1.1).toFixed(1)) },
      baseline: creates.wallMs / 1000,
    },
    {
      scenario: `up creating ${n}`,
      figure: "first Create RPC start → last Create RPC end",
      value: up.createSpanMs / 1000,
      unit: "s",
      target: { kind: "report" },
    },
    {
      scenario: `up changing ${k} of ${n} (after refresh)`,
      figure: "write requests",
      value: writeRequests(rtc.up.counters),
      unit: "requests",
      target: { kind: "exactly", value: k },
      baseline: writeRequests(updates.counters),
    },
    {
      scenario: `up changing ${k} of ${n} (after refresh)`,
      figure: "all requests",
      value: rtc.up.counters.requests,
      unit: "requests",
      target: { kind: "report" },
      baseline: reads.counters.requests + updates.counters.requests,
    },
    {
      scenario: "serialised provider",
      figure: `__provider per resource (${r.project.source === "npm" ? "npm-installed" : "harness copy"})`,
      value: r.providerBytes,
      unit: "bytes",
      target: { kind: "under", value: 2048 },
    },
    { scenario: "serialised provider", figure: "state file per resource", value: r.stateBytes / n, unit: "bytes", target: { kind: "report" } },
    {
      scenario: `check of ${n} declarations`,
      figure: "validateDeclaration, in process (median)",
      value: r.check.medianMs,
      unit: "ms",
      target: { kind: "under", value: 100 },
    },
    {
      scenario: `check of ${n} declarations`,
      figure: "Check RPCs through the plugin (Σ, parallel 1)",
      value: previewSerial.rpcMillis.check,
      unit: "ms",
      target: { kind: "report" },
    },
    {
      scenario: "plugin process",
      figure: `peak RSS, up creating ${n}`,
      value: mib(r.upCreate.pluginPeakRssBytes ?? 0),
      unit: "MiB",
      target: { kind: "report" },
    },
    { scenario: "plugin process", figure: "peak RSS, any scenario", value: mib(Math.max(...peaks)), unit: "MiB", target: { kind: "report" } },
  ];
}

/** Lines saying how the figures were obtained. */
export function methodOf(r: BenchResults): string[] {
  const s = r.settings;
  const b = r.baseline;
  return [
    `Run ${r.startedAt}, ${(r.durationMs / 1000).toFixed(0)} s in all. Machine: ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, ${r.machine.platform}.`,
    `Stack: ${s.count} audiences in one ad account (the four types in turn). Emulator: ${s.latencyMs} ms latency on every request, rolling 60 s limits ads_read ${s.rateLimits.ads_read}/min and ads_write ${s.rateLimits.ads_write}/min; restarted before each scenario (same audiences, empty rate windows, zeroed counters).`,
    `Provider: the real dynamic-provider plugin (@pulumi/pulumi/cmd/dynamic-provider) over gRPC, driven by the harness's engine stand-in (test/harness/engine.ts), which rewrites the whole state file after every step as Pulumi checkpoints. A fresh plugin process per scenario, as each pulumi command starts one, except that "refresh at parallel ${s.parallel}", "up changing ${s.changes}" and the refresh right after it share one process (as \`pulumi up --refresh\` would, then a read after the writes). "Many at once" = parallel ${s.parallel}.`,
    r.project.source === "npm"
      ? `Package: npm pack of the repository (${((r.project.tarballBytes ?? 0) / 1024).toFixed(0)} KiB) installed with npm install into a fresh project outside the repository (${(r.project.setupMs / 1000).toFixed(0)} s).`
      : `Package: the harness's copy of the built package (dependencies from the repository's node_modules)${r.project.fallbackReason ? `; npm pack + install failed: ${r.project.fallbackReason}` : ""}.`,
    `Program runs under Pulumi mocks: ${r.programMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")}. Every resource carries ${r.providerShared ? "the same" : "DIFFERENT"} __provider text.`,
    `Baseline: a direct PinterestClient loop against its own emulator (same latency and limits, same client throttle), one request at a time: one GET per audience wherever a read or a live diff happens (refresh; preview and up of a provider that reads in diff, pulumi/pulumi#6716), one POST per create, one PATCH per change. It ran ${b.isolated ? "in a worker thread" : "on the main thread"}, ${b.alongside ? "alongside the scenarios (its own emulator, so its own rate windows)" : "after the scenarios"}: creates ${(b.creates.wallMs / 1000).toFixed(1)} s, reads ${(b.reads.wallMs / 1000).toFixed(1)} s, updates ${(b.updates.wallMs / 1000).toFixed(1)} s.`,
    `Provider time of preview: CPU time of the plugin process during the preview at parallel 1 (utime+stime from /proc, 10 ms ticks; the first Check loads the provider and compiles the schema), and the wall of the whole preview at parallel ${s.parallel}; the sum of the Check and Diff gRPC round trips at parallel 1 also holds the engine stand-in's marshalling and the loopback hop, ${s.count * 2} times. Check in process: median of ${r.check.passes} passes after warm-up (cold first pass ${r.check.coldMs.toFixed(0)} ms, schema compilation included). Peak RSS: VmHWM of the plugin process from /proc.`,
  ];
}

/**
 * With `--engine pulumi`: the scenarios measured through the stand-in and through the real CLI, side by side,
 * with what the CLI's figures mean for a user. Empty without it.
 */
export function engineComparison(r: BenchResults): string[] {
  const cli = r.cli;
  if (!cli) return [];
  const n = r.settings.count;
  const p = r.settings.parallel;
  const k = r.settings.changes;
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const rtc = r.refreshThenChange.value;
  const rows: [string, string, string, string][] = [
    ["scenario", "figure", "stand-in engine", `real CLI ${cli.version}`],
    [`preview, nothing changed, parallel ${p}`, "wall", seconds(r.preview.value.parallel.result.durationMs), seconds(cli.preview.wallMs)],
    [
      `preview, nothing changed, parallel ${p}`,
      "Pinterest requests",
      String(r.preview.value.parallel.counters.requests),
      String(cli.preview.counters.requests),
    ],
    [`refresh, parallel ${p}`, "wall", seconds(rtc.refresh.result.durationMs), seconds(cli.refresh.wallMs)],
    [`refresh, parallel ${p}`, "Pinterest requests", String(rtc.refresh.counters.requests), String(cli.refresh.counters.requests)],
    [`up creating ${n}, parallel ${p}`, "wall", seconds(r.upCreate.value.result.durationMs), seconds(cli.upCreate.wallMs)],
    [
      `up creating ${n}, parallel ${p}`,
      "create requests / 429s answered",
      `${r.upCreate.value.counters.byOperation.create} / ${tooManyRequests(r.upCreate.value.counters)}`,
      `${cli.upCreate.counters.byOperation.create} / ${tooManyRequests(cli.upCreate.counters)}`,
    ],
    [`up creating ${n}, parallel ${p}`, "audiences in the account after", String(r.audiencesAfterUp), String(cli.audiencesAfterUp)],
    [`up changing ${k} of ${n}`, "wall", seconds(rtc.up.result.durationMs), seconds(cli.upChange.wallMs)],
    [
      `up changing ${k} of ${n}`,
      "write requests / all requests",
      `${writeRequests(rtc.up.counters)} / ${rtc.up.counters.requests}`,
      `${writeRequests(cli.upChange.counters)} / ${cli.upChange.counters.requests}`,
    ],
    ["state", "bytes per audience after up", String(Math.round(r.stateBytes / n)), String(Math.round(cli.stateBytes / n))],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]): string => row.map((cell, c) => cell.padEnd(widths[c])).join("  ");
  return [
    "",
    `The same scenarios through the stand-in engine and through the real Pulumi CLI (${cli.version}, file:// backend, passphrase secrets; each CLI command timed whole: program run, engine, plugin, checkpoints). The stand-in's "up changing ${k}" ran right after its refresh in one plugin process; the CLI's is a command of its own, whose refresh step reads nothing (no --refresh).`,
    "",
    line(rows[0]),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.slice(1).map(line),
  ];
}
