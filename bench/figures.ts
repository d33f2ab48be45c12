/**
 * Figures and the one table the bench prints: each figure, its target, whether it is met, the same figure
 * for the per-audience baseline, and the ratio baseline ÷ ours (how many times fewer requests, less time).
 */

/** The unit a figure is measured in (and printed with). */
export type Unit = "requests" | "ms" | "s" | "bytes" | "MiB" | "count";

/** A target: at most, under, or exactly a value; or only reported. */
export type Target = { kind: "atMost" | "under" | "exactly"; value: number } | { kind: "report" };

/** One measured figure. */
export interface Figure {
  /** The scenario, e.g. "refresh, parallel 1". */
  scenario: string;
  /** What is measured, e.g. "Pinterest requests". */
  figure: string;
  /** The measured value (undefined when it could not be measured). */
  value: number | undefined;
  /** Its unit. */
  unit: Unit;
  /** Its target. */
  target: Target;
  /** The same figure for the per-audience baseline, measured in the same run, when it applies. */
  baseline?: number;
}

/** True / false when the figure has a target and a value; undefined when it is only reported. */
export function isMet(figure: Figure): boolean | undefined {
  const { target, value } = figure;
  if (target.kind === "report" || value === undefined) return target.kind === "report" ? undefined : false;
  if (target.kind === "atMost") return value <= target.value;
  if (target.kind === "under") return value < target.value;
  return value === target.value;
}

/** A value with its unit, rounded for reading. */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined) return "n/a";
  switch (unit) {
    case "ms":
      return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString("en-US")} ms`;
    case "s":
      return `${value.toFixed(1)} s`;
    case "bytes":
      return `${Math.round(value).toLocaleString("en-US")} B`;
    case "MiB":
      return `${value.toFixed(1)} MiB`;
    case "requests":
      return `${value.toLocaleString("en-US")} req`;
    default:
      return value.toLocaleString("en-US");
  }
}

function formatTarget(target: Target, unit: Unit): string {
  if (target.kind === "report") return "report";
  const sign = target.kind === "atMost" ? "≤ " : target.kind === "under" ? "< " : "= ";
  return sign + formatValue(target.value, unit);
}

function formatRatio(figure: Figure): string {
  const { baseline, value } = figure;
  if (baseline === undefined || value === undefined) return "—";
  if (value === 0) return baseline === 0 ? "1×" : "∞";
  const ratio = baseline / value;
  return `${ratio >= 10 ? Math.round(ratio).toLocaleString("en-US") : ratio.toFixed(2)}×`;
}

/** The figures as one Markdown table (readable as plain text too). */
export function formatTable(figures: readonly Figure[]): string {
  const header = ["Scenario", "Figure", "Ours", "Target", "Met", "Baseline", "Baseline ÷ ours"];
  const rows = figures.map((f) => {
    const met = isMet(f);
    return [
      f.scenario,
      f.figure,
      formatValue(f.value, f.unit),
      formatTarget(f.target, f.unit),
      met === undefined ? "—" : met ? "yes" : "NO",
      f.baseline === undefined ? "—" : formatValue(f.baseline, f.unit),
      formatRatio(f),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
