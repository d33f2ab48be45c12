/**
 * Every list field of a rule at its boundaries (empty, one item, an item repeated), through the provider's
 * `check` and through the emulator's create: `check` must accept exactly what the API accepts, so nothing that
 * passes a preview fails at `up`.
 */
import { startEmulator, type Emulator } from "../../emulator";
import * as lifecycle from "../../provider/audience/lifecycle";
import { toCreateRequest, type AudienceInputs } from "../../provider/audience/model";

const ACCOUNT = "549755885175";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
});
afterAll(() => emulator.stop());

/** A declaration of `audienceType` whose rule is `base` with `field` set to `value`. */
function declaration(audienceType: string, base: Record<string, unknown>, field: string, value: unknown): AudienceInputs {
  return { adAccountId: ACCOUNT, name: `${field} boundary`, audienceType, rule: { ...base, [field]: value } } as AudienceInputs;
}

/** [rule field, audience type, the rest of a valid rule, the field's value holding `items`, one valid item]. */
const LIST_FIELDS: [string, string, Record<string, unknown>, (items: string[]) => unknown, string][] = [
  ["engagementDomain", "ENGAGEMENT", { engagerType: 1 }, (items) => items, "www.example.com"],
  ["pinId", "ENGAGEMENT", { engagerType: 1 }, (items) => items, "34567"],
  ["adId", "ENGAGEMENT", { engagerType: 1 }, (items) => items, "687201361754"],
  ["campaignId", "ENGAGEMENT", { engagerType: 1 }, (items) => items, "626744528398"],
  ["objectiveType", "ENGAGEMENT", { engagerType: 1 }, (items) => items, "AWARENESS"],
  ["seedId", "ACTALIKE", { country: "US", percentage: 5 }, (items) => items, "2542620639259"],
  ["visitorSourceId", "VISITOR", {}, (items) => items, "2542620639259"],
  ["url", "VISITOR", { visitorSourceId: "1" }, (items) => items, "https://www.example.com/shoe"],
  ["eventSource", "VISITOR", { visitorSourceId: "1" }, (items) => ({ "=": items }), "web"],
  ["ingestionSource", "VISITOR", { visitorSourceId: "1" }, (items) => ({ "=": items }), "tag"],
];

/** Whether the emulator's create accepts the declaration as the provider would send it (status 201 or 200). */
async function emulatorAccepts(inputs: AudienceInputs): Promise<{ accepted: boolean; message: string }> {
  const response = await fetch(`${emulator.url}/ad_accounts/${ACCOUNT}/audiences`, {
    method: "POST",
    headers: { authorization: `Bearer ${emulator.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify(toCreateRequest(inputs)),
  });
  const body = (await response.json()) as { message?: string };
  return { accepted: response.ok, message: body.message ?? "" };
}

const cases = LIST_FIELDS.flatMap(([field, type, base, shape, item]) => [
  [`${field} empty`, field, declaration(type, base, field, shape([])), false] as const,
  [`${field} with one item`, field, declaration(type, base, field, shape([item])), true] as const,
  [`${field} with an item repeated`, field, declaration(type, base, field, shape([item, item])), true] as const,
]);

test.each(cases)("%s: check and the emulator agree", async (_what, field, inputs, accepted) => {
  const checked = await lifecycle.check({}, { ...inputs, __provider: "serialised provider" });
  const api = await emulatorAccepts(inputs);
  expect({ check: (checked.failures ?? []).length === 0, api: api.accepted }).toEqual({ check: accepted, api: accepted });
  if (!accepted) {
    // The failure names the list (or its operator's list) and says it needs an item.
    expect(checked.failures).toEqual([
      { property: expect.stringMatching(new RegExp(`^rule\\.${field}\\b`)), reason: expect.stringMatching(/one or more/) },
    ]);
    expect(api.message).toMatch(new RegExp(field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)));
  }
});

test("an id given twice is sent once, in the order first given", () => {
  const request = toCreateRequest(declaration("ENGAGEMENT", {}, "pinId", ["2", "1", "2", "1"]));
  expect(request.rule.pin_id).toEqual(["2", "1"]);
  const tags = toCreateRequest(declaration("VISITOR", {}, "visitorSourceId", ["7", "7"]));
  expect(tags.rule.visitor_source_id).toEqual(["7"]);
});
