#!/usr/bin/env node
/**
 * `npm run lint`'s check of every GitHub workflow in the repository and its examples with actionlint. actionlint is
 * built once from the Go module proxy at the version tools/actionlint/go.mod pins, into .tool-cache/ (gitignored).
 * Without Go it says so and passes, except under CI=true, where a check that cannot run fails.
 *
 * Plain JavaScript so that it runs without a build step.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const wrapper = path.join(root, "tools", "actionlint");
const version = /^require github\.com\/rhysd\/actionlint (v\S+)/m.exec(fs.readFileSync(path.join(wrapper, "go.mod"), "utf8"))[1];
const binary = path.join(root, ".tool-cache", `actionlint-${version}`);

/** Every workflow file: the repository's and each example's. */
function workflows() {
  const folders = [path.join(root, ".github", "workflows")];
  for (const example of fs.readdirSync(path.join(root, "examples"))) folders.push(path.join(root, "examples", example, ".github", "workflows"));
  return folders
    .filter((folder) => fs.existsSync(folder))
    .flatMap((folder) =>
      fs
        .readdirSync(folder)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(folder, f)),
    );
}

if (!fs.existsSync(binary)) {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    const why = "actionlint: no Go on PATH to build it (https://go.dev/doc/install), so the workflows were not checked";
    if (process.env.CI === "true") {
      process.stderr.write(`${why}; under CI=true that fails lint.\n`);
      process.exit(1);
    }
    process.stderr.write(`${why} (skipped).\n`);
    process.exit(0);
  }
  process.stderr.write(`actionlint: building ${version} once from the Go module proxy…\n`);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const built = spawnSync("go", ["build", "-o", binary, "github.com/rhysd/actionlint/cmd/actionlint"], {
    cwd: wrapper,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
  });
  if (built.status !== 0) {
    process.stderr.write(`actionlint: the build failed (exit ${built.status}); its output is above.\n`);
    process.exit(1);
  }
}

const files = workflows();
const result = spawnSync(binary, ["-no-color", ...files.map((f) => path.relative(root, f))], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
