/**
 * The examples/basic stack driven by the real Pulumi CLI through the Automation API, against a local emulator:
 * a local file backend and the passphrase secrets provider, so nothing leaves the machine. Shared by the demo and
 * the real-CLI suite.
 */
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type EngineEvent, type OpType, type Stack } from "@pulumi/pulumi/automation";
import type { ExampleProject } from "./example-project";
import { cliEnv, type PulumiCli } from "./pulumi-cli";

/** The ad account the example's audiences are declared in. */
export const DEMO_AD_ACCOUNT = "549755885175";

/** The type token of an audience in Pulumi's state and events. */
export const AUDIENCE_TYPE = "pulumi-nodejs:dynamic/pinterest:Audience";

/** What the stack needs from the emulator. */
export interface EmulatorEndpoint {
  /** Base URL including /v5. */
  url: string;
  /** An access token it accepts (stored as a stack secret, never printed). */
  accessToken: string;
}

/**
 * Creates (or selects) the stack `dev` of the example project with `cli`, a `file://` backend in
 * `project.stateDir`, and sets its configuration: the example's ids, and the emulator's URL and token
 * (`pinterest:accessToken` as a secret).
 */
export async function openBasicStack(project: ExampleProject, emulator: EmulatorEndpoint, cli: PulumiCli): Promise<Stack> {
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(cli.binDir), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "dev", workDir: project.dir },
    {
      pulumiCommand,
      envVars: {
        PATH: cliEnv(cli).PATH,
        PULUMI_BACKEND_URL: `file://${project.stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: "demo-passphrase-not-a-secret",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    },
  );
  await stack.setAllConfig({
    adAccountId: { value: DEMO_AD_ACCOUNT },
    customerListId: { value: "5497558859876" },
    conversionTagId: { value: "2542620639259" },
    "pinterest:apiUrl": { value: emulator.url },
    "pinterest:accessToken": { value: emulator.accessToken, secret: true },
  });
  return stack;
}

/** Collects, from engine events, what each audience's step did: resource name -> operation. */
export class StepRecorder {
  /** Resource name -> the operation of its step (the last one seen). */
  readonly ops: Record<string, OpType> = {};

  /** Pass as `onEvent`. */
  readonly onEvent = (event: EngineEvent): void => {
    const metadata = event.resourcePreEvent?.metadata ?? event.resOutputsEvent?.metadata;
    if (!metadata || metadata.type !== AUDIENCE_TYPE) return;
    this.ops[metadata.urn.split("::").pop() as string] = metadata.op;
  };

  /** Names of the audiences whose step was `op`, sorted. */
  with(op: OpType): string[] {
    return Object.entries(this.ops)
      .filter(([, o]) => o === op)
      .map(([name]) => name)
      .sort();
  }
}
