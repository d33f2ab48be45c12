/**
 * An update is judged by what Pinterest holds, not by what its PATCH answered. The description leaves the answer
 * open, and the Python SDK's `update_fields` reads the audience again with a GET rather than trust it. Under each
 * reading of the answer (`patchAnswer`: the audience as it now is, as it was before the change, or without its rule)
 * and each reading of rule updates (replaced, or merged into the old rule):
 *
 * - rules replaced: the update succeeds and records the audience as Pinterest now holds it; an answer that shows
 *   the declaration costs no read, any other answer exactly one GET;
 * - rules merged: the update fails naming the rule field Pinterest kept (confirmed by that GET), and records the
 *   audience as Pinterest holds it.
 */
import { startEmulator, type Emulator, type ServerBehaviour } from "../../emulator";
import * as lifecycle from "../../provider/audience/lifecycle";
import { PinterestClient } from "../../provider/api/client";

const ACCOUNT = "549755885175";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 } });
  lifecycle.useClient(new PinterestClient({ accessToken: emulator.accessToken, baseUrl: emulator.url }));
});
afterAll(async () => {
  lifecycle.useClient(undefined);
  await emulator.stop();
});

const BEFORE = {
  adAccountId: ACCOUNT,
  name: "Checkout visitors",
  audienceType: "VISITOR",
  rule: { visitorSourceId: "2542620639259", event: "checkout", retentionDays: 30 },
  __provider: "serialised provider text",
};
/** Renamed, `event` removed, `retentionDays` changed. */
const AFTER = { ...BEFORE, name: "Visitors", rule: { visitorSourceId: "2542620639259", retentionDays: 60 } };

const ANSWERS: ServerBehaviour["patchAnswer"][] = ["current", "stale", "partial"];

describe.each(ANSWERS)("a PATCH answering the %s audience", (patchAnswer) => {
  afterEach(() => emulator.setBehaviour({ patchAnswer: "current", ruleUpdates: "replace" }));

  test("with rules replaced, the update succeeds and records what Pinterest now holds", async () => {
    emulator.setBehaviour({ patchAnswer, ruleUpdates: "replace" });
    const created = await lifecycle.create(BEFORE);
    const gets = emulator.counters().byOperation.get;
    const updated = await lifecycle.update(created.id, { ...created.outs }, AFTER);
    expect(updated.outs).toMatchObject({ name: "Visitors", rule: { visitorSourceId: "2542620639259", retentionDays: 60 } });
    expect(updated.outs?.rule).not.toHaveProperty("event");
    expect(emulator.counters().byOperation.get - gets).toBe(patchAnswer === "current" ? 0 : 1);
    expect((await lifecycle.diff(created.id, { ...updated.outs }, AFTER)).changes).toBe(false);
  });

  test("with rules merged, the update fails naming the rule field Pinterest kept, and records it", async () => {
    emulator.setBehaviour({ patchAnswer, ruleUpdates: "merge" });
    const created = await lifecycle.create(BEFORE);
    const failure = await lifecycle.update(created.id, { ...created.outs }, AFTER).then(
      () => undefined,
      (error: unknown) => error as Error & { id?: string; properties?: Record<string, unknown> },
    );
    expect(failure?.message).toMatch(/did not take effect: after the update Pinterest still differs from the declaration in rule\.event \(/);
    expect(failure?.message).toContain("Pinterest kept rule.event, which the declaration removed: it merged the new rule into the old one");
    expect(failure?.id).toBe(created.id);
    expect(failure?.properties).toMatchObject({ name: "Visitors", rule: { event: "checkout", retentionDays: 60 } });
  });
});
