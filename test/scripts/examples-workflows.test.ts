/**
 * The GitOps example's CI workflows do what its README promises: validate, then plan on pull requests with the
 * plan posted to the PR; apply on merge to main; a scheduled drift check that fails when Pinterest differs.
 * (They are checked as data: GitHub Actions cannot run here.)
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";

const WORKFLOWS = path.resolve(__dirname, "..", "..", "examples", "gitops", ".github", "workflows");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean>;
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

function load(file: string): Workflow {
  return parseYaml(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
}

function steps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

function indexOf(all: Step[], predicate: (s: Step) => boolean): number {
  const i = all.findIndex(predicate);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

const isValidate = (s: Step): boolean => /pinterest-audiences validate audiences\//.test(s.run ?? "");
const isPulumi =
  (command: string) =>
  (s: Step): boolean =>
    /^pulumi\/actions@/.test(s.uses ?? "") && s.with?.command === command;

/** Secrets reach the jobs only through `${{ secrets.X }}`; no literal token is written in a workflow. */
function expectSecretsFromGitHub(workflow: Workflow): void {
  for (const [key, value] of Object.entries(workflow.env ?? {})) {
    if (/TOKEN|SECRET|PASSPHRASE/.test(key)) expect(value).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
  }
  expect(workflow.env?.PINTEREST_ACCESS_TOKEN).toBe("${{ secrets.PINTEREST_ACCESS_TOKEN }}");
}

test("pull requests are validated first, then previewed with the plan posted to the pull request", () => {
  const wf = load("preview.yml");
  expect(Object.keys(wf.on)).toEqual(["pull_request"]);
  expect(wf.permissions?.["pull-requests"]).toBe("write");
  const all = steps(wf);
  const validate = indexOf(all, isValidate);
  const preview = indexOf(all, isPulumi("preview"));
  expect(validate).toBeLessThan(preview);
  expect(all[preview].with?.["comment-on-pr"]).toBe(true);
  expect(all.some(isPulumi("up"))).toBe(false);
  expectSecretsFromGitHub(wf);
});

test("a merge to main validates and runs pulumi up, one run at a time", () => {
  const wf = load("up.yml");
  expect(wf.on.push).toEqual({ branches: ["main"] });
  expect(Object.keys(wf.on)).not.toContain("pull_request");
  const all = steps(wf);
  expect(indexOf(all, isValidate)).toBeLessThan(indexOf(all, isPulumi("up")));
  const raw = fs.readFileSync(path.join(WORKFLOWS, "up.yml"), "utf8");
  expect(raw).toMatch(/cancel-in-progress: false/);
  expectSecretsFromGitHub(wf);
});

test("a scheduled job refreshes and fails with an annotation when Pinterest drifted from the declarations", () => {
  const wf = load("drift.yml");
  expect(wf.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
  const all = steps(wf);
  const check = all.find((s) => /pulumi preview/.test(s.run ?? ""));
  expect(check?.run).toMatch(/--refresh/);
  expect(check?.run).toMatch(/--expect-no-changes/);
  expect(check?.run).toMatch(/::error /);
  expect(check?.run).toMatch(/exit 1/);
  // Only a preview: the drift job never changes audiences.
  expect(all.some((s) => /pulumi (up|refresh)(?! --preview-only)/.test(s.run ?? "") || isPulumi("up")(s))).toBe(false);
  expectSecretsFromGitHub(wf);
});

test("the plan runs for pull requests that touch the declarations, the program or its dependencies, as its comment says", () => {
  const wf = load("preview.yml") as unknown as { on: { pull_request: { paths?: string[] } } };
  const paths = wf.on.pull_request.paths ?? [];
  // The program and how it compiles; its dependencies, the vendored tarball of an exported copy included.
  expect(paths).toEqual(
    expect.arrayContaining(["audiences/**", "index.ts", "tsconfig.json", "package.json", "package-lock.json", "vendor/**", "Pulumi*.yaml"]),
  );
  // From the root of the repository the exported folder becomes, not from this one's examples/gitops/.
  for (const pattern of paths) expect(pattern).not.toMatch(/^(\.\/|\/|examples\/)/);
  // (test/scripts/example-export.test.ts matches the filter against an exported folder's files.)
});

test("every workflow installs with npm ci on a Node LTS line Pulumi supports (22 or 24)", () => {
  for (const file of fs.readdirSync(WORKFLOWS)) {
    const setup = steps(load(file)).filter((s) => String(s.uses ?? "").startsWith("actions/setup-node"));
    expect(setup.length).toBeGreaterThan(0);
    for (const step of setup) expect([22, 24]).toContain(Number((step as { with?: Record<string, unknown> }).with?.["node-version"]));
    // npm ci installs exactly the committed package-lock.json (an exported copy has one; see README).
    expect(steps(load(file)).some((s) => /^npm ci\b/.test(s.run ?? ""))).toBe(true);
  }
});
