/**
 * The errors of a step whose resource lacks the ad account id every request needs, for every resource type: a
 * `get` that did not pass it, or a state that lost it.
 */

/** How a resource type names what a step is about and how its `get` is called. */
export interface LookupCall {
  /** What is read, e.g. "audience 123" or "the sharing of audience 123". */
  subject: string;
  /** When the caller passes the ad account, e.g. "adopting an audience". */
  when: string;
  /** The `get` call to write, e.g. `Audience.get(name, "123", { adAccountId: "<ad account id>" })`. */
  call: string;
}

/** The error of a read (refresh or `get`) with no ad account id. */
export function adAccountUnknownOnRead(lookup: LookupCall): Error {
  return new Error(`Cannot read ${lookup.subject}: its ad account id is unknown. Pass it when ${lookup.when}: ${lookup.call}.`);
}

/** The error of a delete whose state has no ad account id: only the state can be mended. */
export function adAccountUnknownOnDelete(subject: string): Error {
  return new Error(`Cannot delete ${subject}: its state has no adAccountId. Remove it from the state with \`pulumi state delete\`.`);
}
