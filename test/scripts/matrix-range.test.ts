/**
 * The versions the package claims agree with what the matrix (scripts/test-matrix.sh) tests: the lower bound of
 * the @pulumi/pulumi peer range is the SDK the matrix installs as the oldest, the upper end is the SDK the tests
 * run with, and engines.node starts at the oldest Node LTS line the matrix runs (22).
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const matrix = fs.readFileSync(path.join(ROOT, "scripts", "test-matrix.sh"), "utf8");

test("the peer range starts at the oldest SDK the matrix tests, and the dev dependency (the newest) is inside it", () => {
  const oldest = /^OLDEST_SDK="(\d+\.\d+\.\d+)"$/m.exec(matrix)?.[1];
  expect(manifest.peerDependencies["@pulumi/pulumi"]).toBe(`^${oldest}`);
  const installed = (JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
  const minor = (v: string): number => Number(v.replace(/^\^/, "").split(".")[1]);
  expect(installed.split(".")[0]).toBe("3");
  expect(minor(installed)).toBeGreaterThanOrEqual(minor(oldest ?? ""));
});

test("engines.node starts at the oldest Node line the matrix runs", () => {
  const nodes = /MATRIX_NODES:-([\d ]+)\}/.exec(matrix)?.[1].trim().split(" ").map(Number) ?? [];
  expect(nodes).toEqual([22, 24]);
  expect(manifest.engines.node).toBe(`>=${Math.min(...nodes)}`);
});
