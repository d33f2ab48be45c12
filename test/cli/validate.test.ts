/**
 * `pinterest-audiences validate`: offline, no credentials; each bad file reported with its path (and line),
 * property and reason, then a summary; exit 1 when any fails, 0 when all pass, 2 on usage errors.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MAX_DECLARATION_FILE_BYTES, toYaml, type Declaration } from "../../provider/declarations";
import { runCli } from "./fixtures";

const good: Declaration = {
  adAccountId: "549755885175",
  name: "Lookalike US",
  audienceType: "ACTALIKE",
  rule: { seedId: ["123"], country: "US", percentage: "5" },
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-validate-"));
  fs.mkdirSync(path.join(dir, "audiences"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  fs.writeFileSync(path.join(dir, "audiences", name), text);
}

test("valid files pass with exit 0 and a summary, with no credentials in the environment", async () => {
  write("lookalike.yaml", toYaml(good));
  write("list.json", JSON.stringify({ adAccountId: "1", name: "List", audienceType: "CUSTOMER_LIST", rule: { customerListId: "9" } }));
  const run = await runCli(["validate", "audiences"], { cwd: dir, env: {} });
  expect(run).toEqual({ code: 0, stdout: "2 declaration file(s) checked: all valid.\n", stderr: "" });
});

test("each bad file is reported as file:line: property: reason and the exit code is 1", async () => {
  write("ok.yaml", toYaml(good));
  write("bad-percent.yaml", toYaml({ ...good, rule: { ...good.rule, percentage: 50 } }));
  write("broken.yaml", "adAccountId: '1'\nname: [unclosed\n");
  write("bad name!.yaml", toYaml(good));
  write("missing.json", JSON.stringify({ name: "No account", audienceType: "ACTALIKE", rule: good.rule }, null, 2));
  write("ok.json", JSON.stringify(good));
  const run = await runCli(["validate", "audiences", "audiences/ok.yaml"], { cwd: dir });
  expect(run.code).toBe(1);
  const lines = run.stdout.trimEnd().split("\n");
  const percentLine =
    toYaml({ ...good, rule: { ...good.rule, percentage: 50 } })
      .split("\n")
      .findIndex((l) => l.includes("percentage")) + 1;
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^audiences/bad-percent\\.yaml:${percentLine}: rule\\.percentage must be .*1 to 10`)),
      expect.stringMatching(/^audiences\/broken\.yaml:\d+: \(file\): not valid YAML: /),
      expect.stringMatching(/^audiences\/bad name!\.yaml: \(file\): the file name "bad name!" is not a valid resource name/),
      expect.stringMatching(/^audiences\/missing\.json:1: adAccountId is required/),
      expect.stringMatching(/^audiences\/ok\.yaml: \(file\): the resource name "ok" is already taken by audiences\/ok\.json\. Rename/),
    ]),
  );
  expect(lines[lines.length - 1]).toMatch(/^6 declaration file\(s\) checked: 5 invalid, \d+ problem\(s\)\.$/);
});

test("a path that does not exist fails with exit 1", async () => {
  const run = await runCli(["validate", "nowhere"], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^nowhere: \(file\): cannot read it \(ENOENT\)/);
});

test("a directory without declaration files fails with exit 1, so a misconfigured CI job does not pass", async () => {
  const run = await runCli(["validate", "audiences"], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/No declaration files \(\.yaml, \.yml, \.json\) found in audiences; nothing was checked/);
});

test("no path is a usage error: exit 2", async () => {
  const run = await runCli(["validate"], { cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^pinterest-audiences validate: give the declaration files or directories to check/);
});

describe("only regular files within the size limit are read", () => {
  test("a file of exactly the limit is read; one byte more is refused without being parsed", async () => {
    const yaml = toYaml(good);
    const padded = (size: number): string => `${yaml}#${"x".repeat(size - Buffer.byteLength(yaml) - 2)}\n`;
    write("at-limit.yaml", padded(MAX_DECLARATION_FILE_BYTES));
    write("over-limit.yaml", padded(MAX_DECLARATION_FILE_BYTES + 1));
    expect(fs.statSync(path.join(dir, "audiences", "at-limit.yaml")).size).toBe(MAX_DECLARATION_FILE_BYTES);
    const run = await runCli(["validate", "audiences"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `audiences/over-limit.yaml: (file): it is ${MAX_DECLARATION_FILE_BYTES + 1} bytes, more than the 1 MiB a declaration file may hold; ` +
        "a declaration is a few hundred bytes. Check that this is the file you meant.\n" +
        "2 declaration file(s) checked: 1 invalid, 1 problem(s).\n",
    );
  });

  test("a device such as /dev/zero is refused at once, without reading it", async () => {
    const run = await runCli(["validate", "/dev/zero"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^\/dev\/zero: \(file\): it is a character device, not a regular file; only regular YAML or JSON files are read\. Give the path/,
    );
  });

  test("a named pipe (FIFO) is refused at once, without waiting for a writer", async () => {
    const fifo = path.join(dir, "audiences", "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    // A writer that comes late: if validate opened the pipe and waited, it would read this valid declaration.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `setTimeout(() => { const fs = require("fs"); const fd = fs.openSync(${JSON.stringify(fifo)}, fs.constants.O_RDWR); ` +
          `fs.writeSync(fd, ${JSON.stringify(toYaml(good))}); fs.closeSync(fd); }, 1500);`,
      ],
      { stdio: "ignore" },
    );
    try {
      const run = await runCli(["validate", "audiences/pipe.yaml"], { cwd: dir });
      expect(run.stdout).toMatch(/^audiences\/pipe\.yaml: \(file\): it is a named pipe \(FIFO\), not a regular file/);
      expect(run.code).toBe(1);
    } finally {
      if (writer.exitCode === null) writer.kill();
    }
  });
});
