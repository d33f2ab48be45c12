/**
 * The recipients the sharing declarations of this command's program name, so that a delete in the same command does
 * not take them away (see ../plugin/this-command.ts).
 *
 * Renaming an `AudienceSharing` (or moving it into a component) without an alias makes Pulumi create the new
 * resource and delete the old one, both for the same audience, often with the same recipients; if that `up` fails
 * part-way, the delete comes in a later `up`, where the new resource is unchanged and only checked.
 */
import { NotedThisCommand } from "../plugin/this-command";
import type { RecipientField } from "./model";

const declared = new NotedThisCommand();

function keyOf(audienceId: string, field: RecipientField, id: string): string {
  return `${audienceId}\u0000${field}\u0000${id}`;
}

/** A sharing declaration of this command's program gives audience `audienceId` to `ids` (of the kind `field`). */
export function declaredThisCommand(audienceId: string, field: RecipientField, ids: readonly string[]): void {
  for (const id of ids) declared.note(keyOf(audienceId, field, id));
}

/** Splits the recipients a delete would revoke into those to revoke and those a declaration of this command names. */
export function splitByDeclared(audienceId: string, field: RecipientField, ids: readonly string[]): { revoke: string[]; keep: string[] } {
  const named = (id: string): boolean => declared.has(keyOf(audienceId, field, id));
  return { revoke: ids.filter((id) => !named(id)), keep: ids.filter(named) };
}
