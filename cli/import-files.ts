/**
 * The files `pinterest-audiences import` writes: a TypeScript program or one YAML/JSON file per audience, each
 * checked to stay inside the output folder, refused when it exists (unless forced), and written with progress.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RESOURCE_NAME_PATTERN, toJson, toTypeScriptProgram, toYaml, type Declaration } from "../provider/declarations";
import { packageRoot } from "../provider/schema/package-root";
import { CommandError, type CliIo } from "./io";
import { progressOn } from "./progress";

/** A file to write. */
export interface PlannedFile {
  /** Absolute path. */
  file: string;
  /** Its content. */
  content: string;
}

/** index.ts declaring every audience. */
export function programFile(outDir: string, adAccountId: string, entries: { resourceName: string; declaration: Declaration }[]): PlannedFile {
  const shared = entries.some((entry) => entry.declaration.sharedWith !== undefined);
  const header =
    `Audiences of Pinterest ad account ${adAccountId}, written by \`pinterest-audiences import\`.\n` +
    "Each importId adopts an existing audience: the next `pulumi up` adopts them and changes nothing at Pinterest." +
    (shared ? "\nEach AudienceSharing declares the recipients an audience has now, so its sharing is managed too." : "");
  return { file: path.join(outDir, "index.ts"), content: toTypeScriptProgram(entries, { header }) };
}

/** One YAML or JSON file per audience, named after its resource name. */
export function declarationFiles(
  outDir: string,
  format: "yaml" | "json",
  entries: { resourceName: string; declaration: Declaration }[],
  schemaRef: string,
): PlannedFile[] {
  return entries.map(({ resourceName, declaration }) => ({
    file: fileInside(outDir, `${resourceName}.${format}`),
    content: format === "yaml" ? toYaml(declaration, schemaRef) : toJson(declaration, schemaRef),
  }));
}

/**
 * `outDir/name`, after checking that `name` is a plain file name (a valid resource name plus extension) that
 * stays directly inside `outDir`. Ids are checked before they reach a name; this is the last guard.
 */
function fileInside(outDir: string, name: string): string {
  const file = path.resolve(outDir, name);
  if (!RESOURCE_NAME_PATTERN.test(name) || name.startsWith(".") || path.dirname(file) !== outDir) {
    throw new CommandError(
      `Refusing to write ${JSON.stringify(name)}: it is not a plain file name inside ${outDir}. Nothing was written. Report this as a bug.`,
    );
  }
  return file;
}

/**
 * The schema reference for files in `outDir`: the given one; else the path to the project's installed
 * schema.json (node_modules/pulumi-pinterest-audiences, looked for from `outDir` upwards), relative to `outDir`;
 * else the path to this tool's own package's schema.json, relative to `outDir`. Always a file that exists, never
 * a URL: the package is not published yet, and a path works offline.
 */
export function schemaRefFor(outDir: string, given: unknown): string {
  if (typeof given === "string") return given;
  const relative = (file: string): string => path.relative(outDir, file).split(path.sep).join("/");
  for (let dir = outDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "pulumi-pinterest-audiences", "schema.json");
    if (fs.existsSync(candidate)) return relative(candidate);
    if (path.dirname(dir) === dir) return relative(path.join(packageRoot(), "schema.json"));
  }
}

/** Throws when any file exists and `force` is off, before anything is written. */
export function refuseOverwrites(files: PlannedFile[], force: boolean, cwd: string): void {
  if (force) return;
  const existing = files.filter((f) => fs.existsSync(f.file)).map((f) => path.relative(cwd, f.file) || f.file);
  if (existing.length === 0) return;
  const shown = existing.slice(0, 5).join(", ") + (existing.length > 5 ? ` and ${existing.length - 5} more` : "");
  throw new CommandError(
    `${existing.length} file(s) already exist: ${shown}. Nothing was written. Use --force to overwrite them, or --out to write elsewhere.`,
  );
}

/** Writes the files, with progress on stderr (every 100 files, and at the end). */
export function writeFiles(files: PlannedFile[], audienceCount: number, io: CliIo): void {
  const progress = progressOn(io.stderr);
  files.forEach((planned, i) => {
    fs.mkdirSync(path.dirname(planned.file), { recursive: true });
    fs.writeFileSync(planned.file, planned.content);
    const last = i + 1 === files.length;
    if ((i + 1) % 100 === 0 || last) {
      const written = last ? audienceCount : i + 1;
      progress.update(`Writing declarations: ${written}/${audienceCount} audience(s) written`);
    }
  });
  progress.done();
}
