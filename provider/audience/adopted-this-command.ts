/**
 * The audiences that declarations of this command's program adopt (`importId`), so that a delete in the same command
 * does not remove them (see ../plugin/this-command.ts).
 *
 * Renaming an `Audience` that adopts an audience (or moving it into a component) without an alias makes Pulumi
 * create the new resource, adopting the same audience, and delete the old one; if that `up` fails part-way, the
 * delete comes in a later `up`, where the new resource is unchanged and only checked.
 */
import { NotedThisCommand } from "../plugin/this-command";

const adopted = new NotedThisCommand();

/** A declaration of this command's program adopts audience `id`. */
export function adoptedThisCommand(id: string): void {
  adopted.note(id);
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
