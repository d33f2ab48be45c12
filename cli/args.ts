/**
 * Command-line parsing shared by the commands: node's `util.parseArgs` with errors turned into usage errors,
 * plus the checks of common option values.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { idProblem } from "../provider/schema/validate";
import { UsageError } from "./io";

/** Option definitions as `util.parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Values of parsed options: strings, booleans or lists of strings. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Parsed options and positional arguments. */
export interface ParsedArgs {
  /** Option values by long name. */
  values: OptionValues;
  /** Positional arguments, in order. */
  positionals: string[];
}

/** Parses `argv` strictly; an unknown option or a missing value is a {@link UsageError}. */
export function parse(argv: string[], options: OptionSpec, allowPositionals = false): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\.?\s*$/, ".") : String(error));
  }
}

/** A string option's value, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** A repeatable option's values, each also split on commas, blanks dropped. */
export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  const raw = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  return raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** The `--ad-account` value, checked to be a Pinterest id as schema.json defines one (digits, at most 18, no leading zero). */
export function adAccountOption(values: OptionValues): string {
  const id = stringOption(values, "ad-account");
  if (id === undefined) throw new UsageError("--ad-account <id> is required.");
  const problem = idProblem(id, "--ad-account");
  if (problem !== undefined) throw new UsageError(`${problem}.`);
  return id;
}
