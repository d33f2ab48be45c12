/**
 * The Pulumi program the bench deploys: `bench:count` audiences of one ad account, the four declarable
 * types in turn. `bench:changed` audiences (the first ones) carry the suffix `bench:variant` in their
 * name, so one project serves the initial deployment and each "change some" run.
 */

/** Stack configuration of the bench program. */
export interface BenchProgramConfig {
  /** Ad account of every audience. */
  adAccountId: string;
  /** Number of audiences. */
  count: number;
  /** How many of the first audiences get the variant suffix. */
  changed?: number;
  /** Suffix of the changed audiences' names. */
  variant?: string;
}

/** The program's source (TypeScript, as a user would write it). */
export const BENCH_PROGRAM_SOURCE = `import * as pulumi from "@pulumi/pulumi";
import { Audience } from "pulumi-pinterest-audiences";

const config = new pulumi.Config("bench");
const adAccountId = config.require("adAccountId");
const count = config.requireNumber("count");
const changed = config.getNumber("changed") ?? 0;
const variant = config.get("variant") ?? "";

for (let i = 0; i < count; i++) {
  const name = \`Bench audience \${i}\${i < changed ? " " + variant : ""}\`;
  switch (i % 4) {
    case 0:
      new Audience(\`audience-\${i}\`, { adAccountId, name, audienceType: "CUSTOMER_LIST", rule: { customerListId: String(900000 + i) } });
      break;
    case 1:
      new Audience(\`audience-\${i}\`, {
        adAccountId,
        name,
        description: "Site visitors of the last 30 days",
        audienceType: "VISITOR",
        rule: { visitorSourceId: "2612345678901", retentionDays: 30, eventSource: { "=": ["web", "mobile"] } },
      });
      break;
    case 2:
      new Audience(\`audience-\${i}\`, { adAccountId, name, audienceType: "ENGAGEMENT", rule: { engagementDomain: ["www.example.com"], engagerType: 1 } });
      break;
    default:
      new Audience(\`audience-\${i}\`, { adAccountId, name, audienceType: "ACTALIKE", rule: { seedId: [String(700000 + i)], country: "US", percentage: 5 } });
  }
}
`;

/** The bench program's stack configuration as `runProgram` takes it (namespaced keys). */
export function programConfig(config: BenchProgramConfig): Record<string, string> {
  return {
    "bench:adAccountId": config.adAccountId,
    "bench:count": String(config.count),
    "bench:changed": String(config.changed ?? 0),
    "bench:variant": config.variant ?? "",
  };
}

/** The name the program gives audience `i` under `config`. */
export function audienceName(i: number, config: BenchProgramConfig): string {
  return `Bench audience ${i}${i < (config.changed ?? 0) ? ` ${config.variant ?? ""}` : ""}`;
}
