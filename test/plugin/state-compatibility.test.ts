/**
 * State written by earlier releases names the provider by a module path: `pulumi-pinterest-audiences/dynamic`, or
 * (an install under node_modules, 0.1.0) `pulumi-pinterest-audiences/dist/provider/lifecycle.js`. Both must keep
 * loading the audience lifecycle, with every function the plugin calls by name.
 */
import * as path from "path";

const DIST = path.join(__dirname, "..", "..", "dist", "provider");
const CONTRACT = ["configure", "check", "diff", "create", "read", "update", "remove", "delete"];

test("the 0.1.0 path dist/provider/lifecycle.js still exports the audience lifecycle, delete included", () => {
  const old = require(path.join(DIST, "lifecycle.js")) as Record<string, unknown>;
  const current = require(path.join(DIST, "audience", "lifecycle.js")) as Record<string, unknown>;
  for (const name of CONTRACT) {
    expect(typeof old[name]).toBe("function");
    expect(old[name]).toBe(current[name]);
  }
});

test("package.json maps the ./dynamic specifier to the audience lifecycle", () => {
  const manifest = require(path.join(__dirname, "..", "..", "package.json")) as { exports: Record<string, { default: string }> };
  expect(manifest.exports["./dynamic"].default).toBe("./dist/provider/audience/lifecycle.js");
});
