/**
 * Dependencies point one way (issue 20): the front ends in `cli/` over the library in `provider/` and the emulator
 * in `emulator/`; the emulator knows Pinterest's wire format (`provider/api/types.ts`) and nothing else of the
 * provider; the provider knows neither. Every relative import and `require` of those folders is checked.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * What each layer may import, as path prefixes relative to the repository root. Inside the provider, the client
 * (`api/`), the schema and the plugin glue know no resource, so a new resource touches none of them.
 */
const ALLOWED: Record<string, readonly string[]> = {
  "provider/api": ["provider/api/"],
  "provider/schema": ["provider/schema/", "provider/api/"],
  "provider/plugin": ["provider/plugin/", "provider/api/", "provider/schema/"],
  provider: ["provider/"],
  emulator: ["emulator/", "provider/api/types.ts"],
  cli: ["cli/", "provider/", "emulator/"],
};

/** The layer a file belongs to: the longest key of {@link ALLOWED} it lies under. */
function layerOf(file: string): string | undefined {
  return Object.keys(ALLOWED)
    .filter((layer) => file.startsWith(`${layer}/`))
    .sort((a, b) => b.length - a.length)[0];
}

function sourcesUnder(root: string, folder: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(root, relative));
    else if (entry.name.endsWith(".ts")) out.push(relative);
  }
  return out;
}

/** The repository-relative file each relative import or require of `file` names (`.ts`, or the folder's index.ts). */
function importsOf(file: string, root = ROOT): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s+|require\(|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return specifiers.map((specifier) => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (fs.existsSync(path.join(root, `${target}.ts`))) return `${target}.ts`;
    if (fs.existsSync(path.join(root, target, "index.ts"))) return `${target}/index.ts`;
    return target;
  });
}

/** Every import against the direction, as `from -> to`. */
function layeringViolations(root = ROOT): string[] {
  const violations: string[] = [];
  for (const layer of ["provider", "emulator", "cli"]) {
    for (const file of sourcesUnder(root, layer)) {
      const allowed = ALLOWED[layerOf(file) ?? layer];
      for (const target of importsOf(file, root)) {
        if (!allowed.some((prefix) => target === prefix || target.startsWith(prefix))) violations.push(`${file} -> ${target}`);
      }
    }
  }
  return violations;
}

test("no import crosses the layers against their direction", () => {
  expect(layeringViolations()).toEqual([]);
});

test("an import against the direction is reported: the provider on the CLI, the plugin glue or the emulator on a resource's model", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
  try {
    const write = (file: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write("provider/audience/model.ts", 'import { io } from "../../cli/io";\n');
    write("provider/api/types.ts", "export {};\n");
    write("emulator/store.ts", 'import type { T } from "../provider/api/types";\nconst m = require("../provider/audience/model");\n');
    write("cli/io.ts", 'import "../emulator/store";\n');
    write("provider/plugin/state-provider.ts", 'import type * as l from "../audience/model";\nimport "../api/types";\n');
    expect(layeringViolations(root)).toEqual([
      "provider/audience/model.ts -> cli/io.ts",
      "provider/plugin/state-provider.ts -> provider/audience/model.ts",
      "emulator/store.ts -> provider/audience/model.ts",
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("the check sees imports: the CLI's own, and the emulator's of the wire types", () => {
  expect(importsOf("cli/main.ts")).toEqual(expect.arrayContaining(["cli/import.ts", "provider/schema/package-root.ts"]));
  expect(importsOf("emulator/store.ts")).toContain("provider/api/types.ts");
});
