/**
 * Persistence of the emulator's state in a JSON file, so a demo survives a restart.
 * Writes go to a temporary file that is renamed over the old one, so a crash never leaves half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { OAuthApp } from "./auth";
import type { SharingSnapshot } from "./sharing";
import type { StoreSnapshot } from "./store";
import type { CustomerListSnapshot } from "./customer-lists";

/** Version of the state file format. */
export const STATE_VERSION = 1;

/** What the state file holds. The tokens are the emulator's own fake credentials. */
export interface EmulatorState {
  /** Format version. */
  version: typeof STATE_VERSION;
  /** The audiences. */
  store: StoreSnapshot;
  /** Who the audiences are shared with, and the accounts outside the hierarchy (absent in files written before sharing). */
  sharing?: SharingSnapshot;
  /** The customer lists (absent in files written before them). */
  customerLists?: CustomerListSnapshot;
  /** The access token the emulator printed at first start. */
  accessToken: string;
  /** The OAuth app and refresh token. */
  oauth: OAuthApp;
  /** Every issued access token and when it expires. */
  tokens: { token: string; expiresAtMs: number }[];
}

/** Reads a state file; undefined when it does not exist. Throws when it exists but cannot be used. */
export function loadState(path: string): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Emulator state file ${path} is not valid JSON (${(error as Error).message}); fix or delete it to start empty.`);
  }
  const state = parsed as Partial<EmulatorState> | null;
  if (
    !state ||
    state.version !== STATE_VERSION ||
    !state.store ||
    !Array.isArray(state.store.audiences) ||
    !state.oauth ||
    !Array.isArray(state.tokens)
  ) {
    throw new Error(`Emulator state file ${path} is not a version ${STATE_VERSION} emulator state; delete it to start empty.`);
  }
  return state as EmulatorState;
}

/** Writes the state atomically (temporary file, then rename). */
export function saveState(path: string, state: EmulatorState): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n", { encoding: "utf8", mode: 0o600 });
  renameSync(tmp, path);
}
