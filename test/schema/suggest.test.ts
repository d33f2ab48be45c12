/**
 * Issue 19, item 9: a value outside an enum gets the allowed value it most likely means: a schema alias
 * (`x-aliases`: LOOKALIKE is Pinterest's ACTALIKE), or one written nearly the same; nothing for a value far from all.
 */
import { suggestValue } from "../../provider/schema/suggest";
import { validateDeclaration } from "../../provider/schema/validate";

const TYPES = ["CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE"];

test.each([
  ["LOOKALIKE", "ACTALIKE"],
  ["lookalike", "ACTALIKE"],
  ["visitor", "VISITOR"],
  ["customer-list", "CUSTOMER_LIST"],
  ["CUSTOMERLIST", "CUSTOMER_LIST"],
  ["Engagment", "ENGAGEMENT"],
])("%s -> %s", (given, expected) => {
  expect(suggestValue(given, TYPES, { LOOKALIKE: "ACTALIKE" })).toBe(expected);
});

test.each(["PERSONA", "FOO", ""])("no suggestion for %p", (given) => {
  expect(suggestValue(given, TYPES, { LOOKALIKE: "ACTALIKE" })).toBeUndefined();
});

test("an alias naming a value the enum does not allow is not suggested", () => {
  expect(suggestValue("LOOKALIKE", ["VISITOR"], { LOOKALIKE: "ACTALIKE" })).toBeUndefined();
});

test("the check failure carries the hint, from schema.json's own aliases", () => {
  const [failure] = validateDeclaration({ adAccountId: "549755885175", name: "n", audienceType: "LOOKALIKE", rule: {} });
  expect(failure).toEqual({ property: "audienceType", reason: expect.stringMatching(/got "LOOKALIKE" \(did you mean ACTALIKE\?\)$/) });
});
