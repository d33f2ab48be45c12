/**
 * One failure, one message (provider/plugin/plugin-log.ts): the log line Pulumi's plugin writes for an error a
 * step threw (`${error}: ${error.stack}`) is left out, once; every other console.error goes through; with
 * PINTEREST_DEBUG set the line is kept.
 */
import { DEBUG_ENV_VAR, quietly } from "../../provider/plugin/plugin-log";

let written: unknown[][];
const realError = console.error;
beforeEach(() => {
  written = [];
  // The wrapper plugin-log installs calls whatever console.error was when it was installed: record through it.
  console.error = ((...args: unknown[]) => void written.push(args)) as typeof console.error;
});
afterEach(() => {
  console.error = realError;
  delete process.env[DEBUG_ENV_VAR];
});

/** What the plugin does with a step's error. */
async function asThePlugin(step: () => Promise<unknown>): Promise<Error> {
  try {
    await step();
  } catch (e) {
    console.error(`${e}: ${(e as Error).stack}`);
    return e as Error;
  }
  throw new Error("the step did not fail");
}

test("the plugin's log line of a thrown error is left out, once; the error is rethrown as it was", async () => {
  const thrown = new Error("Reading audience 1 failed: HTTP 401");
  const seen = await asThePlugin(() => quietly(() => Promise.reject(thrown)));
  expect(seen).toBe(thrown);
  console.error(`${thrown}: ${thrown.stack}`); // the same line a second time is not ours to drop
  console.error("something else");
  expect(written.map((args) => String(args[0]))).toEqual([`${thrown}: ${thrown.stack}`, "something else"]);
});

test("with PINTEREST_DEBUG set, the line stays (stack trace included)", async () => {
  process.env[DEBUG_ENV_VAR] = "1";
  const thrown = new Error("boom");
  await asThePlugin(() => quietly(() => Promise.reject(thrown)));
  expect(written).toEqual([[`${thrown}: ${thrown.stack}`]]);
});

test("a step that succeeds returns its value and logs nothing", async () => {
  await expect(quietly(async () => 42)).resolves.toBe(42);
  expect(written).toEqual([]);
});
