/**
 * How errors and notices name the audience a step is about.
 */
import { PropertyBag, stringField } from "../plugin/properties";

/** `audience "Name" (123)`, or what is known of it: how errors name the audience a step is about. */
export function subjectOf(bag: PropertyBag, id: string | undefined): string {
  const name = stringField(bag, "name");
  if (name === undefined) return `audience ${id ?? "(no id yet)"}`;
  return id ? `audience "${name}" (${id})` : `audience "${name}"`;
}
