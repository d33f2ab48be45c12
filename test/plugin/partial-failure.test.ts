/**
 * A step that failed after a write took effect (provider/plugin/partial-failure.ts): the error carries the id, the
 * outputs with the provider to record, and the reasons the engine prints, whether the step gives a message or its
 * own error (which keeps its class and fields).
 */
import { PinterestApiError } from "../../provider/api/errors";
import { recordedDespiteFailure } from "../../provider/plugin/partial-failure";

const news = { __provider: "the serialised provider", adAccountId: "549755885175", name: "Buyers" };

test("from a message: a new Error with the id, the outputs and the provider, and the message as its one reason", () => {
  const failed = recordedDespiteFailure("Audience 7 was created, but reading it back failed.", "7", { name: "Buyers" }, news);
  expect(failed).toBeInstanceOf(Error);
  expect(failed.message).toBe("Audience 7 was created, but reading it back failed.");
  expect(failed.id).toBe("7");
  expect(failed.properties).toEqual({ name: "Buyers", __provider: "the serialised provider" });
  expect(failed.reasons).toEqual([failed.message]);
});

test("from the step's own error: the same object, its class and fields kept, the record added", () => {
  const error = new PinterestApiError({
    kind: "http",
    operation: "audiences/share_with_ad_accounts",
    status: 503,
    message: "Sharing failed: HTTP 503.",
  });
  const failed = recordedDespiteFailure(error, "9", { recipientAdAccountIds: ["111"] }, news);
  expect(failed).toBe(error);
  expect(failed).toBeInstanceOf(PinterestApiError);
  expect((failed as unknown as PinterestApiError).status).toBe(503);
  expect(failed.properties).toEqual({ recipientAdAccountIds: ["111"], __provider: "the serialised provider" });
  expect(failed.reasons).toEqual(["Sharing failed: HTTP 503."]);
});
