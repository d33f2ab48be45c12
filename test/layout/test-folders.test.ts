/**
 * `test/` mirrors the source folders (issue 20): a test sits in the folder of what it proves (`test/api/` for
 * `provider/api/`, `test/cli/` for `cli/`, …), beside the suites that are not about one folder: the real CLI
 * (`e2e/`), the engine stand-in (`harness/`), the invariants, this layout check, and shared helpers and fixtures.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** The folders of `test/` that are not a source folder's mirror. */
const OWN_FOLDERS = ["e2e", "harness", "invariants", "layout", "helpers", "fixtures"];

/** Every source folder a test folder may mirror: provider's folders, and the top-level cli/, emulator/, scripts/. */
function sourceFolders(): string[] {
  const provider = fs
    .readdirSync(path.join(ROOT, "provider"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  return [...provider, "cli", "emulator", "scripts"];
}

test("no test file sits at the top of test/, and every test folder mirrors a source folder", () => {
  const entries = fs.readdirSync(path.join(ROOT, "test"), { withFileTypes: true });
  expect(entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => e.name)).toEqual([]);
  const allowed = new Set([...sourceFolders(), ...OWN_FOLDERS]);
  expect(entries.filter((e) => e.isDirectory() && !allowed.has(e.name)).map((e) => e.name)).toEqual([]);
});
