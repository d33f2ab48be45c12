/**
 * Issue 6, secrets: the access token, the refreshed access token, the refresh token, the app secret (and the
 * HTTP Basic credential made from it) appear nowhere — not in the serialised provider, the state file's raw
 * bytes, the outputs, the plugin's stdout/stderr with every debug switch on, or any error message, including
 * errors whose body echoes the request's Authorization header back.
 *
 * Credentials come once from stack config (as secrets) and once from the plugin's environment. A scripted
 * Pinterest (test/helpers/fake-server) forces a token refresh, answers 400 and 500 whose JSON messages echo
 * the headers it received, and refuses a refresh echoing the Basic header and the form body.
 *
 * Verbosity: the provider wires no logger into its client, so the plugin's only output is its own (errors on
 * stderr); the test turns on every switch the plugin process reads: NODE_DEBUG (net, tls, stream, …),
 * GRPC_VERBOSITY=DEBUG with GRPC_TRACE=all, PULUMI_DEBUG_PROMISE_LEAKS. The client's logger itself is checked
 * at its most verbose level in-process below. Known gap: Node's core `NODE_DEBUG=http` tracing prints the
 * Authorization header of each new connection unless the client's agent drops the headers: tested separately.
 */
import * as fs from "fs";
import * as path from "path";
import { PinterestClient } from "../../provider/api/client";
import {
  createTestProject,
  removeTestProject,
  runProgram,
  startEngine,
  type Engine,
  type OperationResult,
  type RegisteredResource,
  type TestProject,
} from "../harness";
import { startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const TOKEN = "pina_SECRETaccessTOKEN0000aaaa1111";
const NEW_TOKEN = "pina_SECRETrefreshedTOKEN0000dddd4444";
const REFRESH = "pinr_SECRETrefreshTOKEN0000bbbb2222";
const APP_ID = "1499999";
const APP_SECRET = "SECRETappSECRET0000cccc3333";
const BASIC = Buffer.from(`${APP_ID}:${APP_SECRET}`).toString("base64");
const SECRETS: Record<string, string> = { TOKEN, NEW_TOKEN, REFRESH, APP_SECRET, BASIC };

/**
 * Every debug switch the plugin process reads, except Node's own `NODE_DEBUG=http` tracing: that prints the
 * options of every new HTTP connection, and is tested on its own below.
 */
const VERBOSE_ENV: NodeJS.ProcessEnv = {
  NODE_DEBUG: "https,net,tls,fetch,undici,stream,child_process",
  GRPC_VERBOSITY: "DEBUG",
  GRPC_TRACE: "all",
  PULUMI_DEBUG_PROMISE_LEAKS: "true",
};

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience } from "pulumi-pinterest-audiences";
const names = JSON.parse(new pulumi.Config("test").require("names")) as string[];
// The program can read the credentials (a real one might, e.g. to pass them on): nothing must capture them.
const config = new pulumi.Config("pinterest");
export const hasToken = config.getSecret("accessToken") !== undefined;
for (const name of names) {
  new Audience(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"), {
    adAccountId: "${ACCOUNT}",
    name,
    audienceType: "CUSTOMER_LIST",
    rule: { customerListId: "5497558859876" },
  });
}
`;

/**
 * A scripted Pinterest that echoes secrets: the access token is valid until `expire()`, then only the
 * refreshed one; creates named "Echo 400"/"Echo 500" fail with the received headers in the message.
 */
interface EchoPinterest {
  server: FakeServer;
  /** Makes the current access tokens invalid: the next request gets 401 and the client must refresh. */
  expire(): void;
  /** Whether `/oauth/token` refuses (400 echoing the Basic header and the form body). */
  refuseRefresh: boolean;
  /** Bodies sent that contained a secret (proves the echo happened). */
  echoed: string[];
}

async function startEchoPinterest(): Promise<EchoPinterest> {
  let valid = new Set([TOKEN]);
  let nextId = 2542620900001;
  const echo: EchoPinterest = {
    server: undefined as unknown as FakeServer,
    expire: () => (valid = new Set()),
    refuseRefresh: false,
    echoed: [],
  };
  const send = (status: number, message: string, headers?: Record<string, string>): FakeReply => {
    if (Object.values(SECRETS).some((s) => message.includes(s))) echo.echoed.push(message);
    return { status, headers, body: { code: status === 401 ? 2 : 1, message } };
  };
  const handler = (request: RecordedRequest): FakeReply => {
    const auth = String(request.headers.authorization ?? "");
    const received = `Request headers: authorization=${auth}; user-agent=${String(request.headers["user-agent"])}. Body: ${request.body}`;
    if (request.path.endsWith("/oauth/token")) {
      if (echo.refuseRefresh || auth !== `Basic ${BASIC}` || !request.body.includes(REFRESH))
        return send(400, `Invalid refresh request. ${received}`);
      valid.add(NEW_TOKEN);
      return {
        status: 200,
        body: { access_token: NEW_TOKEN, refresh_token: REFRESH, token_type: "bearer", expires_in: 2592000, scope: "ads:read,ads:write" },
      };
    }
    if (!valid.has(auth.replace(/^Bearer /, ""))) return send(401, `Authentication failed for ${auth}.`);
    if (request.method === "GET" && request.path.endsWith("/audiences")) return { status: 200, body: { items: [], bookmark: null } };
    const json = (request.json ?? {}) as Record<string, unknown>;
    if (request.method === "POST" && json.name === "Echo 400") return send(400, `Invalid parameters. ${received}`);
    if (request.method === "POST" && json.name === "Echo 500") return send(500, `Internal error. ${received}`, { "Retry-After": "0" });
    const id = request.method === "POST" ? String(nextId++) : (request.path.split("/").pop() as string);
    return {
      status: 200,
      body: {
        id,
        ad_account_id: ACCOUNT,
        name: json.name ?? "Kept",
        audience_type: "CUSTOMER_LIST",
        rule: { customer_list_id: "5497558859876" },
        status: "READY",
        type: "audience",
        created_timestamp: Math.floor(Date.now() / 1000),
      },
    };
  };
  echo.server = await startFakeServer(handler);
  return echo;
}

/** Where each secret was found, as "SECRET in place"; empty when none leaked. */
function leaks(places: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [place, text] of Object.entries(places)) {
    for (const [name, secret] of Object.entries(SECRETS)) if (text.includes(secret)) found.push(`${name} in ${place}`);
  }
  return found;
}

let project: TestProject;
const programs: Record<string, RegisteredResource[]> = {};
/** The serialised `__provider` of every registration, per variant's program run. */
const serialisedProviders: string[] = [];

beforeAll(async () => {
  project = await createTestProject({ programSource: PROGRAM, projectName: "secrets" });
  const secretConfig = {
    "pinterest:accessToken": TOKEN,
    "pinterest:refreshToken": REFRESH,
    "pinterest:appSecret": APP_SECRET,
    "pinterest:appId": APP_ID,
  };
  const run = async (key: string, names: string[]) => {
    const result = await runProgram(project, {
      config: { "test:names": JSON.stringify(names), ...secretConfig },
      secretKeys: ["pinterest:accessToken", "pinterest:refreshToken", "pinterest:appSecret"],
      env: { ...VERBOSE_ENV, PINTEREST_ACCESS_TOKEN: TOKEN, PINTEREST_APP_SECRET: APP_SECRET, PINTEREST_REFRESH_ACCESS_TOKEN: REFRESH },
    });
    programs[key] = result.resources;
    serialisedProviders.push(...result.resources.map((r) => JSON.stringify(r.inputs.__provider)));
    expect(leaks({ "program outputs": JSON.stringify(result.outputs), "program stdout": result.stdout, "program stderr": result.stderr })).toEqual(
      [],
    );
  };
  await Promise.all([run("kept", ["Kept"]), run("echo400", ["Kept", "Echo 400"]), run("echo500", ["Kept", "Echo 500"])]);
});

afterAll(async () => {
  if (project) await removeTestProject(project);
});

/** Where the plugin gets its credentials. */
interface Credentials {
  config: Record<string, string>;
  secretConfigKeys: string[];
  env: NodeJS.ProcessEnv;
}

/** Runs the whole secret-exercising sequence against one engine; returns every text a secret could leak into. */
async function exercise(label: string, credentialsFor: (apiUrl: string) => Credentials): Promise<void> {
  const echo = await startEchoPinterest();
  const credentials = credentialsFor(echo.server.url);
  const statePath = path.join(project.dir, ".state", `${label}.json`);
  const stateSnapshots: string[] = [];
  const results: OperationResult[] = [];
  let engine: Engine | undefined;
  try {
    engine = await startEngine({
      cwd: project.dir,
      config: credentials.config,
      secretConfigKeys: credentials.secretConfigKeys,
      statePath,
      // A 1 s request timeout keeps the search after the 500 on create (as long as the timeout) short.
      env: { ...VERBOSE_ENV, ...credentials.env, PINTEREST_TIMEOUT_SECONDS: "1" },
    });
    const step = async (name: string, op: Promise<OperationResult>, expectOk: boolean): Promise<OperationResult> => {
      const result = await op;
      results.push(result);
      if (fs.existsSync(statePath)) stateSnapshots.push(fs.readFileSync(statePath).toString("latin1"));
      expect({ step: name, ok: result.ok }).toEqual({ step: name, ok: expectOk });
      return result;
    };
    await step("create", engine.up(programs.kept), true);
    echo.expire();
    await step("refresh after the token expired (refreshes it)", engine.refresh(), true);
    const invalid = await step("400 echoing headers", engine.up(programs.echo400), false);
    const failed = await step("500 echoing headers, after reconciling", engine.up(programs.echo500), false);
    echo.expire();
    echo.refuseRefresh = true;
    const refused = await step("refresh refused, echoing the Basic header and the form body", engine.refresh(), false);
    echo.refuseRefresh = false;
    await step("destroy", engine.destroy(), true);

    // The echoes really happened, and the errors carry Pinterest's message with the secret scrubbed out.
    expect(echo.echoed.length).toBeGreaterThanOrEqual(3);
    expect(echo.server.requests.some((r) => r.path.endsWith("/oauth/token"))).toBe(true);
    expect(invalid.errors[0]?.message).toMatch(/Invalid parameters\. Request headers: authorization=Bearer \[redacted\]/);
    expect(failed.errors[0]?.message).toMatch(/Internal error\. Request headers: authorization=Bearer \[redacted\]/);
    expect(refused.errors[0]?.message).toMatch(/Invalid refresh request/);

    const state = engine.state();
    const places: Record<string, string> = {
      "plugin stdout": engine.plugin.stdout(),
      "plugin stderr": engine.plugin.stderr(),
      "step errors": JSON.stringify(results.map((r) => r.errors)),
      "check failures and warnings": JSON.stringify(results.map((r) => r.steps)),
      "state file (raw bytes, every snapshot)": stateSnapshots.join("\n"),
      "serialised providers (program)": serialisedProviders.join("\n"),
      "serialised providers (state)": JSON.stringify(state.map((r) => [r.inputs.__provider, r.outputs.__provider])),
      outputs: JSON.stringify(state.map((r) => r.outputs)),
    };
    expect(leaks(places)).toEqual([]);
    expect(stateSnapshots.length).toBeGreaterThan(0);
    expect(engine.plugin.stderr().length).toBeGreaterThan(0); // the plugin did print (its error traces)
  } finally {
    await engine?.stop();
    await echo.server.stop();
  }
}

describe("no credential leaks, through the real plugin", () => {
  test("credentials from stack config, as secrets", () =>
    exercise("config", (apiUrl) => ({
      config: {
        "pinterest:accessToken": TOKEN,
        "pinterest:refreshToken": REFRESH,
        "pinterest:appId": APP_ID,
        "pinterest:appSecret": APP_SECRET,
        "pinterest:apiUrl": apiUrl,
      },
      secretConfigKeys: ["pinterest:accessToken", "pinterest:refreshToken", "pinterest:appSecret"],
      env: {},
    })));

  test("credentials from the plugin's environment", () =>
    exercise("env", (apiUrl) => ({
      config: {},
      secretConfigKeys: [],
      env: {
        PINTEREST_ACCESS_TOKEN: TOKEN,
        PINTEREST_REFRESH_ACCESS_TOKEN: REFRESH,
        PINTEREST_APP_ID: APP_ID,
        PINTEREST_APP_SECRET: APP_SECRET,
        PINTEREST_API_URI: apiUrl,
      },
    })));

  test("a non-loopback http:// API URL is refused, saying why, before any request", async () => {
    const statePath = path.join(project.dir, ".state", "plain-http.json");
    const engine = await startEngine({
      cwd: project.dir,
      config: { "pinterest:accessToken": TOKEN, "pinterest:apiUrl": "http://example.invalid/v5" },
      secretConfigKeys: ["pinterest:accessToken"],
      statePath,
      env: VERBOSE_ENV,
    });
    try {
      const result = await engine.up(programs.kept);
      const message = result.errors[0]?.message ?? "";
      expect(result.ok).toBe(false);
      expect(message).toContain('audience "Kept"');
      expect(message).toMatch(/Refusing plain http:\/\/ to example\.invalid: tokens would travel unencrypted/);
      expect(message).toContain("pinterest:apiUrl");
      // No request was attempted: it would have failed to resolve example.invalid instead.
      expect(message).not.toMatch(/ENOTFOUND|EAI_AGAIN|connection/);
      expect(engine.state()).toEqual([]);
      expect(leaks({ message, stdout: engine.plugin.stdout(), stderr: engine.plugin.stderr() })).toEqual([]);
    } finally {
      await engine.stop();
    }
  });
});

describe("Node's own HTTP tracing", () => {
  // Node's _http_agent debug('createConnection', name, options) prints the request options node-fetch passes,
  // headers included; the client's agent (provider/api/agent.ts) drops `headers` before the agent sees them.
  test("NODE_DEBUG=http in the plugin's environment prints no Authorization header", async () => {
    const echo = await startEchoPinterest();
    const engine = await startEngine({
      cwd: project.dir,
      config: { "pinterest:accessToken": TOKEN, "pinterest:apiUrl": echo.server.url },
      secretConfigKeys: ["pinterest:accessToken"],
      statePath: path.join(project.dir, ".state", "node-debug-http.json"),
      env: { NODE_DEBUG: "http" },
    });
    try {
      expect((await engine.up(programs.kept)).ok).toBe(true);
      const found = leaks({ "plugin stderr (NODE_DEBUG=http)": engine.plugin.stderr() });
      expect(found).toEqual([]);
    } finally {
      await engine.stop();
      await echo.server.stop();
    }
  });
});

describe("the client's logger at its most verbose level", () => {
  test("logs requests, retries and refreshes without a secret", async () => {
    const echo = await startEchoPinterest();
    const lines: string[] = [];
    const client = new PinterestClient({
      baseUrl: echo.server.url,
      accessToken: TOKEN,
      refreshToken: REFRESH,
      appId: APP_ID,
      appSecret: APP_SECRET,
      logger: (level, message) => lines.push(`${level}: ${message}`),
      rateLimits: { ads_read: Infinity, ads_write: Infinity },
    });
    const messages: string[] = [];
    const attempt = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => void messages.push(e instanceof Error ? e.message : String(e)),
      );
    try {
      await attempt(client.audiences.create(ACCOUNT, { name: "Kept", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "5497558859876" } }));
      echo.expire();
      await attempt(client.audiences.list(ACCOUNT));
      await attempt(client.audiences.create(ACCOUNT, { name: "Echo 400", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } }));
      await attempt(client.audiences.create(ACCOUNT, { name: "Echo 500", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } }));
      echo.expire();
      echo.refuseRefresh = true;
      await attempt(client.audiences.list(ACCOUNT));
    } finally {
      client.close();
      await echo.server.stop();
    }
    expect(lines.some((l) => l.startsWith("debug:"))).toBe(true);
    expect(lines.some((l) => /refreshing/.test(l))).toBe(true);
    expect(messages).toHaveLength(3);
    expect(echo.echoed.length).toBeGreaterThanOrEqual(3);
    expect(leaks({ "log lines": lines.join("\n"), "error messages": messages.join("\n") })).toEqual([]);
  });
});
