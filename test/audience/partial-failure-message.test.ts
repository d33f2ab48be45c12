/**
 * A create that succeeded before a later part of the step failed: the engine prints only the error's `reasons`
 * (seen through the real CLI, test/e2e/stand-in-agrees.test.ts), so they carry the whole message — that the
 * audience exists, its id, and what failed — and the error carries the id and the provider code to record it.
 */
import { partialFailure } from "../../provider/audience/create-errors";

test("the reasons of a partial failure say the audience was created, its id, and what failed", () => {
  const news = {
    __provider: "exports.handler = …",
    adAccountId: "549755885175",
    name: "Subscribers",
    audienceType: "CUSTOMER_LIST",
    rule: { customerListId: "1" },
  };
  const error = partialFailure({ id: "2542620639259", name: "Subscribers" } as never, news, new Error("reading it back timed out"));
  const detail = error as Error & { id: string; reasons: string[]; properties: Record<string, unknown> };
  expect(detail.id).toBe("2542620639259");
  expect(detail.reasons).toEqual(["Audience 2542620639259 was created, but finishing the step failed: reading it back timed out"]);
  expect(detail.reasons[0]).toBe(error.message);
  expect(detail.properties).toMatchObject({ audienceId: "2542620639259", adAccountId: "549755885175", __provider: "exports.handler = …" });
});
