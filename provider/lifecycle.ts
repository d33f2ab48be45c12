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
import { PinterestApiError } from "./api/errors";
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
  const created = importId ? await adopt(declared, importId) : await createOnce(declared);
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
  let lastError: unknown;
  for (let attempt = 1; attempt <= MAX_CREATE_ATTEMPTS; attempt++) {
    const startedAt = Math.floor(Date.now() / 1000) - CLOCK_SKEW_SECONDS;
    try {
      return await client.audiences.create(declared.adAccountId, toCreateRequest(declared));
    } catch (error) {
      if (!(error instanceof PinterestApiError) || !error.ambiguous) throw error;
      lastError = error;
      const matches = (await client.audiences.list(declared.adAccountId)).filter(
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
  throw lastError;
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
  const live = await accountReader().read(adAccountId, id);
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
  const updated = await pinterestClient().audiences.update(declared.adAccountId, id, fields);
  return { outs: outputsOf(updated) };
}

/** Removes the audience (Pinterest's REMOVE operation). An audience already gone counts as deleted. */
export async function remove(id: string, props: PropertyBag): Promise<void> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) throw new Error(`Cannot delete audience ${id}: its state has no adAccountId. Remove it from the state with \`pulumi state delete\`.`);
  accountReader().wrote(adAccountId, id);
  try {
    await pinterestClient().audiences.remove(adAccountId, id);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
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
