/**
 * Reading a declaration file safely: only a regular file, of bounded size, opened without blocking, and never more
 * than the limit read; anything else is a failure saying why, not an exception.
 */
import * as fs from "node:fs";

/**
 * The largest declaration file read, in bytes (1 MiB). A declaration is a few hundred bytes; even thousands of
 * pin ids fit many times over. Bigger files are refused before being read, so a mistaken path cannot exhaust memory.
 */
export const MAX_DECLARATION_FILE_BYTES = 1024 * 1024;

/**
 * The text of a declaration file, or why it is not read: only a regular file (not a FIFO, device, socket or
 * directory, which could block or never end) of at most {@link MAX_DECLARATION_FILE_BYTES}. It is opened
 * without blocking and checked again once open, and never more than the limit is read, so a file swapped or
 * growing meanwhile is refused too.
 */
export function readDeclarationFile(absolute: string): string | { failure: string } {
  const tooBig = (size: string): { failure: string } => ({
    failure: `it is ${size}, more than the ${MAX_DECLARATION_FILE_BYTES / 1024 / 1024} MiB a declaration file may hold; a declaration is a few hundred bytes. Check that this is the file you meant.`,
  });
  const notRegular = (stat: fs.Stats): { failure: string } => ({
    failure: `it is ${kindOf(stat)}, not a regular file; only regular YAML or JSON files are read. Give the path of a declaration file.`,
  });
  let fd: number | undefined;
  try {
    const before = fs.statSync(absolute);
    if (!before.isFile()) return notRegular(before);
    if (before.size > MAX_DECLARATION_FILE_BYTES) return tooBig(`${before.size} bytes`);
    fd = fs.openSync(absolute, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return notRegular(opened);
    if (opened.size > MAX_DECLARATION_FILE_BYTES) return tooBig(`${opened.size} bytes`);
    // One byte more than the file holds: filling it means the file grew while being read.
    const buffer = Buffer.alloc(opened.size + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length)
        return { failure: "it grew while being read; a declaration file must not change while it is checked. Run again." };
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    return { failure: `cannot read it (${errorCode(error)}). Check the path and its permissions.` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What kind of file system entry a stat describes, for a failure message. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}
