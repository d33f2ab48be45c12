/**
 * Deleting an audience that a declaration checked in the same command adopts (`importId`): the old half of a resource
 * renamed without an alias. The delete sends no REMOVE and says why; an audience no declaration adopts is removed as
 * usual (also one a create of the command made), and a new session client (a new command's settings) forgets.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { PinterestClient } from "../../provider/api/client";
import * as lifecycle from "../../provider/audience/lifecycle";

const ACCOUNT = "549755885175";
let emulator: Emulator;

let printed: string[] = [];
beforeEach(() => {
  printed = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  emulator.resetCounters();
  lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
});
afterEach(() => jest.restoreAllMocks());

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
});
afterAll(async () => {
  lifecycle.useClient(undefined);
  await emulator.stop();
});

const declaration = (name: string, rule: string) => ({
  adAccountId: ACCOUNT,
  name,
  audienceType: "CUSTOMER_LIST",
  rule: { customerListId: rule },
  __provider: "x",
});
const live = (id: string): boolean => emulator.audiences(ACCOUNT).some((a) => a.id === id);

test("adopted by a declaration of this command (checked, already in the stack): no REMOVE, the audience stays, and the output says why", async () => {
  const id = emulator.seedAudience(ACCOUNT, { name: "Kept", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } }).id;
  const adopting = { ...declaration("Kept", "77"), importId: id };
  expect((await lifecycle.check(adopting, adopting)).failures).toEqual([]);
  const adopted = await lifecycle.create(adopting);
  expect(adopted.id).toBe(id);
  await lifecycle.remove(id, adopted.outs);
  expect(emulator.counters().byOperation.remove).toBe(0);
  expect(live(id)).toBe(true);
  expect(printed.join("")).toBe(
    `Deleting audience "Kept" (${id}) leaves it in place: another Audience of this program adopts it with importId (a renamed or replaced resource). ` +
      "To rename a resource without deleting it, give it an alias.\n",
  );
});

test("made (not adopted), adopted by a create alone or by an invalid declaration, or adopted under another session client: removed", async () => {
  const made = await lifecycle.create(declaration("Made", "78"));
  await lifecycle.remove(made.id, made.outs);
  expect(live(made.id)).toBe(false);

  const alone = emulator.seedAudience(ACCOUNT, { name: "Alone", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "80" } }).id;
  expect((await lifecycle.check({}, { ...declaration("Alone", "80"), importId: alone, audienceType: "NOT_A_TYPE" })).failures).not.toEqual([]);
  const adoptedAlone = await lifecycle.create({ ...declaration("Alone", "80"), importId: alone });
  await lifecycle.remove(alone, adoptedAlone.outs);
  expect(live(alone)).toBe(false);

  const id = emulator.seedAudience(ACCOUNT, { name: "Adopted", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "79" } }).id;
  const adopting = { ...declaration("Adopted", "79"), importId: id };
  await lifecycle.check(adopting, adopting);
  const adopted = await lifecycle.create(adopting);
  lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
  await lifecycle.remove(id, adopted.outs);
  expect(emulator.counters().byOperation.remove).toBe(3);
  expect(live(id)).toBe(false);
  expect(printed.join("")).toBe("");
});
