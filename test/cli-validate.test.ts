/**
 * `pinterest-audiences validate`: offline, no credentials; each bad file reported with its path (and line),
 * property and reason, then a summary; exit 1 when any fails, 0 when all pass, 2 on usage errors.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toYaml, type Declaration } from "../provider/declarations";
import { runCli } from "./cli-fixtures";

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
  const percentLine = toYaml({ ...good, rule: { ...good.rule, percentage: 50 } }).split("\n").findIndex((l) => l.includes("percentage")) + 1;
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^audiences/bad-percent\\.yaml:${percentLine}: rule\\.percentage: .*1 to 10`)),
      expect.stringMatching(/^audiences\/broken\.yaml:\d+: \(file\): not valid YAML: /),
      expect.stringMatching(/^audiences\/bad name!\.yaml: \(file\): the file name "bad name!" is not a valid resource name/),
      expect.stringMatching(/^audiences\/missing\.json:1: adAccountId: /),
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
