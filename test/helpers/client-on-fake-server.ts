/**
 * A scripted fake Pinterest server and a client on it with a virtual clock, for the client's unit tests. Call
 * {@link clientOnFakeServer} at a test file's top level: it registers the clean-up (every client closed and the
 * server stopped after each test) and returns `setup`, which makes both, and `track`, which hands it a client made
 * otherwise, to close.
 */
import { PinterestClient, type PinterestClientOptions } from "../../provider/api";
import { startFakeServer, virtualClock, type FakeHandler, type FakeServer, type VirtualClock } from "./fake-server";

/** What one set-up made. */
export interface ClientOnFakeServer {
  /** The server, answering with the handler. */
  server: FakeServer;
  /** The client, on the server's URL with a test token and the virtual clock. */
  client: PinterestClient;
  /** The virtual clock the client waits on. */
  clock: VirtualClock;
}

/**
 * @param defaults Client options of every set-up in the file (a set-up's own options come on top).
 * @param clockStart Start of the virtual clock, epoch ms (virtualClock's default when left out).
 */
export function clientOnFakeServer(
  defaults: PinterestClientOptions,
  clockStart?: number,
): { setup: (handler: FakeHandler, options?: PinterestClientOptions) => Promise<ClientOnFakeServer>; track: (client: PinterestClient) => void } {
  let server: FakeServer | undefined;
  const clients: PinterestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.stop();
    server = undefined;
  });
  return {
    setup: async (handler, options = {}) => {
      server = await startFakeServer(handler);
      const clock = virtualClock(clockStart);
      const client = new PinterestClient({
        baseUrl: server.url,
        accessToken: "test-token-abcdef",
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        ...defaults,
        ...options,
      });
      clients.push(client);
      return { server, client, clock };
    },
    track: (client) => void clients.push(client),
  };
}
