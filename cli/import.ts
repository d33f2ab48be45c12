/**
 * `pinterest-audiences import`: reads every audience of an ad account and writes declarations that adopt them
 * (`importId`), as a TypeScript program or as one YAML/JSON file per audience, so the next `pulumi up` adopts
 * them without changing anything at Pinterest. Who each audience is shared with comes along (`sharedWith`, or an
 * `AudienceSharing` in a program) unless `--no-sharing`.
 */
import * as path from "node:path";
import type { PinterestClient } from "../provider/api/client";
import { PinterestApiError } from "../provider/api/errors";
import { isPinterestId } from "../provider/api/ids";
import type { Declaration } from "../provider/declarations";
import { listAudiences } from "../provider/audience/list";
import type { AudienceOutputs } from "../provider/audience/model";
import { validateDeclaration } from "../provider/schema/validate";
import { adAccountOption, listOption, parse, stringOption } from "./args";
import { cliErrorMessage, clientFromEnv } from "./client";
import { audienceFilter } from "./filters";
import { readSharing, type SharingRead } from "./import-sharing";
import { CommandError, EXIT, UsageError, type CliIo } from "./io";
import { progressOn } from "./progress";
import { declarationFiles, programFile, refuseOverwrites, schemaRefFor, writeFiles, type PlannedFile } from "./import-files";
import { resourceNames } from "./resource-names";

/** Help text of `import`. */
export const IMPORT_HELP = `Usage: pinterest-audiences import --ad-account <id> [options]

Reads every audience of an ad account and writes declarations that adopt them
(each carries importId), so the next \`pulumi up\` adopts them and changes nothing.

Options:
  --ad-account <id>    the ad account to read (required)
  --format <format>    ts (a Pulumi program, index.ts; default), yaml or json (one file per audience)
  --out <dir>          where to write; default . for ts, ./audiences for yaml and json
  --type <TYPE>        only audiences of this type (repeatable, or comma-separated):
                       CUSTOMER_LIST, VISITOR, ENGAGEMENT, ACTALIKE
  --name <pattern>     only audiences whose name contains <pattern> (case-insensitive),
                       or matches /regex/flags (repeatable: any may match)
  --schema <ref>       schema URL or path written into YAML/JSON files for editors;
                       default the path, relative to --out, of the project's installed
                       node_modules/pulumi-pinterest-audiences/schema.json, else of this
                       tool's own schema.json
  --no-sharing         do not read who the audiences are shared with (two reads per
                       audience); their sharing is then not written, so not managed
  --no-protect         do not write protect: true on the adopted audiences (by default
                       they are protected, as \`pulumi import\` does: \`pulumi destroy\`,
                       or an up that would remove or replace one, fails until its
                       protect is set to false and applied)
  --force              overwrite existing files (by default nothing is overwritten)
  -h, --help           show this help

Resource names are the audience names slugified (e.g. "Site visitors" -> site-visitors);
names that collide get the audience id appended. Audiences that cannot be declared
(PERSONA, or rules outside the schema) are skipped with a warning.

Sharing: for each audience, the ad accounts and businesses it is shared with are
read (two requests per audience, within Pinterest's read rate limit) and written as
sharedWith (yaml, json) or as an AudienceSharing named <resource name>-sharing (ts).
A kind with no recipients is left out, so it is not managed. If Pinterest refuses the
sharing endpoints (not every app may use them), the audiences are written without
their sharing, with a warning.

Credentials: PINTEREST_ACCESS_TOKEN, or PINTEREST_REFRESH_ACCESS_TOKEN with
PINTEREST_APP_ID and PINTEREST_APP_SECRET; PINTEREST_API_URI sets the base URL.`;

const FORMATS = ["ts", "yaml", "json"] as const;
type Format = (typeof FORMATS)[number];

/** Runs `import`; resolves to the exit code. */
export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    "ad-account": { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    type: { type: "string", multiple: true },
    name: { type: "string", multiple: true },
    schema: { type: "string" },
    force: { type: "boolean" },
    "no-sharing": { type: "boolean" },
    "no-protect": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(`${IMPORT_HELP}\n`);
    return EXIT.ok;
  }
  const adAccountId = adAccountOption(values);
  const format = (stringOption(values, "format") ?? "ts") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}".`);
  const keep = audienceFilter(listOption(values, "type"), listOption(values, "name"));
  const outDir = path.resolve(io.cwd, stringOption(values, "out") ?? (format === "ts" ? "." : "audiences"));

  let requests = 0;
  const client = clientFromEnv(io.env, {
    logger: (level) => {
      if (level === "debug") requests += 1; // one debug line per request sent
    },
  });
  try {
    const audiences = await readAccount(client, adAccountId, io);
    const matching = audiences.filter(keep);
    const declarable = declarableOf(matching, io);
    if (declarable.length === 0) {
      io.stdout.write(
        `No audience of ad account ${adAccountId} to import (${audiences.length} read, ${matching.length} matched the filters); nothing was written.\n`,
      );
      return EXIT.ok;
    }

    const names = resourceNames(declarable);
    const schemaRef = format === "ts" ? "" : schemaRefFor(outDir, values.schema);
    const plan = (sharing: SharingRead | undefined): PlannedFile[] => {
      const protect = values["no-protect"] !== true;
      const entries = declarable.map((audience, i) => ({ resourceName: names[i], declaration: declarationOf(audience, true, sharing, protect) }));
      return format === "ts" ? [programFile(outDir, adAccountId, entries)] : declarationFiles(outDir, format, entries, schemaRef);
    };
    // Before any sharing is read: files in the way stop the import at once.
    refuseOverwrites(plan(undefined), values.force === true, io.cwd);
    const listRequests = requests;
    const sharing =
      values["no-sharing"] === true ? undefined : await readAccountSharing(client, adAccountId, declarable, io, () => requests - listRequests);
    writeFiles(plan(sharing), declarable.length, io);

    const where = path.relative(io.cwd, outDir) || ".";
    const skipped = matching.length - declarable.length;
    io.stdout.write(
      `Wrote ${declarable.length} audience declaration(s) of ad account ${adAccountId} as ${format} to ${where}` +
        `${format === "ts" ? `/index.ts` : "/"} (${audiences.length} read, ${matching.length} matched${skipped > 0 ? `, ${skipped} skipped` : ""}).\n` +
        `${sharingSummary(sharing, format, requests - listRequests)}\n` +
        `${values["no-protect"] === true ? "Not protected (--no-protect): `pulumi destroy` removes them from Pinterest." : "Each is protected (protect: true), as `pulumi import` does: `pulumi destroy` cannot remove what existed before the stack until you set protect to false."}\n` +
        `Next: \`pulumi preview\` lists them to adopt; \`pulumi up\` adopts them without changing anything at Pinterest.\n`,
    );
    return EXIT.ok;
  } finally {
    client.close();
  }
}

/** The audiences that can be declared, with a warning for each one skipped. */
function declarableOf(matching: readonly AudienceOutputs[], io: CliIo): AudienceOutputs[] {
  const declarable: AudienceOutputs[] = [];
  for (const audience of matching) {
    // The id goes into file names and importId: an answer that is not a Pinterest id is never used.
    if (!isPinterestId(audience.audienceId)) {
      io.stderr.write(
        `warning: skipped an audience whose id ${shownId(audience.audienceId)} is not a Pinterest audience id (1 to 18 digits): ` +
          "it cannot be used in a file name or as importId. Check PINTEREST_API_URI points at Pinterest's API.\n",
      );
      continue;
    }
    const problems = validateDeclaration(declarationOf(audience, true));
    if (problems.length === 0) declarable.push(audience);
    else {
      const why = problems.map((p) => `${p.property || "(audience)"}: ${p.reason}`).join("; ");
      io.stderr.write(
        `warning: skipped audience ${audience.audienceId} "${audience.name}" (${audience.audienceType}): it cannot be declared: ${why}\n`,
      );
    }
  }
  return declarable;
}

/**
 * Who each audience is shared with, with progress on stderr (requests counted by `requestsSoFar`). A refusal of
 * the sharing endpoints is warned about once and yields no sharing; any other failure stops the import.
 */
async function readAccountSharing(
  client: PinterestClient,
  adAccountId: string,
  audiences: readonly AudienceOutputs[],
  io: CliIo,
  requestsSoFar: () => number,
): Promise<SharingRead> {
  const progress = progressOn(io.stderr);
  const total = audiences.length;
  let read: SharingRead;
  try {
    read = await readSharing({
      client,
      adAccountId,
      audienceIds: audiences.map((a) => a.audienceId),
      onProgress: (done) => {
        if (done % 50 === 0 || done === total) progress.update(`Reading sharing: ${done}/${total} audience(s), ${requestsSoFar()} request(s)`);
      },
    });
  } catch (error) {
    const message =
      error instanceof PinterestApiError ? `Pinterest error: ${cliErrorMessage(error)}` : error instanceof Error ? error.message : String(error);
    throw new CommandError(
      `reading who the audiences are shared with failed: ${message} Nothing was written. Run again, or pass --no-sharing to import the audiences without their sharing.`,
    );
  } finally {
    progress.done();
  }
  for (const warning of read.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (read.refused) {
    const answer = read.refused;
    const said = answer.apiMessage ? `: ${JSON.stringify(answer.apiMessage)}` : "";
    io.stderr.write(
      `warning: sharing not imported: Pinterest refused to list who the audiences are shared with (HTTP ${answer.status}${said}). ` +
        "The audiences are written without their sharing, which is then not managed. The sharing endpoints are not available " +
        "to every app: ask Pinterest for access to audience sharing, then import again; or pass --no-sharing to skip these reads.\n",
    );
  }
  return read;
}

/** The summary's line about sharing. */
function sharingSummary(sharing: SharingRead | undefined, format: Format, requests: number): string {
  if (sharing === undefined) return "Sharing: not read (--no-sharing); it is not managed.";
  if (sharing.refused) return `Sharing: not imported, Pinterest refused it (see the warning above; ${requests} request(s)).`;
  const how = format === "ts" ? "as an AudienceSharing each" : "as sharedWith";
  return `Sharing: ${sharing.sharedWith.size} audience(s) shared, written ${how} (${requests} request(s) read it).`;
}

/** An id from an answer, quoted and shortened for a warning. */
function shownId(id: unknown): string {
  if (typeof id !== "string") return `of type ${typeof id}`;
  return JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
}

/** Every audience of the account, oldest first, with progress on stderr. */
async function readAccount(client: PinterestClient, adAccountId: string, io: CliIo): Promise<AudienceOutputs[]> {
  const progress = progressOn(io.stderr);
  try {
    return await listAudiences({
      adAccountId,
      client,
      order: "ASCENDING",
      onProgress: (p) => progress.update(`Reading ad account ${adAccountId}: ${p.pages} page(s), ${p.audiences} audience(s)`),
    });
  } finally {
    progress.done();
  }
}

/**
 * The declaration of an existing audience, adopting it when `adopt` is true, with its sharing when read, and
 * `protect: true` when `protect` is.
 */
function declarationOf(audience: AudienceOutputs, adopt: boolean, sharing?: SharingRead, protect = false): Declaration {
  const declaration: Declaration = {
    adAccountId: audience.adAccountId,
    name: audience.name,
    audienceType: audience.audienceType,
    rule: audience.rule,
  };
  if (audience.description) declaration.description = audience.description;
  if (adopt) declaration.importId = audience.audienceId;
  if (protect) declaration.protect = true;
  const sharedWith = sharing?.sharedWith.get(audience.audienceId);
  if (sharedWith !== undefined) declaration.sharedWith = sharedWith;
  return declaration;
}
