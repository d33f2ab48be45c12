/**
 * The model of one sequence: what the stack declares now, and what the checks must allow for because a person
 * acted by hand or the declaration stopped managing a recipient list. Ids are the live ones (from the state and
 * the emulator); the model never guesses an id.
 */
import type { StateResource } from "../harness";
import { AUDIENCE_SLOTS, isSharingType, SHARING_SLOTS, type StackDecl } from "./declarations";

/** A kind of recipient, by its declared field. */
export type RecipientField = "recipientAdAccountIds" | "recipientBusinessIds";

/** Both kinds of recipient. */
export const RECIPIENT_FIELDS: readonly RecipientField[] = ["recipientAdAccountIds", "recipientBusinessIds"];

/** The key of one recipient of one audience, in `Model.released`. */
export function recipientKey(audienceId: string, field: RecipientField, recipient: string): string {
  return `${audienceId}|${field}|${recipient}`;
}

/** The parts of a `recipientKey`. */
export function parseRecipientKey(key: string): { audienceId: string; field: RecipientField; recipient: string } {
  const [audienceId, field, recipient] = key.split("|");
  return { audienceId, field: field as RecipientField, recipient };
}

/** What one sequence declares and what the checks allow for. */
export class Model {
  /** The declaration the next `up` applies. */
  readonly stack: StackDecl;
  /** Audiences made by hand (the sequence's own one and identical twins): never the stack's. */
  readonly handMade = new Set<string>();
  /** Audiences edited by hand since the last successful refresh: their content may differ from the declaration after `up`. */
  readonly editedByHand = new Set<string>();
  /** Audiences deleted by hand since the last successful refresh: the state may still record them after `up`. */
  readonly deletedByHand = new Set<string>();
  /** Audiences whose recipients changed by hand since the last successful refresh. */
  readonly sharedByHand = new Set<string>();
  /**
   * Recipients the stack shared with and then stopped managing (the declaration left their list out): they are
   * no longer the stack's, and the stack must leave them alone (README: a list left out is neither read nor revoked).
   */
  readonly released = new Set<string>();
  /**
   * Recipients a person revoked (keys as in `released`) since the stack last managed their list: when the declaration
   * then leaves that list out, they are not given up holding the audience, so they are not expected to keep it.
   */
  readonly revokedByHand = new Set<string>();
  private renames = 0;

  /** A model declaring `initial` (copied), or nothing. */
  constructor(initial?: StackDecl) {
    this.stack = initial
      ? (JSON.parse(JSON.stringify(initial)) as StackDecl)
      : { audiences: new Array(AUDIENCE_SLOTS).fill(undefined), sharings: new Array(SHARING_SLOTS).fill(undefined) };
  }

  /** A new Pulumi name for a renamed resource of a slot. */
  renamed(prefix: string): string {
    this.renames += 1;
    return `${prefix}-r${this.renames}`;
  }

  /** A successful refresh brought the state up to date with everything done by hand. */
  refreshed(): void {
    this.editedByHand.clear();
    this.deletedByHand.clear();
    this.sharedByHand.clear();
  }
}

/** The audience resources of a state. */
export function audiencesIn(state: StateResource[]): StateResource[] {
  return state.filter((r) => !isSharingType(r.type));
}

/** The sharing resources of a state. */
export function sharingsIn(state: StateResource[]): StateResource[] {
  return state.filter((r) => isSharingType(r.type));
}

/** The recorded recipient list of one kind of a sharing in the state, or undefined when it is not managed. */
export function recordedList(sharing: StateResource, field: RecipientField): string[] | undefined {
  const value = sharing.outputs[field];
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** The id of the (not pending-delete) resource named `name` in the state. */
export function idOf(state: StateResource[], name: string): string | undefined {
  return state.find((r) => r.name === name && !r.pendingDelete)?.id;
}
