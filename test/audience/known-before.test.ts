/**
 * The listing a create takes before it is sent (provider/audience/known-before.ts): creates within a second of a
 * listing's start share it, a later create gets a new one, and a failed listing is not served to later creates.
 */
import type { ApiAudience } from "../../provider/api/types";
import { AccountListings, MAX_LISTING_AGE_MS } from "../../provider/audience/known-before";

const ACCOUNT = "549755885175";
const audience = (id: string): ApiAudience => ({ id, name: id, audience_type: "CUSTOMER_LIST", rule: {} }) as unknown as ApiAudience;

function setUp(answers: (() => Promise<ApiAudience[]>)[]): { listings: AccountListings; calls: string[]; clock: { ms: number } } {
  const calls: string[] = [];
  const clock = { ms: 1_000_000 };
  const listings = new AccountListings(
    async (account) => {
      calls.push(account);
      const answer = answers.shift();
      if (!answer) throw new Error("no answer scripted");
      return answer();
    },
    () => clock.ms,
  );
  return { listings, calls, clock };
}

test("creates asking within the age limit of a listing's start share it, in flight or done; one asking later gets a new one", async () => {
  const { listings, calls, clock } = setUp([async () => [audience("1")], async () => [audience("1"), audience("2")]]);
  const first = listings.knownBefore(ACCOUNT);
  clock.ms += 10;
  const second = listings.knownBefore(ACCOUNT);
  expect([...(await first)]).toEqual(["1"]);
  clock.ms += MAX_LISTING_AGE_MS - 10;
  expect([...(await listings.knownBefore(ACCOUNT))]).toEqual(["1"]);
  expect(await second).toBe(await first);
  expect(calls).toHaveLength(1);
  clock.ms += 1;
  expect([...(await listings.knownBefore(ACCOUNT))].sort()).toEqual(["1", "2"]);
  expect(calls).toHaveLength(2);
});

test("listings are per ad account", async () => {
  const { listings, calls } = setUp([async () => [audience("1")], async () => [audience("9")]]);
  expect([...(await listings.knownBefore(ACCOUNT))]).toEqual(["1"]);
  expect([...(await listings.knownBefore("999"))]).toEqual(["9"]);
  expect(calls).toEqual([ACCOUNT, "999"]);
});

test("a failed listing fails the creates that shared it, and the next create lists again", async () => {
  const { listings, calls } = setUp([async () => Promise.reject(new Error("HTTP 503")), async () => [audience("1")]]);
  const a = listings.knownBefore(ACCOUNT);
  const b = listings.knownBefore(ACCOUNT);
  await expect(a).rejects.toThrow("HTTP 503");
  await expect(b).rejects.toThrow("HTTP 503");
  expect([...(await listings.knownBefore(ACCOUNT))]).toEqual(["1"]);
  expect(calls).toHaveLength(2);
});

test("an old listing that fails after a newer one began leaves the newer one to the creates that ask next", async () => {
  let failOld!: (error: Error) => void;
  const { listings, calls, clock } = setUp([() => new Promise<ApiAudience[]>((_resolve, reject) => (failOld = reject)), async () => [audience("1")]]);
  const old = listings.knownBefore(ACCOUNT);
  clock.ms += MAX_LISTING_AGE_MS + 1;
  const newer = listings.knownBefore(ACCOUNT);
  failOld(new Error("HTTP 503"));
  await expect(old).rejects.toThrow("HTTP 503");
  clock.ms += 10;
  expect(await listings.knownBefore(ACCOUNT)).toBe(await newer);
  expect(calls).toHaveLength(2);
});
