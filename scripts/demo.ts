/**
 * `npm run demo`: examples/basic through the real Pulumi CLI (Automation API) against the local emulator —
 * preview, up, an edit made "by hand in Ads Manager", refresh, and an up that puts the declaration back —
 * printing what happens at each step. Nothing leaves the machine: local file backend, passphrase secrets,
 * emulator on loopback. Needs the Pulumi CLI: the `npm run pulumi:install` build, else `pulumi` on PATH.
 *
 * Options: --keep (leave the project, its state and the audiences in place, and print where they are).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type Emulator } from "../emulator";
import { DEMO_AD_ACCOUNT, StepRecorder, openBasicStack } from "./basic-stack";

/** The ad account the demo shares the subscribers audience with (examples/basic's `shareWithAdAccountId`). */
const PARTNER_AD_ACCOUNT = "549755885176";
import { prepareExampleProject, repoRoot, type ExampleProject } from "./example-project";
import { ensurePulumiCli } from "./ensure-pulumi-cli";
import { PULUMI_INSTALL_URL, type PulumiCli } from "./pulumi-cli";

const keep = process.argv.includes("--keep");
let stepNumber = 0;

function step(title: string): void {
  console.log(`\n== ${++stepNumber}. ${title}`);
}

function say(text: string): void {
  console.log(`   ${text}`);
}

/** Streams Pulumi's own output, indented, line by line. */
function pulumiOutput(): { onOutput: (out: string) => void; flush: () => void } {
  let pending = "";
  return {
    onOutput: (out) => {
      pending += out;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) console.log(`   | ${line}`);
    },
    flush: () => {
      if (pending) console.log(`   | ${pending}`);
      pending = "";
    },
  };
}

/** The audiences in the emulator, one line each. */
function showAudiences(emulator: Emulator): void {
  for (const a of emulator.audiences(DEMO_AD_ACCOUNT)) say(`${a.id}  ${String(a.audience_type).padEnd(13)}  ${a.name}`);
}

/** Who has the audience besides its owner. */
function showSharing(emulator: Emulator, audienceId: string): void {
  const { adAccountIds, businessIds } = emulator.recipients(DEMO_AD_ACCOUNT, audienceId);
  const who = [...adAccountIds.map((id) => `ad account ${id}`), ...businessIds.map((id) => `business ${id}`)];
  say(`audience ${audienceId} is shared with: ${who.join(", ") || "nobody"}`);
}

/** The `name` output the state holds for a resource, read from the exported deployment. */
async function recordedName(stack: Stack, resourceName: string): Promise<string | undefined> {
  const deployment = await stack.exportStack();
  const resources = (deployment.deployment as { resources?: { urn: string; outputs?: { name?: string } }[] }).resources ?? [];
  return resources.find((r) => r.urn.endsWith(`::${resourceName}`))?.outputs?.name;
}

async function run(cli: PulumiCli, emulator: Emulator, project: ExampleProject): Promise<Stack> {
  step("Stack `dev` of examples/basic, local file backend, credentials pointing at the emulator");
  const stack = await openBasicStack(project, emulator, cli);
  await stack.setConfig("shareWithAdAccountId", { value: PARTNER_AD_ACCOUNT });
  say(`project: ${project.dir}`);
  say(`backend: file://${project.stateDir}`);
  say(`config:  pinterest:apiUrl=${emulator.url}, pinterest:accessToken=[secret], shareWithAdAccountId=${PARTNER_AD_ACCOUNT}`);

  step("pulumi preview — the plan");
  let out = pulumiOutput();
  let recorder = new StepRecorder();
  await stack.preview({ onOutput: out.onOutput, onEvent: recorder.onEvent, color: "never" });
  out.flush();
  say(`planned creates: ${recorder.with("create").join(", ")}`);

  step("pulumi up — create the four audiences (the lookalike after its seed), then share the subscribers audience");
  out = pulumiOutput();
  const up = await stack.up({ onOutput: out.onOutput, color: "never" });
  out.flush();
  say(`result: ${JSON.stringify(up.summary.resourceChanges)}`);
  say("audiences now in the emulator's ad account:");
  showAudiences(emulator);
  const ids = up.outputs.audienceIds.value as Record<string, string>;
  showSharing(emulator, ids.customerList);

  step("Someone edits an audience and revokes its sharing by hand in Ads Manager (emulator.editAudience, emulator.revokeByHand)");
  const edited = emulator.editAudience(DEMO_AD_ACCOUNT, ids.customerList, {
    name: "Subscribers (edited by hand)",
    description: "changed in Ads Manager",
  });
  say(`audience ${edited.id} is now named "${edited.name}"; the declaration still says "Newsletter subscribers"`);
  emulator.revokeByHand(DEMO_AD_ACCOUNT, ids.customerList, { adAccountIds: [PARTNER_AD_ACCOUNT] });
  showSharing(emulator, ids.customerList);

  step("pulumi refresh — Pulumi reads every audience and records the drift");
  out = pulumiOutput();
  const refresh = await stack.refresh({ onOutput: out.onOutput, color: "never" });
  out.flush();
  say(`result: ${JSON.stringify(refresh.summary.resourceChanges)}`);
  say(`the state now records the name "${await recordedName(stack, "newsletter-subscribers")}" (the declaration is unchanged)`);

  step("pulumi up — put the declared audience back");
  out = pulumiOutput();
  recorder = new StepRecorder();
  const again = await stack.up({ onOutput: out.onOutput, onEvent: recorder.onEvent, color: "never" });
  out.flush();
  say(`updated: ${recorder.with("update").join(", ") || "(none)"}; result: ${JSON.stringify(again.summary.resourceChanges)}`);
  showAudiences(emulator);
  showSharing(emulator, ids.customerList);

  step("pulumi preview --expect-no-changes — Pinterest matches the code again");
  await stack.preview({ expectNoChanges: true, color: "never" });
  say("no changes.");
  return stack;
}

async function main(): Promise<void> {
  const cli = ensurePulumiCli(repoRoot());
  if (!cli) {
    console.error(
      "The demo drives the Pulumi CLI, and there is none: no `npm run pulumi:install` build, no `pulumi` on PATH, and none could be built. " +
        `Install Go (https://go.dev/doc/install) and run \`npm run demo\` again (it builds the CLI once), or install Pulumi (${PULUMI_INSTALL_URL}).`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(`Pulumi CLI ${cli.version} (${cli.binDir}): examples/basic against a local Pinterest emulator.`);

  step("Start the Pinterest audiences emulator");
  const emulator = await startEmulator({ port: 0 });
  say(`listening at ${emulator.url}`);
  let project: ExampleProject | undefined;
  let stack: Stack | undefined;
  try {
    step("Copy examples/basic into a temporary folder with the package installed");
    project = prepareExampleProject("basic");
    say(project.dir);
    stack = await run(cli, emulator, project);
    console.log("\nDone: declared, applied, shared, drifted by hand, detected, and reconciled.");
  } catch (error) {
    console.error(`\nThe demo stopped: ${(error as Error).message}`);
    console.error("Pulumi's output above shows the failing step. Check that `npm run tools` built without errors and run `npm run demo` again.");
    process.exitCode = 1;
  } finally {
    if (keep && project) {
      console.log(`\nKept (--keep): project ${project.dir}, state file://${project.stateDir}.`);
      console.log("The emulator stops with this process; its audiences are gone with it.");
    } else if (project) {
      if (stack) {
        step("Clean up: pulumi destroy, remove the stack and the temporary folder");
        try {
          await stack.destroy({ color: "never" });
          await stack.workspace.removeStack(stack.name);
        } catch (error) {
          say(`clean-up failed (${(error as Error).message}); delete ${project.dir} by hand.`);
        }
      }
      project.remove();
    }
    await emulator.stop();
  }
}

void main();
