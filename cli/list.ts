/** `pinterest-audiences list`: the audiences of an ad account (or those shared with it), as a table or JSON. */
import { listAudiences } from "../provider/audience/list";
import type { AudienceOutputs } from "../provider/audience/model";
import { adAccountOption, listOption, parse } from "./args";
import { clientFromEnv } from "./client";
import { audienceFilter } from "./filters";
import { EXIT, type CliIo } from "./io";
import { progressOn } from "./progress";

/** Help text of `list`. */
export const LIST_HELP = `Usage: pinterest-audiences list --ad-account <id> [options]

Lists the audiences of an ad account: id, name, type, status and size.

Options:
  --ad-account <id>   the ad account to read (required)
  --received          list the audiences other ad accounts shared with this one
                      (Pinterest's ownership_type RECEIVED) instead of those it owns
  --json              print the audiences as JSON (camelCase, as listAudiences returns them)
  --type <TYPE>       only audiences of this type (repeatable, or comma-separated)
  --name <pattern>    only names containing <pattern> (case-insensitive), or matching /regex/flags
  -h, --help          show this help

Credentials: PINTEREST_ACCESS_TOKEN, or PINTEREST_REFRESH_ACCESS_TOKEN with
PINTEREST_APP_ID and PINTEREST_APP_SECRET; PINTEREST_API_URI sets the base URL.`;

/** Longest name shown in the table before it is cut. */
const NAME_WIDTH = 48;

/** Runs `list`; resolves to the exit code. */
export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    "ad-account": { type: "string" },
    json: { type: "boolean" },
    received: { type: "boolean" },
    type: { type: "string", multiple: true },
    name: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(`${LIST_HELP}\n`);
    return EXIT.ok;
  }
  const adAccountId = adAccountOption(values);
  const keep = audienceFilter(listOption(values, "type"), listOption(values, "name"));
  const client = clientFromEnv(io.env);
  const progress = progressOn(io.stderr);
  const received = values.received === true;
  const what = received ? `audiences received by ad account ${adAccountId}` : `ad account ${adAccountId}`;
  let audiences: AudienceOutputs[];
  try {
    audiences = await listAudiences({
      adAccountId,
      client,
      ownershipType: received ? "RECEIVED" : undefined,
      order: "ASCENDING",
      onProgress: (p) => {
        if (p.pages > 1) progress.update(`Reading ${what}: ${p.pages} page(s), ${p.audiences} audience(s)`);
      },
    });
  } finally {
    progress.done();
    client.close();
  }
  const shown = audiences.filter(keep);
  if (values.json) io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else io.stdout.write(formatTable(shown));
  return EXIT.ok;
}

/** The table of audiences: a header, one row each, and a count. */
export function formatTable(audiences: readonly AudienceOutputs[]): string {
  const rows = audiences.map((a) => [a.audienceId, cut(a.name), a.audienceType, a.status ?? "", a.size === undefined ? "" : String(a.size)]);
  const header = ["ID", "NAME", "TYPE", "STATUS", "SIZE"];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, col) => (col === 4 ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line), `${audiences.length} audience(s)`].join("\n") + "\n";
}

/** A name on one line, cut to the table's width. */
function cut(name: string): string {
  const flat = name.replace(/\s+/g, " ");
  return flat.length > NAME_WIDTH ? `${flat.slice(0, NAME_WIDTH - 1)}…` : flat;
}
