/**
 * `pinterest-audiences validate`: checks YAML/JSON declaration files against schema.json, offline and without
 * credentials. Exit code 1 when any file fails, so a CI job fails.
 */
import { DECLARATION_EXTENSIONS, formatFailures, loadDeclarations, MAX_DECLARATION_FILE_BYTES } from "../provider/declarations";
import { parse } from "./args";
import { EXIT, UsageError, type CliIo } from "./io";

/** Help text of `validate`. */
export const VALIDATE_HELP = `Usage: pinterest-audiences validate <file or directory>...

Checks audience declarations (one per YAML or JSON file; a directory means its
${DECLARATION_EXTENSIONS.join(", ")} files) against the package's schema.json, offline: no
credentials and no request to Pinterest. Also checks that file names are valid resource
names and that no two files share a resource name or an importId. Only regular files
of at most ${MAX_DECLARATION_FILE_BYTES / 1024 / 1024} MiB are read: anything else (a pipe, a device, a bigger file) is reported.

Prints one line per problem, "file:line: property: reason", then a summary.
Exit code: 0 when every file is valid, 1 when any is not (or none was found), 2 on usage errors.

Options:
  -h, --help   show this help`;

/** Runs `validate`; resolves to the exit code. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: "boolean", short: "h" } }, true);
  if (values.help) {
    io.stdout.write(`${VALIDATE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0)
    throw new UsageError("give the declaration files or directories to check, e.g. `pinterest-audiences validate audiences/`.");
  const loaded = loadDeclarations(positionals, { cwd: io.cwd });
  if (loaded.length === 0) {
    io.stderr.write(`No declaration files (${DECLARATION_EXTENSIONS.join(", ")}) found in ${positionals.join(", ")}; nothing was checked.\n`);
    return EXIT.failure;
  }
  const problems = formatFailures(loaded);
  for (const line of problems) io.stdout.write(`${line}\n`);
  const invalid = loaded.filter((l) => l.failures.length > 0).length;
  io.stdout.write(
    invalid === 0
      ? `${loaded.length} declaration file(s) checked: all valid.\n`
      : `${loaded.length} declaration file(s) checked: ${invalid} invalid, ${problems.length} problem(s).\n`,
  );
  return invalid === 0 ? EXIT.ok : EXIT.failure;
}
