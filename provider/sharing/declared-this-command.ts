/**
 * The recipients the sharing declarations of this command's program name, so that a delete in the same command does
 * not take them away.
 *
 * Renaming an `AudienceSharing` (or moving it into a component) without an alias makes Pulumi create the new
 * resource and delete the old one, both for the same audience, often with the same recipients; if that `up` fails
 * part-way, the delete comes in a later `up`, where the new resource is unchanged. Pulumi starts one plugin process per
 * command and checks every resource of the program before it deletes those no longer in it, so a recipient that a
 * check of this process declared is one the program still wants: the old resource's delete leaves it. A `destroy`
 * checks nothing, so it revokes every recipient as usual. A new session (other settings; a client handed over in
 * tests) starts afresh.
 */
import { onSessionChange } from "../plugin/session";
import type { RecipientField } from "./model";

const declared = new Map<string, Set<string>>();
onSessionChange(() => declared.clear());

function keyOf(audienceId: string, field: RecipientField): string {
  return `${audienceId}\u0000${field}`;
}

/** A sharing declaration of this command's program gives audience `audienceId` to `ids` (of the kind `field`). */
export function declaredThisCommand(audienceId: string, field: RecipientField, ids: readonly string[]): void {
  const key = keyOf(audienceId, field);
  const set = declared.get(key) ?? new Set<string>();
  for (const id of ids) set.add(id);
  declared.set(key, set);
}

/** Splits the recipients a delete would revoke into those to revoke and those a declaration of this command names. */
export function splitByDeclared(audienceId: string, field: RecipientField, ids: readonly string[]): { revoke: string[]; keep: string[] } {
  const set = declared.get(keyOf(audienceId, field));
  return { revoke: ids.filter((id) => !set?.has(id)), keep: ids.filter((id) => set?.has(id) === true) };
}
