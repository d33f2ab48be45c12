/**
 * The plugin process's one session: the dynamic-provider plugin configures each distinct serialised provider
 * (audiences, sharing, state from two releases), so configure runs several times in one process, maybe while
 * requests are in flight. The same settings again keep the client; other settings replace (and close) it.
 */
import { configureSession, onSessionChange, onSessionClientChange, sessionClient, useSessionClient } from "../../provider/plugin/session";

const config = (token: string) => ({ get: (key: string) => (key === "pinterest:accessToken" ? token : undefined) });

afterEach(() => useSessionClient(undefined));

test("configuring again with the same settings keeps the client, and its queued calls", () => {
  configureSession(config("token-a"));
  const first = sessionClient();
  configureSession(config("token-a"));
  expect(sessionClient()).toBe(first);
  first.close();
});

test("configuring with other settings closes the old client and builds a new one, and tells listeners", async () => {
  let changes = 0;
  onSessionClientChange(() => changes++);
  configureSession(config("token-a"));
  const first = sessionClient();
  const before = changes;
  configureSession(config("token-b"));
  const second = sessionClient();
  expect(second).not.toBe(first);
  expect(changes).toBeGreaterThan(before);
  await expect(first.audiences.get("1", "2")).rejects.toThrow(/closed/);
  second.close();
});

test("session listeners hear of other settings and of a client handed over, not of the client's first build or the same settings", () => {
  let sessions = 0;
  onSessionChange(() => sessions++);
  configureSession(config("token-c"));
  const after = sessions;
  expect(after).toBeGreaterThan(0);
  const client = sessionClient();
  configureSession(config("token-c"));
  expect(sessions).toBe(after);
  configureSession(config("token-d"));
  expect(sessions).toBe(after + 1);
  useSessionClient(client);
  expect(sessions).toBe(after + 2);
  client.close();
  sessionClient().close();
});
