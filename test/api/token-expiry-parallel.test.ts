/**
 * Token expiry at `pulumi up --parallel 16`, through Pulumi's real dynamic-provider plugin: the access token in
 * the stack config stops working two seconds into an up that creates 48 audiences (the write limit spreads them
 * over several seconds), and so does every token the refresh brings. Each audience is created exactly once, and
 * Pinterest answers 401 at most once for each refresh: the calls queued behind a refused token wait for the one
 * refresh instead of each spending a request on the old token.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { createTestProject, removeTestProject, runProgram, startEngine, type TestProject } from "../harness";

jest.setTimeout(180_000);

const ACCOUNT = "549755885175";
const COUNT = 48;
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience } from "pulumi-pinterest-audiences";
const count = new pulumi.Config("test").requireNumber("count");
for (let i = 0; i < count; i++) {
  new Audience(\`list-\${i}\`, { adAccountId: "${ACCOUNT}", name: \`Customer list \${i}\`, audienceType: "CUSTOMER_LIST", rule: { customerListId: String(1000 + i) } });
}
`;

let project: TestProject;
let emulator: Emulator;

beforeAll(async () => {
  project = await createTestProject({ programSource: PROGRAM });
  // Tokens live 2 s; writes are limited to 600 a minute, so the creates take about 5 s and outlive two tokens.
  emulator = await startEmulator({ port: 0, tokenTtlSeconds: 2, rateLimits: { ads_read: 1000, ads_write: 600 } });
});

afterAll(async () => {
  await removeTestProject(project);
  await emulator?.stop();
});

test(`${COUNT} creates at parallel 16 across token expiries: each audience once, at most one 401 per refresh`, async () => {
  const { resources } = await runProgram(project, { config: { "test:count": String(COUNT) } });
  const engine = await startEngine({
    cwd: project.dir,
    config: {
      "pinterest:accessToken": emulator.accessToken,
      "pinterest:apiUrl": emulator.url,
      "pinterest:appId": emulator.oauth.appId,
      "pinterest:appSecret": emulator.oauth.appSecret,
      "pinterest:refreshToken": emulator.oauth.refreshToken,
    },
    secretConfigKeys: ["pinterest:accessToken", "pinterest:appSecret", "pinterest:refreshToken"],
    statePath: path.join(project.dir, ".state", "token-expiry-parallel.json"),
    parallel: 16,
  });
  try {
    emulator.resetCounters();
    const up = await engine.up(resources);
    expect(up.errors).toEqual([]);
    const counters = emulator.counters();
    const live = emulator.audiences(ACCOUNT);
    expect(live).toHaveLength(COUNT);
    expect(new Set(live.map((a) => a.name)).size).toBe(COUNT);
    expect(counters.byOperation.token).toBeGreaterThanOrEqual(1);
    expect(counters.byStatus["401"] ?? 0).toBeLessThanOrEqual(counters.byOperation.token);
    // Every create refused for its token is the only one sent again (the listings before creates may meet a 401 too).
    const creates = emulator.requests("create");
    expect(creates.filter((r) => r.status !== 401)).toHaveLength(COUNT);
    expect(creates).toHaveLength(COUNT + creates.filter((r) => r.status === 401).length);
  } finally {
    await engine.stop();
  }
});
