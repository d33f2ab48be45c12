/**
 * What every command of the `pinterest-audiences` tool works with: injected output streams, environment and
 * working directory (so tests run it in-process), exit codes, and the usage error.
 */

/** Somewhere text can be written: `process.stdout`, `process.stderr` or a test's buffer. */
export interface TextSink {
  /** Writes a chunk of text. */
  write(chunk: string): unknown;
  /** True when the sink is a terminal (progress then rewrites one line). */
  isTTY?: boolean;
}

/** The outside world of one run of the tool. */
export interface CliIo {
  /** Results: tables, JSON, summaries. */
  stdout: TextSink;
  /** Progress, warnings and errors. */
  stderr: TextSink;
  /** Environment variables (credentials and PINTEREST_API_URI). */
  env: NodeJS.ProcessEnv;
  /** The directory relative paths are resolved from. */
  cwd: string;
}

/** Exit codes of the tool. */
export const EXIT = {
  /** Everything went well. */
  ok: 0,
  /** The work failed: invalid declarations, a Pinterest error, missing credentials, files in the way. */
  failure: 1,
  /** The command line was wrong: unknown command or option, missing or bad argument. */
  usage: 2,
} as const;

/** A wrong command line; the tool prints the message with a hint to `--help` and exits with {@link EXIT.usage}. */
export class UsageError extends Error {
  /** @param message What is wrong with the command line. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure the command has already explained; the tool prints the message and exits with {@link EXIT.failure}. */
export class CommandError extends Error {
  /** @param message What happened and what to do next. */
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

/** The same I/O for the running process. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
