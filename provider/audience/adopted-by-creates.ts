/**
 * The audiences that creates in this plugin process adopted (`importId`), so that a delete in the same command does
 * not remove them.
 *
 * Renaming an `Audience` that adopts an audience (or moving it into a component) without an alias makes Pulumi
 * create the new resource, adopting the same audience, and at the end of the same command delete the old one.
 * Pulumi starts one plugin process per command and runs those deletes after every create, so deleting an audience
 * a create of this process adopted is the old half of such a rename: the audience stays. A later command (a new
 * process) removes it as usual. A new session client (new settings; tests) starts afresh.
 */
import { onSessionClientChange } from "../engine/session";

const adopted = new Set<string>();
onSessionClientChange(() => adopted.clear());

/** A create of this process adopted audience `id`. */
export function adoptedByCreate(id: string): void {
  adopted.add(id);
}

/** Whether a create of this process adopted audience `id`. */
export function isAdoptedByCreate(id: string): boolean {
  return adopted.has(id);
}

/** What a delete that leaves an audience adopted by a create of this command says; `subject` names the audience. */
export function leftInPlaceNotice(subject: string): string {
  return (
    `Deleting ${subject} leaves it in place: another Audience adopted it in this update (a renamed or replaced resource with the same importId). ` +
    "To rename a resource without deleting it, give it an alias."
  );
}
