/**
 * Issue 6, error messages: each class of Pinterest failure reaches the user through the REAL plugin, as the
 * engine prints the step error, saying what happened and what to do next, carrying Pinterest's code and
 * message, and naming the audience.
 *
 * A scripted server (test/helpers/fake-server) plays Pinterest. Retryable answers carry `Retry-After: 0`, so
 * "after retries" costs no waiting: the plugin's client has its default retry policy (the provider exposes
 * no setting for it).
 */
import * as fs from "fs";
import * as path from "path";
import { createTestProject, removeTestProject, runProgram, startEngine, type Engine, type RegisteredResource, type TestProject } from "../harness";
import { startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const AUDIENCE_ID = "2542620905473";
const NAME = "Spring sale visitors";
const TOKEN = "pina_error-message-test-token-0123456789";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Audience } from "pulumi-pinterest-audiences";
new Audience("spring-sale", {
  adAccountId: "${ACCOUNT}",
  name: new pulumi.Config("test").require("name"),
  audienceType: "VISITOR",
  rule: { visitorSourceId: "2542620639259", retentionDays: 30 },
});
`;

/** The audience Pinterest would answer a successful create or get with. */
function liveAudience(name: string): Record<string, unknown> {
  return {
    id: AUDIENCE_ID,
    ad_account_id: ACCOUNT,
    name,
    audience_type: "VISITOR",
    rule: { visitor_source_id: "2542620639259", retention_days: 30 },
    description: "",
    status: "READY",
    type: "audience",
    created_timestamp: Math.floor(Date.now() / 1000),
  };
}

/** How the scripted Pinterest answers list calls (reconciliation after an unknown outcome). */
let answerList: () => FakeReply = () => ({ status: 200, body: { items: [], bookmark: null } });
/** How the scripted Pinterest answers writes (create and update). */
let answerWrite: (request: RecordedRequest) => FakeReply = () => ({ status: 500, body: { code: 0, message: "not scripted" } });

let server: FakeServer;
let project: TestProject;
let engine: Engine;
let statePath: string;
let original: RegisteredResource[];
let renamed: RegisteredResource[];
/** Requests before the current case began. */
let requestsBefore = 0;

beforeAll(async () => {
  server = await startFakeServer((request) => {
    if (request.method === "GET" && /\/audiences$/.test(request.path)) return answerList();
    return answerWrite(request);
  });
  project = await createTestProject({ programSource: PROGRAM, projectName: "errors" });
  const run = (name: string) => runProgram(project, { config: { "test:name": name } }).then((r) => r.resources);
  [original, renamed] = await Promise.all([run(NAME), run(`${NAME} (EU)`)]);
  statePath = path.join(project.dir, ".state", "errors.json");
  // A 1 s request timeout: a create of unknown outcome is looked for over a window as long as the timeout.
  engine = await startEngine({
    cwd: project.dir,
    config: { "pinterest:accessToken": TOKEN, "pinterest:apiUrl": server.url },
    secretConfigKeys: ["pinterest:accessToken"],
    statePath,
    env: { PINTEREST_TIMEOUT_SECONDS: "1" },
  });
});

afterAll(async () => {
  await engine?.stop();
  await server?.stop();
  if (project) await removeTestProject(project);
});

beforeEach(() => {
  fs.rmSync(statePath, { force: true });
  answerList = () => ({ status: 200, body: { items: [], bookmark: null } });
  requestsBefore = server.requests.length;
});

/** Runs `up` and returns the one step error, as the engine prints it. */
async function stepError(resources: RegisteredResource[]): Promise<string> {
  const result = await engine.up(resources);
  expect(result.ok).toBe(false);
  expect(result.errors).toHaveLength(1);
  const message = result.errors[0].message;
  expect(message).not.toContain(TOKEN);
  return message;
}

/** A create answered with `reply` every time. */
function createAnswers(reply: FakeReply): void {
  answerWrite = () => reply;
}

/** A first create succeeds; every later write (the update of the renamed audience) gets `reply`. */
async function updateAnswers(reply: FakeReply): Promise<void> {
  answerWrite = (request) => (request.method === "POST" ? { status: 200, body: liveAudience(NAME) } : reply);
  const first = await engine.up(original);
  expect(first.errors).toEqual([]);
  requestsBefore = server.requests.length;
}

const json = (status: number, code: number, message: string, headers?: Record<string, string>): FakeReply => ({
  status,
  body: { code, message },
  headers,
});

describe("each class of Pinterest failure, as the engine prints it", () => {
  test("400 invalid: Pinterest's code and message, the audience, and to fix the declaration", async () => {
    createAnswers(json(400, 1, "Invalid parameters. rule.visitor_source_id: 2542620639259 is not a tag of this ad account."));
    const message = await stepError(original);
    expect(message).toContain("HTTP 400");
    expect(message).toContain("code 1");
    expect(message).toContain("is not a tag of this ad account");
    expect(message).toContain(`"${NAME}"`);
    expect(message).toMatch(/Fix the audience declaration/);
  });

  test("401: says the token is invalid or expired and how to set a new one or refresh credentials", async () => {
    createAnswers(json(401, 2, "Authentication failed."));
    const message = await stepError(original);
    expect(message).toContain("HTTP 401");
    expect(message).toContain("code 2");
    expect(message).toContain("Authentication failed.");
    expect(message).toContain(`"${NAME}"`);
    expect(message).toMatch(/invalid or expired/);
    expect(message).toContain("pinterest:accessToken");
    expect(message).toContain("pinterest:refreshToken");
  });

  test("403 missing scope: names the ads:write scope and the ad account", async () => {
    createAnswers(json(403, 29, "You are not permitted to access that resource."));
    const message = await stepError(original);
    expect(message).toContain("HTTP 403");
    expect(message).toContain("code 29");
    expect(message).toContain("You are not permitted to access that resource.");
    expect(message).toContain(`"${NAME}"`);
    expect(message).toContain("ads:write");
    expect(message).toContain(ACCOUNT);
  });

  test("404 on update: the audience was removed elsewhere; refresh", async () => {
    await updateAnswers(json(404, 2642, "Audience not found."));
    const message = await stepError(renamed);
    expect(message).toContain("HTTP 404");
    expect(message).toContain("code 2642");
    expect(message).toContain("Audience not found.");
    expect(message).toContain(`"${NAME} (EU)"`);
    expect(message).toContain(AUDIENCE_ID);
    expect(message).toMatch(/pulumi refresh/);
  });

  test("429 after retries: still rate limited, how many attempts, and what to lower", async () => {
    createAnswers(json(429, 8, "You have exceeded your rate limit. Try again later.", { "Retry-After": "0" }));
    const message = await stepError(original);
    // The create's first attempt and 5 retries (after a listing of the account, unless one began within the last second).
    const requests = server.requests.slice(requestsBefore);
    expect(requests.filter((r) => r.method === "POST")).toHaveLength(6);
    expect(requests.filter((r) => r.method === "GET").length).toBeLessThanOrEqual(1);
    expect(message).toContain("HTTP 429");
    expect(message).toContain("code 8");
    expect(message).toContain("You have exceeded your rate limit.");
    expect(message).toContain(`"${NAME}"`);
    expect(message).toMatch(/Still rate limited after 6 attempt/);
    expect(message).toMatch(/run `pulumi up` again later/);
  });

  test("5xx after retries on update: Pinterest failed; the change may have been applied; read before retrying", async () => {
    await updateAnswers(json(503, 1, "Service Unavailable. Please try again later.", { "Retry-After": "0" }));
    const message = await stepError(renamed);
    expect(server.requests.length - requestsBefore).toBe(6);
    expect(message).toContain("HTTP 503");
    expect(message).toContain("code 1");
    expect(message).toContain("Service Unavailable.");
    expect(message).toContain(`"${NAME} (EU)"`);
    expect(message).toMatch(/unavailable or failed/);
    expect(message).toMatch(/run `pulumi up` again later: it sends the change again/);
  });

  test("5xx on create, after reconciling: says the audience was not created, so running again is safe", async () => {
    createAnswers(json(500, 1, "Internal error.", { "Retry-After": "0" }));
    const message = await stepError(original);
    const requests = server.requests.slice(requestsBefore);
    expect(requests.filter((r) => r.method === "POST")).toHaveLength(3);
    // Each create is looked for, over its search window, before the next is sent.
    const posts = requests.map((r, i) => (r.method === "POST" ? i : -1)).filter((i) => i >= 0);
    expect(requests.slice(posts[0], posts[1]).some((r) => r.method === "GET")).toBe(true);
    expect(requests.slice(posts[1], posts[2]).some((r) => r.method === "GET")).toBe(true);
    expect(message).toContain("HTTP 500");
    expect(message).toContain("code 1");
    expect(message).toContain("Internal error.");
    expect(message).toContain(`"${NAME}"`);
    expect(message).toMatch(/none was created: run `pulumi up` again/);
    expect(message).not.toMatch(/may have been created/);
  });

  test("a create with an unknown outcome that cannot be checked: says it may exist and how to adopt it", async () => {
    let posted = false;
    answerWrite = () => {
      posted = true;
      return { drop: true }; // the create's connection breaks after sending: outcome unknown
    };
    // The listing before the create answers; checking after it fails, after retries.
    answerList = () => (posted ? json(503, 1, "Service Unavailable.", { "Retry-After": "0" }) : { status: 200, body: { items: [], bookmark: null } });
    const result = await stepError(original);
    const requests = server.requests.slice(requestsBefore);
    expect(requests.filter((r) => r.method === "POST")).toHaveLength(1); // never re-sent blindly
    // The listing before (unless one began within the last second), then 3 checks, each with the client's 5 retries.
    expect(requests.filter((r) => r.method === "GET" && r !== requests[0])).toHaveLength(18);
    expect(result).toContain(`"${NAME}"`);
    expect(result).toMatch(/unknown outcome/);
    expect(result).toMatch(/failed 3 times/);
    expect(result).toContain("HTTP 503");
    expect(result).toContain("Service Unavailable.");
    expect(result).toMatch(/may exist now/);
    expect(result).toContain(`pinterest-audiences list --ad-account ${ACCOUNT}`);
    expect(result).toContain("importId");
  });
});
