/**
 * The audience lifecycle: what the thin `AudienceProvider` (serialised into the state) calls at run time.
 *
 * This module is loaded in the dynamic-provider plugin through the stable specifier
 * `pulumi-pinterest-audiences/dynamic`. State written by any release calls these exported functions
 * by name, so their names and argument shapes are a compatibility contract: keep them, add to them.
 */
import type * as pulumi from "@pulumi/pulumi";
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
import { ConfigSource, hasCredentials, MISSING_CREDENTIALS_MESSAGE, ProviderSettings, resolveSettings } from "./settings";
import { validateDeclaration } from "./validate";

/** The key under which Pulumi keeps the serialised provider in every resource's properties. */
const PROVIDER_KEY = "__provider";

/** Property bags as the plugin hands them over: declared inputs or recorded outputs, plus `__provider`. */
export type PropertyBag = Record<string, unknown>;

/** Per-process state: the settings from `configure` and the one client built from them. */
interface Session {
  settings: ProviderSettings;
  client?: PinterestClient;
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

/** The client, built on first use from the configured settings. Throws a clear error when there are no credentials. */
export function pinterestClient(): PinterestClient {
  if (!session) configure(undefined);
  const current = session as Session;
  if (!current.client) {
    if (!hasCredentials(current.settings)) throw new Error(MISSING_CREDENTIALS_MESSAGE);
    const { accessToken, refreshToken, appId, appSecret, apiUrl } = current.settings;
    current.client = new PinterestClient({ accessToken, refreshToken, appId, appSecret, baseUrl: apiUrl });
  }
  return current.client;
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

/** Creates the audience and returns Pinterest's view of it as outputs. */
export async function create(news: PropertyBag): Promise<pulumi.dynamic.CreateResult> {
  const declared = asInputs(news);
  const created = await pinterestClient().audiences.create(declared.adAccountId, toCreateRequest(declared));
  return { id: created.id, outs: outputsOf(created) };
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
  let live: ApiAudience;
  try {
    live = await pinterestClient().audiences.get(adAccountId, id);
  } catch (error) {
    if (isNotFound(error)) return {};
    throw error;
  }
  const outs = outputsOf(live);
  const isRefresh = typeof props.audienceId === "string";
  return isRefresh ? { id: live.id, props: outs } : { id: live.id, props: outs, inputs: declarationOf(live) };
}

/** Sends Pinterest's update with only what differs between the declaration and the live values: this reconciles drift. */
export async function update(id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.UpdateResult> {
  const declared = asInputs(news);
  const fields = updateRequestFor(declared, asInputs(olds));
  if (!fields) return { outs: withoutProvider(olds) };
  const updated = await pinterestClient().audiences.update(declared.adAccountId, id, fields);
  return { outs: outputsOf(updated) };
}

/** Removes the audience (Pinterest's REMOVE operation). An audience already gone counts as deleted. */
export async function remove(id: string, props: PropertyBag): Promise<void> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) throw new Error(`Cannot delete audience ${id}: its state has no adAccountId. Remove it from the state with \`pulumi state delete\`.`);
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
