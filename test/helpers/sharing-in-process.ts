/**
 * The `AudienceSharing` lifecycle called in-process (no plugin): per test an emulator with one audience, a proxy in
 * front of it that the test steers request by request, and a client on the proxy with a virtual clock, handed to the
 * lifecycle's session. Call {@link useSharingInProcess} at the top level of a test file: it registers the clean-up.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { PinterestClient } from "../../provider/api/client";
import type { PinterestClientOptions } from "../../provider/api/options";
import { useClient } from "../../provider/sharing/lifecycle";
import { startSteerableProxy, type ProxySteer } from "./steerable-proxy";
import { virtualClock, type RecordedRequest } from "./fake-server";

/** The owner ad account of the seeded audience. */
export const OWNER = "549755885175";

/** Client options of a test that wants every failure to reach the provider at once. */
export const NO_RETRIES: PinterestClientOptions = { maxRetries: 0 };

/** Pinterest refusing a request with `status`, its message naming the status. */
export function refused(status: number): { status: number; body: { code: number; message: string } } {
  return { status, body: { code: status, message: `Refused with ${status}.` } };
}

/** One test's emulator, audience and proxy. */
export interface SharingRig {
  /** The emulator behind the proxy. */
  emulator: Emulator;
  /** The seeded audience's id. */
  audienceId: string;
  /** `{ adAccountId, audienceId }` of the seeded audience. */
  base: { adAccountId: string; audienceId: string };
  /** Decides what the proxy does with each request from now on (undefined: pass everything on). */
  intercept(steer: ProxySteer | undefined): void;
  /** Every request the proxy received, as `METHOD path`, with `SHARE`/`REVOKE` and the recipient ids of a sharing PATCH. */
  requests: string[];
}

/**
 * A request as tests compare them: `GET audiences` (the account's list), `GET audience`, `GET recipients AD_ACCOUNT`,
 * `PATCH ad_accounts SHARE 111,222`, `PATCH businesses REVOKE 900`.
 */
function describeRequest(request: RecordedRequest): string {
  const path = request.path.replace(/^\/v5\/ad_accounts\/\d+\/audiences\/?/, "");
  if (path === "") return `${request.method} audiences`;
  if (/^\d+$/.test(path)) return `${request.method} audience`;
  if (path === "shared/accounts") return `${request.method} recipients ${request.query.get("account_type") ?? ""}`;
  const body = request.json as { operation_type?: string; recipient_account_ids?: string[]; recipient_business_ids?: string[] } | undefined;
  const ids = body?.recipient_account_ids ?? body?.recipient_business_ids ?? [];
  return `${request.method} ${path.replace(/\/shared$/, "")} ${body?.operation_type ?? ""} ${ids.join(",")}`;
}

/** Registers the clean-up of a test file and answers the set-up of one test. */
export function useSharingInProcess(): (
  options?: Parameters<typeof startEmulator>[0],
  clientOptions?: PinterestClientOptions,
) => Promise<SharingRig> {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void> | void)();
  });
  return async (options = {}, clientOptions = {}) => {
    const emulator = await startEmulator({ port: 0, rateLimits: { ads_read: 0, ads_write: 0 }, ...options });
    cleanups.push(() => emulator.stop());
    const audienceId = emulator.seedAudience(OWNER, { name: "Subscribers", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "77" } }).id;
    const proxy = await startSteerableProxy(emulator);
    cleanups.push(() => proxy.stop());
    const requests: string[] = [];
    let steer: ProxySteer | undefined;
    proxy.intercept((request) => {
      requests.push(describeRequest(request));
      return steer?.(request);
    });
    const clock = virtualClock();
    const client = new PinterestClient({
      baseUrl: proxy.url,
      accessToken: emulator.accessToken,
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      rateLimits: { ads_read: Infinity, ads_write: Infinity },
      timeoutMs: 2_000,
      ...clientOptions,
    });
    useClient(client);
    cleanups.push(() => {
      useClient(undefined);
      client.close();
    });
    return { emulator, audienceId, base: { adAccountId: OWNER, audienceId }, intercept: (next) => void (steer = next), requests };
  };
}
