/**
 * Reading a customer list's records from a file: one record per line, or one column of a CSV file (named by its
 * header); gzip-compressed when the name ends in `.gz`. Blank lines (and empty CSV cells) are skipped; positions in errors are lines of
 * the file (the header is line 1), so a user can find a bad record without it being printed.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

/** Where a customer list's records come from: a file, relative to the Pulumi program's folder. */
export interface RecordsFile {
  /** The file: one record per line, or a CSV file with `column`; `.gz` for gzip. */
  path: string;
  /** For a CSV file: the header of the column that holds the records. */
  column?: string;
}

/** The records with the line each came from. */
export interface ReadRecords {
  /** The records, in file order. */
  records: string[];
  /** The file line of each record (1-based). */
  lines: number[];
}

/** Reads the file's text, gunzipped when its name ends in `.gz`; a missing file says where it was looked for. */
function fileText(file: string, cwd: string): string {
  const full = path.resolve(cwd, file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (error) {
    throw new Error(
      `Cannot read the records file ${file} (looked for ${full}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  if (!file.endsWith(".gz")) return bytes.toString("utf8");
  try {
    return zlib.gunzipSync(bytes).toString("utf8");
  } catch {
    throw new Error(`The records file ${file} ends in .gz but is not gzip data.`);
  }
}

/** The fields of one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes; no line breaks inside). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * The records of a file.
 * @param source The file and, for CSV, the column.
 * @param cwd The folder a relative path starts from (the program's).
 */
export function readRecordsFile(source: RecordsFile, cwd: string): ReadRecords {
  const lines = fileText(source.path, cwd)
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  const out: ReadRecords = { records: [], lines: [] };
  let column = -1;
  if (source.column !== undefined) {
    column = csvFields(lines[0] ?? "")
      .map((h) => h.trim())
      .indexOf(source.column);
    if (column < 0) throw new Error(`The records file ${source.path} has no column "${source.column}" in its header (line 1).`);
  }
  lines.forEach((line, i) => {
    if (column >= 0 && i === 0) return;
    const value = column >= 0 ? (csvFields(line)[column] ?? "") : line;
    if (value.trim() === "") return;
    out.records.push(value);
    out.lines.push(i + 1);
  });
  return out;
}
