/**
 * What the checks of this command's program declared, for a delete in the same command to leave in place: the rename
 * guards of every resource type (a renamed resource without an alias is a create of the new and a delete of the old,
 * for the same Pinterest object).
 *
 * Pulumi starts one plugin process per command and checks every resource of the program before it deletes those no
 * longer in it, so what a check of this process saw declared is what the program still wants (both facts are checked
 * through the real CLI by test/e2e/renamed-resources.test.ts). A `destroy` checks nothing, so its deletes find nothing
 * noted. A new session (other settings; a client handed over in tests) starts afresh.
 */
import { onSessionChange } from "./session";

/** Keys noted by this command's checks; emptied when the session changes. */
export class NotedThisCommand {
  private readonly keys = new Set<string>();

  constructor() {
    onSessionChange(() => this.keys.clear());
  }

  /** Notes that a declaration checked in this command names `key`. */
  note(key: string): void {
    this.keys.add(key);
  }

  /** Whether a declaration checked in this command names `key`. */
  has(key: string): boolean {
    return this.keys.has(key);
  }
}
