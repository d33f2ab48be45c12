/**
 * `npm run bench`: thousand-audience accounts against the emulator, through the real plugin. Prints how the
 * figures were obtained and one table. Flags and environment variables: see settings.ts.
 */
import * as fs from "node:fs";
import { runBench } from "./bench";
import { formatTable, isMet } from "./figures";
import { findRepoRoot, loadHarness } from "./harness";
import { ensurePulumiCli } from "../scripts/ensure-pulumi-cli";
import { engineComparison, figuresOf, methodOf } from "./report";
import { parseSettings } from "./settings";

async function main(): Promise<number> {
  const settings = parseSettings(process.argv.slice(2));
  const repoRoot = findRepoRoot();
  const harness = loadHarness(repoRoot);
  const started = Date.now();
  const log = (line: string): void => void process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
  const cli = settings.engine === "pulumi" ? ensurePulumiCli(repoRoot) : undefined;
  const results = await runBench(settings, { harness, repoRoot, log, cli });
  const figures = figuresOf(results);
  const lines = [...methodOf(results), "", formatTable(figures), ...engineComparison(results)];
  process.stdout.write(`${lines.join("\n")}\n`);
  const missed = figures.filter((f) => isMet(f) === false);
  process.stdout.write(
    missed.length === 0 ? "\nEvery target met.\n" : `\nTargets missed: ${missed.map((f) => `${f.scenario}: ${f.figure}`).join("; ")}\n`,
  );
  if (settings.jsonPath) fs.writeFileSync(settings.jsonPath, JSON.stringify({ results, figures }, null, 2));
  return missed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
