/**
 * Deleting an audience that a create of the same command adopted (`importId`): the old half of a resource renamed
 * without an alias. The delete sends no REMOVE and says why; an audience a create of the command made (not adopted)
 * is removed as usual, and a new session client (a new command's settings) forgets what was adopted.
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

const declaration = (name: string, rule: string) => ({ adAccountId: ACCOUNT, name, audienceType: "CUSTOMER_LIST", rule: { customerListId: rule }, __provider: "x" });
const live = (id: string): boolean => emulator.audiences(ACCOUNT).some((a) => a.id === id);

test("adopted by a create of this command: no REMOVE, the audience stays, and the output says why", async () => {
  const id = emulator.seedAudience(ACCOUNT, { name: "Kept", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } }).id;
  const adopted = await lifecycle.create({ ...declaration("Kept", "77"), importId: id });
  expect(adopted.id).toBe(id);
  await lifecycle.remove(id, adopted.outs);
  expect(emulator.counters().byOperation.remove).toBe(0);
  expect(live(id)).toBe(true);
  expect(printed.join("")).toBe(
    `Deleting audience "Kept" (${id}) leaves it in place: another Audience adopted it in this update (a renamed or replaced resource with the same importId). ` +
      "To rename a resource without deleting it, give it an alias.\n",
  );
});

test("made (not adopted) by a create of this command, or adopted under another session client: removed", async () => {
  const made = await lifecycle.create(declaration("Made", "78"));
  await lifecycle.remove(made.id, made.outs);
  expect(live(made.id)).toBe(false);

  const id = emulator.seedAudience(ACCOUNT, { name: "Adopted", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "79" } }).id;
  const adopted = await lifecycle.create({ ...declaration("Adopted", "79"), importId: id });
  lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
  await lifecycle.remove(id, adopted.outs);
  expect(emulator.counters().byOperation.remove).toBe(2);
  expect(live(id)).toBe(false);
  expect(printed.join("")).toBe("");
});
