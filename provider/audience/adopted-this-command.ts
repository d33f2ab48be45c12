/**
 * The audiences that declarations of this command's program adopt (`importId`), so that a delete in the same command
 * does not remove them.
 *
 * Renaming an `Audience` that adopts an audience (or moving it into a component) without an alias makes Pulumi
 * create the new resource, adopting the same audience, and delete the old one; if that `up` fails part-way, the
 * delete comes in a later `up`, where the new resource is unchanged. Pulumi starts one plugin process per command and
 * checks every resource of the program before it deletes those no longer in it, so an audience that a check of this
 * process saw adopted is one the program still wants: the old resource's delete leaves it. A `destroy` checks
 * nothing, so it removes the audience as usual. A new session (other settings; a client handed over in tests)
 * starts afresh.
 */
import { onSessionChange } from "../plugin/session";

const adopted = new Set<string>();
onSessionChange(() => adopted.clear());

/** A declaration of this command's program adopts audience `id`. */
export function adoptedThisCommand(id: string): void {
  adopted.add(id);
}

/** Whether a declaration of this command's program adopts audience `id`. */
export function isAdoptedThisCommand(id: string): boolean {
  return adopted.has(id);
}

/** What a delete that leaves an audience adopted by a declaration of this command says; `subject` names the audience. */
export function leftInPlaceNotice(subject: string): string {
  return (
    `Deleting ${subject} leaves it in place: another Audience of this program adopts it with importId (a renamed or replaced resource). ` +
    "To rename a resource without deleting it, give it an alias."
  );
}
