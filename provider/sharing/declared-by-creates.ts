/**
 * The recipients that sharing creates in this plugin process declared, so that a delete in the same command does
 * not take them away.
 *
 * Renaming an `AudienceSharing` (or moving it into a component) without an alias makes Pulumi create the new
 * resource and, at the end of the same command, delete the old one: both for the same audience, often with the
 * same recipients. Pulumi starts one plugin process per command and runs those deletes after every create, so a
 * recipient that a create of this process declared is one the program still wants: the old resource's delete
 * leaves it. A later command (a new process) that deletes the new resource revokes it as usual. A new session
 * client (new settings; tests) starts afresh.
 */
import { onSessionClientChange } from "../engine/session";
import type { RecipientField } from "./model";

const declared = new Map<string, Set<string>>();
onSessionClientChange(() => declared.clear());

function keyOf(audienceId: string, field: RecipientField): string {
  return `${audienceId}\u0000${field}`;
}

/** A create of this process made `ids` (of the kind `field`) hold audience `audienceId`, as declared. */
export function declaredByCreate(audienceId: string, field: RecipientField, ids: readonly string[]): void {
  const key = keyOf(audienceId, field);
  const set = declared.get(key) ?? new Set<string>();
  for (const id of ids) set.add(id);
  declared.set(key, set);
}

/** Splits the recipients a delete would revoke into those to revoke and those a create of this process declared. */
export function splitByCreates(audienceId: string, field: RecipientField, ids: readonly string[]): { revoke: string[]; keep: string[] } {
  const set = declared.get(keyOf(audienceId, field));
  return { revoke: ids.filter((id) => !set?.has(id)), keep: ids.filter((id) => set?.has(id) === true) };
}
