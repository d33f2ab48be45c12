/**
 * The plugin process's one Pinterest session, shared by every resource type: the settings from `configure` and
 * the one client (one request pipeline, one rate-limit budget, one token) built from them.
 *
 * The dynamic-provider plugin calls `configure` once per distinct serialised provider, so a stack holding
 * audiences and sharing (or state written by two releases) configures the session several times in one process,
 * possibly while requests are in flight: a repeated `configure` with the same settings keeps the client.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PinterestClient } from "../api/client";
import { ConfigSource, hasCredentials, ProviderSettings, resolveSettings } from "./settings";

interface Session {
  settings: ProviderSettings;
  client?: PinterestClient;
}

let session: Session | undefined;

/** Listeners told when the client is replaced, so per-client caches (e.g. the audience reader) start afresh. */
const onNewClient: (() => void)[] = [];
/** Listeners told when the session itself is replaced (new settings, or a client handed over), not on the client's first use. */
const onNewSession: (() => void)[] = [];

/**
 * Takes the stack configuration: a config source, or the plugin's `{ config }` request. Without it, settings come
 * from the environment. The same settings again keep the current client.
 */
export function configureSession(source: ConfigSource | pulumi.dynamic.ConfigureRequest | undefined): void {
  const config = source && "config" in source ? source.config : source;
  const settings = resolveSettings(config);
  if (session && sameSettings(session.settings, settings)) return;
  replace({ settings });
}

/** Replaces the client (tests and benchmarks). Pass undefined to go back to one built from the configured settings. */
export function useSessionClient(client: PinterestClient | undefined): void {
  // The caller owns the client it hands over (and the one it replaces): nothing is closed here.
  session = { settings: session?.settings ?? resolveSettings(undefined), client };
  notify();
  for (const listener of onNewSession) listener();
}

/** The client, built on first use from the configured settings (its first request says what to set when credentials are missing). */
export function sessionClient(): PinterestClient {
  if (!session) configureSession(undefined);
  const current = session as Session;
  if (!current.client) {
    // Loaded on first use: a preview (check and diff only) never loads the HTTP client and node-fetch.
    const { PinterestClient: Client } = require("../api/client") as typeof import("../api/client");
    current.client = new Client({ ...current.settings });
    notify();
  }
  return current.client;
}

/** Whether the configured settings can authenticate (an access token, or a refresh token with the app's id and secret). */
export function sessionHasCredentials(): boolean {
  if (!session) configureSession(undefined);
  return session?.client !== undefined || hasCredentials((session as Session).settings);
}

/** Registers `listener`, called whenever the session's client is replaced (also when it is first built). */
export function onSessionClientChange(listener: () => void): void {
  onNewClient.push(listener);
}

/**
 * Registers `listener`, called whenever the session is replaced: `configure` with other settings, or a client handed
 * over (tests). Not when the client is first built: what a command noted before its first request stays.
 */
export function onSessionChange(listener: () => void): void {
  onNewSession.push(listener);
}

function replace(next: Session): void {
  if (session?.client && session.client !== next.client) session.client.close();
  session = next;
  notify();
  for (const listener of onNewSession) listener();
}

function notify(): void {
  for (const listener of onNewClient) listener();
}

function sameSettings(a: ProviderSettings, b: ProviderSettings): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ProviderSettings>;
  return [...keys].every((key) => a[key] === b[key]);
}
