/** The tool's entry: help, version, unknown commands, and the built file run as a real process. */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { runCli } from "./fixtures";

const REPO = path.resolve(__dirname, "..", "..");
const BUILT = path.join(REPO, "dist", "cli", "main.js");
const packageVersion = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

test("--help lists the commands and the credentials; each command has its own --help", async () => {
  const run = await runCli(["--help"]);
  expect(run.code).toBe(0);
  for (const command of ["import", "validate", "list"]) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  expect(run.stdout).toContain("PINTEREST_ACCESS_TOKEN");
  for (const command of ["import", "validate", "list"]) {
    const help = await runCli([command, "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: pinterest-audiences ${command} `));
  }
});

test("--version prints the package's version", async () => {
  expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: "" });
});

test("no command prints the help on stderr and exits 2; an unknown command exits 2", async () => {
  const none = await runCli([]);
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/^Usage: pinterest-audiences <command>/);
  const unknown = await runCli(["deploy"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown command "deploy"; the commands are import, validate, list/);
});

test("the built tool runs as a process: node dist/cli/main.js --help, with a shebang", async () => {
  if (!fs.existsSync(BUILT)) {
    // `npm test` builds first; when run alone, build (tolerating errors in unrelated files if the tool is emitted).
    try {
      execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "pipe" });
    } catch {
      // checked below
    }
  }
  expect(fs.existsSync(BUILT)).toBe(true);
  expect(fs.readFileSync(BUILT, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  const { stdout } = await promisify(execFile)(process.execPath, [BUILT, "--help"], { cwd: REPO });
  expect(stdout).toMatch(/^Usage: pinterest-audiences <command>/);
  const failed = await promisify(execFile)(process.execPath, [BUILT, "validate"], { cwd: REPO }).catch((e: { code: number; stderr: string }) => e);
  expect((failed as { code: number }).code).toBe(2);
});
