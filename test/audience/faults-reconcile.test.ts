/**
 * Issue 6: a create whose answer was lost after Pinterest committed it, where the first check (listing the
 * account) fails too. Giving up there leaves an audience Pulumi does not record, and the next `up` creates it
 * a second time. Through the REAL plugin, against a scripted Pinterest: the create commits and loses its
 * answer; the reconciliation list fails for a whole client call (every retry) before it answers. The provider
 * must check again and adopt what it created: one POST, one audience, recorded in the state.
 */
import * as path from "path";
import { createTestProject, removeTestProject, runProgram, startEngine } from "../harness";
import { startFakeServer, type FakeReply, type RecordedRequest } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
const TOKEN = "pina_reconcile-test-token-0123456789";

const PROGRAM = `
import { Audience } from "pulumi-pinterest-audiences";
new Audience("buyers", { adAccountId: "${ACCOUNT}", name: "Buyers", audienceType: "CUSTOMER_LIST", rule: { customerListId: "5497558859876" } });
`;

/** The client's requests per call: the first attempt and its default 5 retries. */
const REQUESTS_PER_CALL = 6;

test("a committed create whose first check fails is found by checking again, not created twice", async () => {
  const audiences: Record<string, unknown>[] = [];
  let failingLists = REQUESTS_PER_CALL; // one whole list call fails, retries included
  const handler = (request: RecordedRequest): FakeReply => {
    if (request.method === "POST") {
      const body = request.json as Record<string, unknown>;
      audiences.push({
        ...body,
        id: String(2542620900001 + audiences.length),
        status: "READY",
        type: "audience",
        created_timestamp: Math.floor(Date.now() / 1000),
      });
      return { drop: true }; // committed, answer lost
    }
    const posted = audiences.length > 0; // the listing before the create answers; the checks after it fail first
    if (posted && failingLists > 0) {
      failingLists--;
      return { status: 503, headers: { "Retry-After": "0" }, body: { code: 503, message: "Service unavailable." } };
    }
    return { status: 200, body: { items: audiences, bookmark: null } };
  };
  const server = await startFakeServer(handler);
  const project = await createTestProject({ programSource: PROGRAM, projectName: "reconcile" });
  const engine = await startEngine({
    cwd: project.dir,
    config: { "pinterest:accessToken": TOKEN, "pinterest:apiUrl": server.url },
    secretConfigKeys: ["pinterest:accessToken"],
    statePath: path.join(project.dir, ".state", "reconcile.json"),
  });
  try {
    const { resources } = await runProgram(project);
    const up = await engine.up(resources);
    const posts = server.requests.filter((r) => r.method === "POST").length;
    const lists = server.requests.filter((r) => r.method === "GET").length;
    const state = engine.state();
    if (process.env.FAULTS_REPORT === "1")
      console.log(
        `faults[reconcile after a failed check]: up ${up.ok ? "succeeded" : "failed"}; POST ${posts}, list requests ${lists} (${REQUESTS_PER_CALL} failed); ` +
          `audiences ${audiences.length}; state ${state.map((r) => `${r.name}=${r.id}`).join(", ") || "empty"}` +
          (up.errors.length ? `\n  ${up.errors.map((e) => e.message).join("\n  ")}` : ""),
      );
    expect(up.errors).toEqual([]);
    expect(posts).toBe(1);
    expect(audiences).toHaveLength(1);
    expect(state.map((r) => r.id)).toEqual([audiences[0].id]);
  } finally {
    await engine.stop();
    await server.stop();
    await removeTestProject(project);
  }
});
