/**
 * The emulator's named operations and their rate-limit categories.
 */
import type { RateLimitCategory } from "../provider/api/types";

/**
 * An operation the emulator answers: the four audience calls (PATCH with REMOVE is `remove`), the three
 * audience-sharing calls, the four customer list calls, and the OAuth token call.
 */
export type Operation =
  | "list"
  | "get"
  | "create"
  | "update"
  | "remove"
  | "audiences/share_with_ad_accounts"
  | "audiences/share_with_businesses"
  | "audiences/shared_accounts"
  | "customer_lists/create"
  | "customer_lists/list"
  | "customer_lists/get"
  | "customer_lists/update"
  | "token";

/** Every operation, in a stable order. */
export const OPERATIONS: readonly Operation[] = [
  "list",
  "get",
  "create",
  "update",
  "remove",
  "audiences/share_with_ad_accounts",
  "audiences/share_with_businesses",
  "audiences/shared_accounts",
  "customer_lists/create",
  "customer_lists/list",
  "customer_lists/get",
  "customer_lists/update",
  "token",
];

/** Rate-limit category of each audience operation (`token` is not limited). */
export const CATEGORY: Readonly<Record<Operation, RateLimitCategory | undefined>> = {
  list: "ads_read",
  get: "ads_read",
  create: "ads_write",
  update: "ads_write",
  remove: "ads_write",
  "audiences/share_with_ad_accounts": "ads_write",
  "audiences/share_with_businesses": "ads_write",
  "audiences/shared_accounts": "ads_read",
  "customer_lists/create": "ads_write",
  "customer_lists/list": "ads_read",
  "customer_lists/get": "ads_read",
  "customer_lists/update": "ads_write",
  token: undefined,
};

/** The sharing PATCHes (share with ad accounts, share with businesses). */
export function isSharingWrite(op: Operation): boolean {
  return op === "audiences/share_with_ad_accounts" || op === "audiences/share_with_businesses";
}

/** Operations that change audiences, who they are shared with, or customer lists (commit-then-drop faults apply to them). */
export function isWrite(op: Operation): boolean {
  return (
    op === "create" || op === "update" || op === "remove" || isSharingWrite(op) || op === "customer_lists/create" || op === "customer_lists/update"
  );
}

/** Operations whose answers are audiences or pages of them (behaviour switches reshape those). */
export function answersAudiences(op: Operation): boolean {
  return op === "list" || op === "get" || op === "create" || op === "update" || op === "remove";
}
