/**
 * The tool's credential advice names what the tool reads — environment variables only — and, when only the
 * refresh token is set, the app id and secret it still needs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { runCli } from "./fixtures";

const ACCOUNT = "549755885175";
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-advice-"));
});
afterAll(async () => {
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.each([["list"], ["import"]])("%s: a refused access token is told to set environment variables, not `pulumi config set`", async (command) => {
  const run = await runCli([command, "--ad-account", ACCOUNT], {
    env: { PINTEREST_ACCESS_TOKEN: "refused-token-0123456789", PINTEREST_API_URI: emulator.url },
    cwd: dir,
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/401/);
  expect(run.stderr).toContain("Set a new one in PINTEREST_ACCESS_TOKEN");
  expect(run.stderr).toContain("PINTEREST_REFRESH_ACCESS_TOKEN, PINTEREST_APP_ID and PINTEREST_APP_SECRET");
  expect(run.stderr).not.toMatch(/pulumi config|pinterest:accessToken/);
});

test.each([
  [{}, "PINTEREST_APP_ID and PINTEREST_APP_SECRET are not"],
  [{ PINTEREST_APP_ID: "1484362" }, "PINTEREST_APP_SECRET is not"],
  [{ PINTEREST_APP_SECRET: "s3cret" }, "PINTEREST_APP_ID is not"],
])("only a refresh token (with %j): names what is missing and sends nothing", async (extra, missing) => {
  const before = emulator.counters().requests;
  const env = { PINTEREST_REFRESH_ACCESS_TOKEN: "pinr_only-refresh-token", PINTEREST_API_URI: emulator.url, ...extra };
  const run = await runCli(["list", "--ad-account", ACCOUNT], { env, cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`PINTEREST_REFRESH_ACCESS_TOKEN is set but ${missing}`);
  expect(run.stderr).not.toContain("pinr_only-refresh-token");
  expect(emulator.counters().requests).toBe(before);
});
