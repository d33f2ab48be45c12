/**
 * One failure, one message. Pulumi's dynamic-provider plugin logs every error a `check`, `diff`, `read` or `delete`
 * throws to its stderr as `${error}: ${error.stack}` before returning it to the engine, which then prints that log
 * line under the stack as well as the error under the resource: the message twice, its class name twice, and a
 * JavaScript stack trace. The engine's own copy (under the resource) is the one users need, so that log line is
 * left out, for errors this package threw only, unless `PINTEREST_DEBUG` is set.
 */

/** Set (to anything but "" or "0") to keep the plugin's log line with the stack trace, for debugging. */
export const DEBUG_ENV_VAR = "PINTEREST_DEBUG";

/** Most log lines waiting to be left out; older ones are forgotten (errors of create and update are never logged). */
const MAX_PENDING = 1000;

/** The exact log lines the plugin will write for errors thrown here, in the order thrown. */
const pending = new Set<string>();
let installed = false;

/**
 * Runs a step; an error it throws is rethrown as it is, and the plugin's log line of it is left out.
 * @param step The lifecycle function's body.
 */
export async function quietly<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof Error && !debugging()) leaveOutLogOf(error);
    throw error;
  }
}

function debugging(): boolean {
  const value = process.env[DEBUG_ENV_VAR];
  return value !== undefined && value !== "" && value !== "0";
}

function leaveOutLogOf(error: Error): void {
  install();
  if (pending.size >= MAX_PENDING) pending.delete(pending.values().next().value as string);
  pending.add(`${error}: ${error.stack}`);
}

/** Wraps `console.error` once: a call with exactly one pending line is dropped; every other call goes through. */
function install(): void {
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]): void => {
    if (args.length === 1 && typeof args[0] === "string" && pending.delete(args[0])) return;
    original(...args);
  };
}
