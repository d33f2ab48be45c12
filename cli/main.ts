#!/usr/bin/env node
/**
 * `pinterest-audiences`: the command-line tool of pulumi-pinterest-audiences — adopt an existing ad account's
 * audiences as code (`import`), check declaration files in CI (`validate`), and look at an account (`list`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "../provider/schema/package-root";
import { importCommand } from "./import";
import { cliErrorMessage } from "./client";
import { emulatorCommand } from "./emulator";
import { CommandError, EXIT, processIo, UsageError, type CliIo } from "./io";
import { listCommand } from "./list";
import { validateCommand } from "./validate";

/** The tool's name, as typed. */
export const TOOL = "pinterest-audiences";

/** The commands, by name. */
const COMMANDS: Readonly<Record<string, (argv: string[], io: CliIo) => Promise<number>>> = {
  import: importCommand,
  validate: validateCommand,
  list: listCommand,
  emulator: emulatorCommand,
};

/** Help text of the tool. */
export const MAIN_HELP = `Usage: ${TOOL} <command> [options]

Pinterest Ads audiences as code (pulumi-pinterest-audiences).

Commands:
  import     write declarations (a Pulumi program or YAML files) that adopt an ad account's audiences
  validate   check YAML/JSON declaration files against the schema, offline (for CI)
  list       show the audiences of an ad account (--received: those shared with it)
  emulator   run a local Pinterest audiences API, seeded from declaration files (--seed audiences/)

Options:
  -h, --help      show this help (or \`${TOOL} <command> --help\`)
  -V, --version   show the version

Credentials (import, list): PINTEREST_ACCESS_TOKEN, or PINTEREST_REFRESH_ACCESS_TOKEN with
PINTEREST_APP_ID and PINTEREST_APP_SECRET; PINTEREST_API_URI sets the API's base URL.`;

/** This package's version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

/**
 * Runs the tool with `argv` (the arguments after the program name) and resolves to its exit code:
 * 0 success, 1 failure, 2 usage error. Writes only to `io`'s streams; never throws.
 */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { ...processIo(), ...io };
  const [command, ...rest] = argv;
  const where = command !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, command) ? `${TOOL} ${command}` : TOOL;
  try {
    if (command === undefined) {
      full.stderr.write(`${MAIN_HELP}\n`);
      return EXIT.usage;
    }
    if (command === "-h" || command === "--help" || command === "help") {
      full.stdout.write(`${MAIN_HELP}\n`);
      return EXIT.ok;
    }
    if (command === "-V" || command === "--version") {
      full.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    const run = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (run === undefined) {
      throw new UsageError(`unknown command "${command}"; the commands are ${Object.keys(COMMANDS).join(", ")}.`);
    }
    return await run(rest, full);
  } catch (error) {
    if (error instanceof UsageError) {
      full.stderr.write(`${where}: ${error.message}\nRun \`${where} --help\` for usage.\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? cliErrorMessage(error) : String(error);
    const label = error instanceof CommandError ? "" : error instanceof Error && error.name === "PinterestApiError" ? "Pinterest error: " : "error: ";
    full.stderr.write(`${where}: ${label}${message}\n`);
    return EXIT.failure;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
