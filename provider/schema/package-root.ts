/**
 * Finding the package root: the directory holding this package's schema.json and package.json, whether run from
 * source or from an installed dist/.
 */
import * as fs from "fs";
import * as path from "path";

/**
 * The package root: the nearest directory at or above this module's directory holding both schema.json and
 * package.json (the repository when run from source, the installed package when run from dist/).
 */
export function packageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, "schema.json")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `schema.json was not found in ${start} or any directory above it; the package is incomplete. ` + "Reinstall pulumi-pinterest-audiences.",
      );
    }
    dir = parent;
  }
}
