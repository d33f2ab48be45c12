/**
 * The emulator as a tool: `--seed` creates the audiences of declaration files (the layout `import` writes), after
 * checking every file, and shares those with `sharedWith` by hand; `--help` prints the usage; `pinterest-audiences emulator` offers it from the installed CLI.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { parseCli } from "../../cli/emulator-main";
import { seedDeclarations } from "../../cli/seed";
import { runCli } from "../cli/fixtures";

const GITOPS = path.resolve(__dirname, "..", "..", "examples", "gitops", "audiences");
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterEach(async () => {
  await emulator.stop();
});

test("seeds one audience per declaration file, with the declared name, type and rule", () => {
  const seeded = seedDeclarations(emulator, [GITOPS]);
  expect(seeded.map((s) => s.resourceName).sort()).toEqual(["buyers-lookalike-us", "checkout-visitors", "newsletter-subscribers", "pin-engagers"]);
  const audiences = emulator.audiences("549755885175");
  expect(audiences.map((a) => a.name).sort()).toEqual([
    "Buyers lookalike (US, 5%)",
    "Checkout visitors (30 days)",
    "Newsletter subscribers",
    "Pin engagers (90 days)",
  ]);
  expect(audiences.find((a) => a.name === "Newsletter subscribers")?.rule).toMatchObject({ customer_list_id: "5497558859876" });
});

test("a declaration's sharedWith is shared by hand once its audience exists; the others are shared with nobody", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-"));
  try {
    fs.copyFileSync(path.join(GITOPS, "pin-engagers.yaml"), path.join(dir, "plain.yaml"));
    const shared = path.join(__dirname, "..", "fixtures", "declarations", "shared", "shared-list.yaml");
    const seeded = seedDeclarations(emulator, [shared, dir]);
    expect(seeded.map((s) => [s.resourceName, s.sharedWith])).toEqual([
      ["shared-list", { adAccountIds: ["549755885176", "549755885177"], businessIds: ["777000111"] }],
      ["plain", undefined],
    ]);
    expect(emulator.recipients("549755885175", seeded[0].id)).toEqual({ adAccountIds: ["549755885176", "549755885177"], businessIds: ["777000111"] });
    expect(emulator.recipients("549755885175", seeded[1].id)).toEqual({ adAccountIds: [], businessIds: [] });
    // As by hand in Ads Manager: nothing counted or logged.
    expect(emulator.counters().requests).toBe(0);
    expect(emulator.requests("audiences/share_with_ad_accounts")).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the GitOps example's shared declarations are shared as they say", () => {
  const seeded = seedDeclarations(emulator, [GITOPS]);
  const withSharing = seeded.filter((s) => s.sharedWith !== undefined);
  expect(withSharing.length).toBeGreaterThan(0);
  for (const { id, sharedWith } of withSharing) {
    expect(emulator.recipients("549755885175", id)).toEqual({
      adAccountIds: sharedWith?.adAccountIds ?? [],
      businessIds: sharedWith?.businessIds ?? [],
    });
  }
});

test("an invalid file stops the seeding with its file, line and reason, and nothing is created", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-"));
  try {
    fs.copyFileSync(path.join(GITOPS, "pin-engagers.yaml"), path.join(dir, "ok.yaml"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), 'adAccountId: "1"\nname: Bad\naudienceType: VISITOR\nrule:\n  customerListId: "1"\n');
    expect(() => seedDeclarations(emulator, [dir])).toThrow(/bad\.yaml:\d+: rule/);
    expect(emulator.audiences("549755885175")).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("--seed takes files or folders (repeatable), --fault-seed the PRNG seed, --help asks for the usage", () => {
  expect(parseCli(["--seed", "a/", "--seed", "b.yaml", "--fault-seed", "7"])).toMatchObject({
    seedPaths: ["a/", "b.yaml"],
    options: { seed: 7 },
    help: false,
  });
  expect(parseCli(["--help"]).help).toBe(true);
  expect(() => parseCli(["--seed"])).toThrow(/--seed needs a declaration file or folder/);
});

test("pinterest-audiences emulator --help prints the usage and exits 0; the tool's help lists the command", async () => {
  const help = await runCli(["emulator", "--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain("--seed FILE|DIR");
  expect(help.stdout).toContain("sharedWith is shared by hand");
  expect((await runCli(["--help"])).stdout).toMatch(/^ {2}emulator {3}/m);
});
