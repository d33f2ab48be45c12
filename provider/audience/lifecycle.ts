/**
 * The audience lifecycle: the provider every `Audience` is declared with (this module itself, serialised into
 * the state as a one-line `require`), and what the class `AudienceProvider` calls.
 *
 * This module is loaded in the dynamic-provider plugin through the stable specifier
 * `pulumi-pinterest-audiences/dynamic`, either by the one-line `require` Pulumi writes for it (an install under
 * node_modules) or by a by-name provider (linked and workspace installs, see ../plugin/state-provider.ts). State written by
 * any release calls these exported functions by name (`configure`, `check`, `diff`, `create`, `read`, `update`,
 * `remove` and `delete`), so their names and argument shapes are a compatibility contract: keep them, add to them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { AccountReader } from "./account-reader";
import type { PinterestClient } from "../api/client";
import type { ApiAudience } from "../api/types";
import { adoptionNotice, adoptionProblems } from "./adoption";
import { adoptExisting, createReconciled } from "./create";
import { adoptedThisCommand, isAdoptedThisCommand, leftInPlaceNotice } from "./adopted-this-command";
import { AccountListings } from "./known-before";
import { AudienceInputs, AudienceOutputs, diffAudience, isRemovedAudience, updateRequestFor, withoutRuleDefaults } from "./model";
import { PropertyBag, stringField, withoutProvider } from "../plugin/properties";
import { asInputs, DECLARED_FIELDS, declarationOf, outputsOf } from "./outputs";
import { confirmedReadBack } from "./read-back";
import { removeRefused, stillLive } from "./removal";
import { PinterestApiError } from "../api/errors";
import type { ConfigSource } from "../plugin/settings";
import { quietly } from "../plugin/plugin-log";
import { configureSession, onSessionClientChange, sessionClient, sessionHasCredentials, useSessionClient } from "../plugin/session";
import { refuseMalformedLookup } from "../plugin/lookup";
import { aboutStep, isNotFound } from "../plugin/step-errors";
import { partialFailure } from "./create-errors";
import { subjectOf } from "./subject";
import { adAccountUnknownOnDelete, adAccountUnknownOnRead } from "../plugin/required-ids";
import { validateDeclaration } from "../schema/validate";

export type { PropertyBag };

/** Ids of audiences this process created, adopted or removed, never to be adopted by a reconciling create. */
const claimed = new Set<string>();

/** The per-process batched reader of the session's client (see account-reader.ts); made afresh with each new client. */
let reader: AccountReader | undefined;
/** The listings creates share to learn what each ad account held before them (see known-before.ts); per client too. */
let listings: AccountListings | undefined;
onSessionClientChange(() => {
  reader = undefined;
  listings = undefined;
});

/**
 * Takes the stack configuration (the plugin calls it before any other function of this module): a config source,
 * or the plugin's `{ config }` request when this module is itself the provider. Without it, settings come from the
 * environment. The session, and its one client, is shared with every resource type (see ../plugin/session.ts).
 */
export async function configure(source: ConfigSource | pulumi.dynamic.ConfigureRequest | undefined): Promise<void> {
  configureSession(source);
}

/** Replaces the client used by the lifecycle (tests and benchmarks). Pass undefined to go back to the configured one. */
export function useClient(client: PinterestClient | undefined): void {
  useSessionClient(client);
}

/** The session's client, built on first use from the configured settings. */
export function pinterestClient(): PinterestClient {
  return sessionClient();
}

/** The per-process batched reader (see account-reader.ts). */
function accountReader(): AccountReader {
  const client = pinterestClient();
  if (!reader) {
    reader = new AccountReader(
      { get: (account, id) => client.audiences.get(account, id), list: (account) => client.audiences.list(account) },
      { isNotFound },
    );
  }
  return reader;
}

/** The per-process listings shared by creates (see known-before.ts). */
function accountListings(): AccountListings {
  const client = pinterestClient();
  if (!listings) listings = new AccountListings((account) => client.audiences.list(account));
  return listings;
}

/**
 * Validates a declaration against schema.json. No API call and no credentials (a pull request's preview runs
 * without secrets), with one exception: a declaration that adopts an audience (`importId`) and is not in the stack
 * yet is checked against that audience (one GET) when credentials are present, so a mismatch fails the preview with
 * each differing field and both values (see adoption.ts). A read that fails leaves the check to the create.
 */
export async function check(olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.CheckResult> {
  const failures = validateDeclaration(news);
  const importId = stringField(news, "importId");
  // Adopted by this command's program: a delete in this command leaves that audience (see adopted-this-command.ts).
  if (failures.length === 0 && importId !== undefined) adoptedThisCommand(importId);
  const adopting = failures.length === 0 && importId !== undefined && Object.keys(withoutProvider(olds)).length === 0;
  if (adopting) process.stdout.write(`${adoptionNotice(news, importId)}\n`);
  if (adopting && sessionHasCredentials()) {
    const declared = asInputs(news);
    try {
      failures.push(...adoptionProblems(await accountReader().read(declared.adAccountId, importId), declared, importId));
    } catch {
      // Not knowable now (network, rate limit, token): the create checks again and reports it.
    }
  }
  return { inputs: news, failures };
}

/** Compares recorded outputs with the declaration, after normalisation. No API call. */
export async function diff(_id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.DiffResult> {
  const result = diffAudience(asInputs(olds), asInputs(news));
  const changed = [...result.replaces, ...result.updates];
  return { changes: changed.length > 0, replaces: result.replaces, deleteBeforeReplace: false };
}

/**
 * Creates the audience and returns Pinterest's view of it as outputs.
 *
 * With `importId`, adopts that existing audience instead, as Pulumi's `import` option would (which the engine
 * cannot serve to dynamic providers: it reads imports without their inputs, pulumi/pulumi#16175): the declaration
 * must match the live audience, or the create fails and names the differing fields.
 *
 * The ad account is listed before the create is sent (creates arriving together share one listing). A create whose
 * outcome is unknown (timeout, dropped connection, 5xx) is never blindly re-sent: the account is listed for an
 * audience with the same declaration that was not there before. Exactly one match is adopted; none means the
 * request did not take effect and it is sent again; several fail the step, naming them (see create.ts).
 */
export async function create(news: PropertyBag): Promise<pulumi.dynamic.CreateResult> {
  const declared = asInputs(news);
  const importId = stringField(news, "importId");
  let created: ApiAudience;
  try {
    created = importId
      ? await adoptExisting((account, id) => accountReader().read(account, id), declared, importId)
      : await createReconciled(pinterestClient(), declared, claimed, {}, accountListings().knownBefore);
  } catch (error) {
    throw aboutStep(importId ? "Adopting" : "Creating", subjectOf(news, importId), error);
  }
  accountReader().wrote(declared.adAccountId, created.id);
  claimed.add(created.id);
  try {
    return { id: created.id, outs: outputsOf(created, declared) };
  } catch (error) {
    throw partialFailure(created, news, error);
  }
}

/**
 * Reads the live audience. On refresh (`props` are recorded outputs) only the outputs change, so drift shows
 * in the next plan and `up` puts the declaration back. On `Audience.get` (`props` are inputs) the live
 * declaration is returned as inputs too. A missing or removed audience (404, or an answer whose status says it was
 * removed) returns no id, so Pulumi drops it.
 */
export async function read(id: string, props: PropertyBag = {}): Promise<pulumi.dynamic.ReadResult> {
  return quietly(() => readAudience(id, props));
}

async function readAudience(id: string, props: PropertyBag): Promise<pulumi.dynamic.ReadResult> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) {
    throw adAccountUnknownOnRead({
      subject: `audience ${id}`,
      when: "adopting an audience",
      call: `Audience.get(name, "${id}", { adAccountId: "<ad account id>" })`,
    });
  }
  const isRefresh = typeof props.audienceId === "string";
  if (!isRefresh) refuseMalformedLookup("the audience Audience.get names", { "its id": id, adAccountId });
  let live: ApiAudience | undefined;
  try {
    live = await accountReader().read(adAccountId, id);
  } catch (error) {
    throw aboutStep("Reading", subjectOf(props, id), error);
  }
  if (!live || isRemovedAudience(live)) return {};
  // On refresh, what the state last recorded stands for the rule fields Pinterest does not echo.
  const outs = outputsOf(live, isRefresh ? asInputs(props) : undefined);
  if (!isRefresh) return { id: live.id, props: outs, inputs: declarationOf(live) };
  const inputs = driftedInputs(asInputs(props), asInputs(outs));
  return inputs ? { id: live.id, props: outs, inputs } : { id: live.id, props: outs };
}

/**
 * After a refresh that found declared fields changed outside Pulumi, the inputs the state records from then on: the
 * recorded ones with each drifted field as Pinterest now holds it. The plan that follows then marks exactly those
 * fields (`name: "Changed by hand" => "Declared"`), as Pulumi's own providers do; undefined when nothing drifted,
 * which keeps the inputs as declared.
 */
function driftedInputs(recorded: AudienceInputs, live: AudienceInputs): PropertyBag | undefined {
  const { replaces, updates } = diffAudience(recorded, live);
  if (replaces.length + updates.length === 0) return undefined;
  const inputs: PropertyBag = {};
  for (const field of DECLARED_FIELDS) {
    const from = [...replaces, ...updates].includes(field) ? live : recorded;
    const value = field === "rule" && from.rule ? withoutRuleDefaults(from.rule, from.audienceType) : from[field];
    if (value !== undefined) inputs[field] = value as unknown as PropertyBag[string];
  }
  return inputs;
}

/**
 * Sends Pinterest's update with only what differs between the declaration and the live values: this reconciles
 * drift. The result is read back (the answer when it shows the declaration, else a GET): when Pinterest still
 * differs from the declaration (a rule merged rather than replaced keeps a removed field), the step fails naming the
 * fields and the way out (see read-back.ts).
 */
export async function update(id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.UpdateResult> {
  const declared = asInputs(news);
  const fields = updateRequestFor(declared, asInputs(olds));
  if (!fields) return { outs: withoutProvider(olds) };
  accountReader().wrote(declared.adAccountId, id);
  try {
    const answered = await pinterestClient().audiences.update(declared.adAccountId, id, fields);
    return { outs: await confirmedReadBack(id, answered, declared, news, () => accountReader().read(declared.adAccountId, id)) };
  } catch (error) {
    throw aboutStep("Updating", subjectOf(news, id), error);
  }
}

/**
 * Removes the audience (Pinterest's REMOVE operation), unless a declaration of this command's program adopts it
 * (the old half of a renamed resource with the same `importId`; see adopted-this-command.ts), which it says on the
 * plugin's output. A REMOVE answered 404 counts as done only once a read confirms the audience is gone (see removal.ts); one Pinterest still holds fails the step, and stays in the state.
 */
export async function remove(id: string, props: PropertyBag): Promise<void> {
  return quietly(() => removeAudience(id, props));
}

async function removeAudience(id: string, props: PropertyBag): Promise<void> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) throw adAccountUnknownOnDelete(`audience ${id}`);
  if (isAdoptedThisCommand(id)) {
    process.stdout.write(`${leftInPlaceNotice(subjectOf(props, id))}\n`);
    return;
  }
  accountReader().wrote(adAccountId, id);
  // A removed audience may still be listed: never adopted by a reconciling create of this process.
  claimed.add(id);
  const client = pinterestClient();
  try {
    try {
      await client.audiences.remove(adAccountId, id);
    } catch (error) {
      if (!(isNotFound(error) && error instanceof PinterestApiError)) throw error;
      const live = await stillLive(
        { get: (account, audience) => client.audiences.get(account, audience), list: (account) => client.audiences.list(account) },
        isNotFound,
        adAccountId,
        id,
      );
      if (live) throw removeRefused(error, adAccountId, live);
    }
  } catch (error) {
    throw aboutStep("Deleting", subjectOf(props, id), error);
  }
}

/** `remove` under the name Pulumi calls it by, for this module used as the provider itself (see resource.ts). */
export { remove as delete };

/** Re-exported for outputs' typing in tests. */
export type { AudienceOutputs };
