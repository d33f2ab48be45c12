/**
 * The audience lifecycle: what the thin `AudienceProvider` (serialised into the state) calls at run time.
 *
 * This module is loaded in the dynamic-provider plugin through the stable specifier
 * `pulumi-pinterest-audiences/dynamic`. State written by any release calls these exported functions
 * by name, so their names and argument shapes are a compatibility contract: keep them, add to them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { AccountReader } from "./account-reader";
import { PinterestClient } from "./api/client";
import { PinterestApiError, type PinterestApiErrorInit } from "./api/errors";
import type { ApiAudience } from "./api/types";
import {
  AudienceInputs,
  AudienceOutputs,
  diffAudience,
  fromApiAudience,
  fromApiRule,
  toCreateRequest,
  updateRequestFor,
} from "./model";
import { ConfigSource, ProviderSettings, resolveSettings } from "./settings";
import { validateDeclaration } from "./validate";

/** The key under which Pulumi keeps the serialised provider in every resource's properties. */
const PROVIDER_KEY = "__provider";

/** Property bags as the plugin hands them over: declared inputs or recorded outputs, plus `__provider`. */
export type PropertyBag = Record<string, unknown>;

/** Per-process state: the settings from `configure` and the one client built from them. */
interface Session {
  settings: ProviderSettings;
  client?: PinterestClient;
  reader?: AccountReader;
}

let session: Session | undefined;

/** Takes the stack configuration (called once per plugin process). Without it, settings come from the environment. */
export function configure(config: ConfigSource | undefined): void {
  session?.client?.close();
  session = { settings: resolveSettings(config) };
}

/** Replaces the client used by the lifecycle (tests and benchmarks). Pass undefined to go back to the configured one. */
export function useClient(client: PinterestClient | undefined): void {
  session = { settings: session?.settings ?? resolveSettings(undefined), client };
}

/** The client, built on first use from the configured settings (its first request says what to set when credentials are missing). */
export function pinterestClient(): PinterestClient {
  if (!session) configure(undefined);
  const current = session as Session;
  if (!current.client) {
    current.client = new PinterestClient({ ...current.settings });
  }
  return current.client;
}

/** The per-process batched reader (see account-reader.ts). */
function accountReader(): AccountReader {
  const client = pinterestClient();
  const current = session as Session;
  if (!current.reader) {
    current.reader = new AccountReader(
      { get: (account, id) => client.audiences.get(account, id), list: (account) => client.audiences.list(account) },
      { isNotFound },
    );
  }
  return current.reader;
}

/** Validates a declaration against schema.json. No API call and no credentials: a pull request's preview runs without secrets. */
export async function check(_olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.CheckResult> {
  const failures = validateDeclaration(news);
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
 * A create whose outcome is unknown (timeout, dropped connection, 5xx) is never blindly re-sent: the account is
 * listed for an audience with the same declaration created since the request began. Exactly one match is adopted;
 * none means the request did not take effect and it is sent again; several fail the step, naming them.
 */
export async function create(news: PropertyBag): Promise<pulumi.dynamic.CreateResult> {
  const declared = asInputs(news);
  const importId = stringField(news, "importId");
  let created: ApiAudience;
  try {
    created = importId ? await adopt(declared, importId) : await createOnce(declared);
  } catch (error) {
    throw aboutAudience(importId ? "Adopting" : "Creating", subjectOf(news, importId), error);
  }
  accountReader().wrote(declared.adAccountId, created.id);
  claimed.add(created.id);
  try {
    return { id: created.id, outs: outputsOf(created) };
  } catch (error) {
    throw partialFailure(created, news, error);
  }
}

/** Ids of audiences this process created or adopted, never to be adopted again by a reconciling create. */
const claimed = new Set<string>();

/** How many times a create whose outcome stayed unknown is reconciled and sent again. */
const MAX_CREATE_ATTEMPTS = 3;

/** Seconds of clock difference tolerated between this machine and Pinterest when matching creation times. */
const CLOCK_SKEW_SECONDS = 120;

async function createOnce(declared: AudienceInputs): Promise<ApiAudience> {
  const client = pinterestClient();
  let lastError: PinterestApiError | undefined;
  for (let attempt = 1; attempt <= MAX_CREATE_ATTEMPTS; attempt++) {
    const startedAt = Math.floor(Date.now() / 1000) - CLOCK_SKEW_SECONDS;
    try {
      return await client.audiences.create(declared.adAccountId, toCreateRequest(declared));
    } catch (error) {
      if (!(error instanceof PinterestApiError) || !error.ambiguous) throw error;
      lastError = error;
      const listed = await listToReconcile(client, declared, error);
      const matches = listed.filter(
        (candidate) => !claimed.has(candidate.id) && (candidate.created_timestamp ?? 0) >= startedAt && matchesDeclaration(candidate, declared),
      );
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) {
        throw new Error(
          `Creating audience "${declared.name}" had an unknown outcome, and ${matches.length} audiences in ad account ${declared.adAccountId} ` +
            `match it: ${matches.map((m) => m.id).join(", ")}. Remove the extra ones in Ads Manager (or adopt one with importId) and run again.`,
        );
      }
    }
  }
  throw notCreated(declared, lastError as PinterestApiError);
}

/** How many list calls (each with the client's own retries) may check an unknown create before giving up. */
const RECONCILE_CHECKS = 3;

/** Pause before checking again after a failed check, in ms (times the number of checks so far). */
const RECONCILE_PAUSE_MS = 1000;

/**
 * Lists the account to learn whether a create with an unknown outcome took effect. A failed check is repeated:
 * giving up leaves an audience that may exist unrecorded, and the next `up` would create it a second time.
 */
async function listToReconcile(client: PinterestClient, declared: AudienceInputs, createError: PinterestApiError): Promise<ApiAudience[]> {
  for (let check = 1; ; check++) {
    try {
      return await client.audiences.list(declared.adAccountId);
    } catch (listError) {
      if (check >= RECONCILE_CHECKS) throw unknownOutcome(declared, createError, listError, check);
      await new Promise((resolve) => setTimeout(resolve, RECONCILE_PAUSE_MS * check));
    }
  }
}

/** What Pinterest answered, in a few words: "HTTP 503", "no answer in time", "a broken connection". */
function answerOf(error: PinterestApiError): string {
  if (error.status !== undefined) return `HTTP ${error.status}`;
  return error.kind === "timeout" ? "no answer in time" : "a broken connection";
}

/** Pinterest's own code and message, as " Pinterest says (code 1): …", or "". */
function pinterestSays(error: PinterestApiError): string {
  const code = error.code !== undefined ? ` (code ${error.code})` : "";
  if (error.apiMessage !== undefined) return ` Pinterest says${code}: ${error.apiMessage}`;
  return error.code !== undefined ? ` Pinterest error code ${error.code}.` : "";
}

/** The error of a create whose every attempt had an unknown outcome, each reconciled by a list that found nothing. */
function notCreated(declared: AudienceInputs, error: PinterestApiError): PinterestApiError {
  return new PinterestApiError({
    ...errorFields(error),
    ambiguous: false,
    message:
      `Creating audience "${declared.name}" in ad account ${declared.adAccountId} failed: ${MAX_CREATE_ATTEMPTS} attempts got ${answerOf(error)}.${pinterestSays(error)} ` +
      `Listing the ad account after each attempt found no audience they had created, so none was created: run \`pulumi up\` again later.`,
  });
}

/**
 * The error of a create whose outcome is unknown and could not be checked (listing the account failed too).
 * It cannot carry an id, so the engine records nothing: the message says how to avoid creating the audience twice.
 */
function unknownOutcome(declared: AudienceInputs, createError: PinterestApiError, listError: unknown, checks: number): Error {
  const listMessage = listError instanceof Error ? listError.message : String(listError);
  return new Error(
    `Creating audience "${declared.name}" in ad account ${declared.adAccountId} had an unknown outcome (${answerOf(createError)}${pinterestSays(createError)}), ` +
      `and listing the ad account to check whether it was created failed ${checks} times; the last time: ${listMessage} ` +
      `The audience may exist now. Before running \`pulumi up\` again, look for "${declared.name}" ` +
      `(\`pinterest-audiences list --ad-account ${declared.adAccountId}\` or Ads Manager): if it is there, add \`importId: "<its id>"\` ` +
      `to its declaration so it is adopted instead of created a second time.`,
  );
}

async function adopt(declared: AudienceInputs, importId: string): Promise<ApiAudience> {
  const live = await accountReader().read(declared.adAccountId, importId);
  if (!live) {
    throw new Error(`Cannot adopt audience ${importId}: ad account ${declared.adAccountId} has no such audience. Check importId and adAccountId.`);
  }
  const difference = diffAudience(declarationOf(live) as unknown as AudienceInputs, declared);
  const differing = [...difference.replaces, ...difference.updates];
  if (differing.length > 0) {
    throw new Error(
      `Inputs to adopt audience ${importId} do not match the existing audience: ${differing.join(", ")}. ` +
        `Declare it as it is (\`pinterest-audiences import\` writes the declaration), adopt it, then change it in a later update.`,
    );
  }
  return live;
}

function matchesDeclaration(candidate: ApiAudience, declared: AudienceInputs): boolean {
  const difference = diffAudience(declarationOf(candidate) as unknown as AudienceInputs, declared);
  return difference.replaces.length === 0 && difference.updates.length === 0;
}

/**
 * An error that tells the engine the audience exists although the step failed, so it is recorded, not orphaned.
 * Its properties carry `__provider`: the plugin records them as the outputs as they are, and without it a later
 * refresh or delete of the recorded audience could not load the provider.
 */
function partialFailure(created: ApiAudience, news: PropertyBag, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`Audience ${created.id} was created, but finishing the step failed: ${message}`), {
    id: created.id,
    properties: { ...withoutProvider(news), audienceId: created.id, adAccountId: created.ad_account_id, [PROVIDER_KEY]: news[PROVIDER_KEY] },
    reasons: [message],
  });
}

/**
 * Reads the live audience. On refresh (`props` are recorded outputs) only the outputs change, so drift shows
 * in the next plan and `up` puts the declaration back. On `Audience.get` (`props` are inputs) the live
 * declaration is returned as inputs too. A missing or removed audience returns no id, so Pulumi drops it.
 */
export async function read(id: string, props: PropertyBag): Promise<pulumi.dynamic.ReadResult> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) {
    throw new Error(
      `Cannot read audience ${id}: its ad account id is unknown. Pass it when adopting an audience: ` +
        `Audience.get(name, "${id}", { adAccountId: "<ad account id>" }).`,
    );
  }
  let live: ApiAudience | undefined;
  try {
    live = await accountReader().read(adAccountId, id);
  } catch (error) {
    throw aboutAudience("Reading", subjectOf(props, id), error);
  }
  if (!live) return {};
  const outs = outputsOf(live);
  const isRefresh = typeof props.audienceId === "string";
  return isRefresh ? { id: live.id, props: outs } : { id: live.id, props: outs, inputs: declarationOf(live) };
}

/** Sends Pinterest's update with only what differs between the declaration and the live values: this reconciles drift. */
export async function update(id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.UpdateResult> {
  const declared = asInputs(news);
  const fields = updateRequestFor(declared, asInputs(olds));
  if (!fields) return { outs: withoutProvider(olds) };
  accountReader().wrote(declared.adAccountId, id);
  try {
    const updated = await pinterestClient().audiences.update(declared.adAccountId, id, fields);
    return { outs: outputsOf(updated) };
  } catch (error) {
    throw aboutAudience("Updating", subjectOf(news, id), error);
  }
}

/** Removes the audience (Pinterest's REMOVE operation). An audience already gone counts as deleted. */
export async function remove(id: string, props: PropertyBag): Promise<void> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) throw new Error(`Cannot delete audience ${id}: its state has no adAccountId. Remove it from the state with \`pulumi state delete\`.`);
  accountReader().wrote(adAccountId, id);
  try {
    await pinterestClient().audiences.remove(adAccountId, id);
  } catch (error) {
    if (!isNotFound(error)) throw aboutAudience("Deleting", subjectOf(props, id), error);
  }
}

/** `audience "Name" (123)`, or what is known of it: how errors name the audience a step is about. */
function subjectOf(bag: PropertyBag, id: string | undefined): string {
  const name = stringField(bag, "name");
  if (name === undefined) return `audience ${id ?? "(no id yet)"}`;
  return id ? `audience "${name}" (${id})` : `audience "${name}"`;
}

/** The fields of a {@link PinterestApiError}, to build another one from. */
function errorFields(error: PinterestApiError): PinterestApiErrorInit {
  return {
    message: error.message,
    kind: error.kind,
    operation: error.operation,
    status: error.status,
    code: error.code,
    apiMessage: error.apiMessage,
    adAccountId: error.adAccountId,
    audienceId: error.audienceId,
    retryAfterSeconds: error.retryAfterSeconds,
    ambiguous: error.ambiguous,
    attempts: error.attempts,
  };
}

/**
 * What a Pulumi user does next, where the client's advice does not fit the provider (its options are not
 * settable through stack config; the engine re-runs failed steps on the next `up`), or "".
 */
function pulumiNextStep(error: PinterestApiError): string {
  if (error.status === 429) return " With Pulumi, run `pulumi up` again later (it retries only what failed), or lower `pulumi up --parallel`.";
  const retryable = error.kind === "timeout" || error.kind === "network" || (error.status !== undefined && error.status >= 500);
  if (retryable && (error.operation === "audiences/update" || error.operation === "audiences/remove")) {
    return " With Pulumi, run `pulumi up` again later: it sends the change again, which is safe to repeat.";
  }
  return "";
}

/**
 * The step's error, its message starting with what was being done to which audience (the engine prints only
 * the message), keeping the error's fields, and a partial failure's `id`, `properties` and `reasons`.
 */
function aboutAudience(action: string, subject: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const named = message.includes(subject) ? message : `${action} ${subject} failed: ${message}`;
  if (error instanceof PinterestApiError) {
    const next = pulumiNextStep(error);
    if (named === message && next === "") return error;
    return new PinterestApiError({ ...errorFields(error), message: named + next });
  }
  if (named === message) return error instanceof Error ? error : new Error(message);
  const wrapped = new Error(named, { cause: error });
  if (error instanceof Error) {
    for (const key of ["id", "properties", "reasons"] as const) if (key in error) Object.assign(wrapped, { [key]: (error as unknown as Record<string, unknown>)[key] });
  }
  return wrapped;
}

/** The outputs recorded for an audience: its declaration as Pinterest holds it plus the read-only fields. */
function outputsOf(audience: ApiAudience): PropertyBag {
  return dropUndefined({ ...fromApiAudience(audience) });
}

/** The live audience as a declaration (the inputs an adopted audience starts with). */
function declarationOf(audience: ApiAudience): PropertyBag {
  const declaration: Partial<AudienceInputs> = {
    adAccountId: audience.ad_account_id,
    name: audience.name,
    description: audience.description ?? undefined,
    audienceType: audience.audience_type as AudienceInputs["audienceType"],
    rule: fromApiRule(audience.rule),
  };
  return dropUndefined(declaration);
}

function asInputs(bag: PropertyBag): AudienceInputs {
  return withoutProvider(bag) as unknown as AudienceInputs;
}

function withoutProvider(bag: PropertyBag): PropertyBag {
  const copy: PropertyBag = { ...bag };
  delete copy[PROVIDER_KEY];
  return copy;
}

function stringField(bag: PropertyBag, key: string): string | undefined {
  const value = bag?.[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function isNotFound(error: unknown): boolean {
  return error instanceof PinterestApiError && error.status === 404;
}

function dropUndefined<T extends object>(value: T): PropertyBag {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** Re-exported for outputs' typing in tests. */
export type { AudienceOutputs };
