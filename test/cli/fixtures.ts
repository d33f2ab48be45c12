/**
 * Shared by the CLI tests: an account of audiences of every declarable type seeded out of band into the
 * emulator, and in-process runs of the tool with captured output.
 */
import type { Emulator } from "../../emulator";
import type { ApiAudienceCreateRequest } from "../../provider/api/types";
import { main } from "../../cli/main";
import type { CliIo } from "../../cli/io";

/** The output of one in-process run. */
export interface CliRun {
  /** Exit code. */
  code: number;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/** Runs `pinterest-audiences <argv>` in-process with the given environment and working directory. */
export async function runCli(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The environment pointing the tool at an emulator. */
export function emulatorEnv(emulator: Emulator): NodeJS.ProcessEnv {
  return { PINTEREST_ACCESS_TOKEN: emulator.accessToken, PINTEREST_API_URI: emulator.url };
}

/**
 * The create request of the i-th audience of a mixed account: types rotate CUSTOMER_LIST, VISITOR, ENGAGEMENT,
 * ACTALIKE; rules use numbers as digit strings and as integers, operator objects, URL lists; some names collide
 * and some carry accents and punctuation; every third has a description.
 */
export function mixedAudience(adAccountId: string, i: number): ApiAudienceCreateRequest {
  const request = mixedRequest(adAccountId, i);
  if (i % 3 === 0) request.description = `Audience number ${i}`;
  return request;
}

function mixedRequest(adAccountId: string, i: number): ApiAudienceCreateRequest {
  switch (i % 4) {
    case 0:
      return {
        ad_account_id: adAccountId,
        name: `Customer list ${i}`,
        audience_type: "CUSTOMER_LIST",
        rule: { customer_list_id: String(900000 + i) },
      };
    case 1:
      return {
        ad_account_id: adAccountId,
        name: i % 20 === 1 ? "Café visitors" : `Site visitors ${i}`,
        audience_type: "VISITOR",
        rule: {
          visitor_source_id: "2612345678901",
          retention_days: i % 2 === 0 ? 30 : "90",
          event_source: { "=": ["web", "mobile"] },
          ...(i % 5 === 1 ? { url: ["https://example.com/a", "https://example.com/b"] } : {}),
        },
      };
    case 2:
      return {
        ad_account_id: adAccountId,
        name: `Pin engagers ${i}`,
        audience_type: "ENGAGEMENT",
        rule: { engagement_domain: ["www.example.com"], engager_type: 1, engagement_type: "save" },
      };
    default:
      return {
        ad_account_id: adAccountId,
        name: i % 40 === 3 ? "Lookalike: US 5%" : `Lookalike ${i}`,
        audience_type: "ACTALIKE",
        rule: { seed_id: [String(700000 + i)], country: "US", percentage: "5" },
      };
  }
}

/** Seeds `count` mixed audiences into `adAccountId`, out of band (no request counted). */
export function seedMixedAccount(emulator: Emulator, adAccountId: string, count: number): void {
  for (let i = 0; i < count; i++) emulator.seedAudience(adAccountId, mixedAudience(adAccountId, i));
}
