/**
 * The emulator's named operations and their rate-limit categories.
 */
import type { RateLimitCategory } from "../provider/api/types";

/** An operation the emulator answers: the four audience calls (PATCH with REMOVE is `remove`) and the OAuth token call. */
export type Operation = "list" | "get" | "create" | "update" | "remove" | "token";

/** Every operation, in a stable order. */
export const OPERATIONS: readonly Operation[] = ["list", "get", "create", "update", "remove", "token"];

/** Rate-limit category of each audience operation (`token` is not limited). */
export const CATEGORY: Readonly<Record<Operation, RateLimitCategory | undefined>> = {
  list: "ads_read",
  get: "ads_read",
  create: "ads_write",
  update: "ads_write",
  remove: "ads_write",
  token: undefined,
};

/** Operations that change audiences. */
export function isWrite(op: Operation): boolean {
  return op === "create" || op === "update" || op === "remove";
}
