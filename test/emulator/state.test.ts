/**
 * Persistence of the emulator's state across a restart, and its command line (in process, and as a
 * child process when the build output exists).
 */
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startEmulator } from "../../emulator";
import { main, parseArgs, type CliIo } from "../../cli/emulator-main";
import type { ApiAudience } from "../../provider/api/types";

const ACCOUNT = "549755885175";
const LIST = `/ad_accounts/${ACCOUNT}/audiences`;

async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  test("audiences, ids and credentials survive a restart from the same state file", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath });
    let kept: ApiAudience;
    try {
      kept = (
        await call(first.url, first.accessToken, "POST", LIST, { name: "kept", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } })
      ).body as ApiAudience;
      const gone = (
        await call(first.url, first.accessToken, "POST", LIST, { name: "gone", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "2" } })
      ).body as ApiAudience;
      await call(first.url, first.accessToken, "PATCH", `${LIST}/${kept.id}`, { name: "kept, renamed" });
      await call(first.url, first.accessToken, "PATCH", `${LIST}/${gone.id}`, { operation_type: "REMOVE" });
    } finally {
      await first.stop();
    }
    expect(readdirSync(dir)).toEqual(["state.json"]);

    const second = await startEmulator({ statePath });
    try {
      expect(second.accessToken).toBe(first.accessToken);
      expect(second.oauth).toEqual(first.oauth);
      const got = await call(second.url, second.accessToken, "GET", `${LIST}/${kept.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: kept.id, name: "kept, renamed" });
      expect(second.audiences(ACCOUNT).map((a) => a.id)).toEqual([kept.id]);
      const next = second.seedAudience(ACCOUNT, { name: "new", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "3" } });
      expect(BigInt(next.id)).toBeGreaterThan(BigInt(kept.id) + 1n);
    } finally {
      await second.stop();
    }
  });

  test("out-of-band changes and token expiry are saved too", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath });
    const a = first.seedAudience(ACCOUNT, { name: "a", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } });
    first.editAudience(ACCOUNT, a.id, { description: "drifted" });
    first.expireAccessTokens();
    await first.stop();
    const second = await startEmulator({ statePath });
    try {
      expect(second.audiences(ACCOUNT)[0]?.description).toBe("drifted");
      expect((await call(second.url, second.accessToken, "GET", LIST)).status).toBe(401);
    } finally {
      await second.stop();
    }
  });

  test("a state file that is not JSON or not an emulator state stops the start with what to do", async () => {
    const statePath = join(dir, "state.json");
    writeFileSync(statePath, "{not json");
    await expect(startEmulator({ statePath })).rejects.toThrow(/not valid JSON.*delete it/);
    writeFileSync(statePath, JSON.stringify({ version: 99 }));
    await expect(startEmulator({ statePath })).rejects.toThrow(/not a version 1 emulator state/);
  });
});

class FakeProcess extends EventEmitter implements CliIo {
  lines: string[] = [];
  exitCode: number | undefined;
  private resolveExit: (code: number) => void = () => undefined;
  exited = new Promise<number>((r) => (this.resolveExit = r));
  print = (line: string): void => {
    this.lines.push(line);
  };
  onSignal = (signal: "SIGINT" | "SIGTERM", handler: () => void): void => {
    this.once(signal, handler);
  };
  exit = (code: number): void => {
    this.exitCode = code;
    this.resolveExit(code);
  };
}

describe("command line", () => {
  test("parseArgs maps the flags and rejects unknown ones or bad numbers with the usage", () => {
    expect(parseArgs([])).toEqual({ port: 8787 });
    expect(parseArgs(["--port", "0", "--state", "s.json", "--write-limit", "3", "--read-limit", "0", "--latency", "20"])).toEqual({
      port: 0,
      statePath: "s.json",
      rateLimits: { ads_write: 3, ads_read: 0 },
      latencyMs: 20,
    });
    expect(() => parseArgs(["--verbose"])).toThrow(/Unknown option "--verbose".*Usage/s);
    expect(() => parseArgs(["--port", "eighty"])).toThrow(/--port needs a whole number/);
    expect(() => parseArgs(["--latency"])).toThrow(/--latency needs a whole number; got nothing/);
  });

  test("main prints the URL, token, OAuth app and env vars; the token works; SIGTERM stops it and exits 0", async () => {
    const io = new FakeProcess();
    const em = await main(["--port", "0", "--write-limit", "1"], io);
    try {
      const text = io.lines.join("\n");
      expect(text).toContain(`listening on ${em.url}`);
      expect(text).toContain(`PINTEREST_API_URI=${em.url}`);
      expect(text).toContain(`PINTEREST_ACCESS_TOKEN=${em.accessToken}`);
      expect(text).toContain(em.oauth.appId);
      expect(text).toContain(em.oauth.appSecret);
      expect(text).toContain(em.oauth.refreshToken);
      const body = { name: "x", audience_type: "CUSTOMER_LIST", rule: { customer_list_id: "1" } };
      expect((await call(em.url, em.accessToken, "POST", LIST, body)).status).toBe(200);
      expect((await call(em.url, em.accessToken, "POST", LIST, body)).status).toBe(429);
      io.emit("SIGTERM");
      expect(await io.exited).toBe(0);
      await expect(fetch(`${em.url}${LIST}`)).rejects.toThrow();
    } finally {
      await em.stop();
    }
  });

  const built = resolve(__dirname, "../../dist/cli/emulator-main.js");
  const fresh = existsSync(built) && statSync(built).mtimeMs >= statSync(resolve(__dirname, "../../cli/emulator-main.ts")).mtimeMs;
  (fresh ? test : test.skip)(
    "the built CLI (node dist/cli/emulator-main.js --port 0) prints its URL and stops on SIGINT (skipped unless `npm run build` is fresh)",
    async () => {
      const child = spawn(process.execPath, [built, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/v5)/.exec(out);
          // the banner may arrive in several chunks: wait for the whole token line too
          if (m && /PINTEREST_ACCESS_TOKEN=\S+\n/.test(out)) resolveUrl(m[1] as string);
        });
        child.once("exit", () => reject(new Error(`CLI exited early: ${out}`)));
      });
      const token = /PINTEREST_ACCESS_TOKEN=(\S+)/.exec(out)?.[1] as string;
      expect((await call(url, token, "GET", LIST)).status).toBe(200);
      const code = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
      child.kill("SIGINT");
      expect(await code).toBe(0);
    },
  );
});
