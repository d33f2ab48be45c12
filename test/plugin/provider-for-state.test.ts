/**
 * Which provider object a resource hands Pulumi (provider/plugin/state-provider.ts): the lifecycle module itself when
 * Pulumi will write it into the state as a one-line `require` (its file lies under a node_modules folder, seen from
 * the program's folder), else the by-name provider, which Pulumi serialises by value without the module's state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { providerForState, providerNamed, serialisedAsRequire, sharedProviderNamed } from "../../provider/plugin/state-provider";

test.each<[string, string, string, boolean]>([
  [
    "an install under the program's node_modules",
    "/work/app/node_modules/pulumi-pinterest-audiences/dist/provider/audience/lifecycle.js",
    "/work/app",
    true,
  ],
  [
    "a workspace package under a parent's node_modules",
    "/work/node_modules/pulumi-pinterest-audiences/dist/provider/audience/lifecycle.js",
    "/work/app",
    true,
  ],
  ["an npm link (its real path outside node_modules)", "/src/pulumi-pinterest-audiences/dist/provider/audience/lifecycle.js", "/work/app", false],
  ["a folder merely named like it", "/work/app/my_node_modules/lifecycle.js", "/work/app", false],
  ["a program inside this repository", "/work/repo/provider/audience/lifecycle.ts", "/work/repo/examples/basic", false],
])("%s: serialised as a require %p", (_what, file, cwd, expected) => {
  expect(serialisedAsRequire(file, cwd)).toBe(expected);
});

test("the lifecycle itself when it is written as a require, else the by-name provider", () => {
  const lifecycle = { create: async () => ({ id: "1" }) } as pulumi.dynamic.ResourceProvider;
  const byName = providerNamed("pulumi-pinterest-audiences/dynamic");
  expect(providerForState(lifecycle, "/work/app/node_modules/p/lifecycle.js", byName, "/work/app")).toBe(lifecycle);
  expect(providerForState(lifecycle, "/src/p/lifecycle.js", byName, "/work/app")).toBe(byName);
});

test("one by-name provider per specifier for the whole program, so Pulumi serialises it once", () => {
  const audiences = sharedProviderNamed("pulumi-pinterest-audiences/dynamic");
  expect(sharedProviderNamed("pulumi-pinterest-audiences/dynamic")).toBe(audiences);
  expect(sharedProviderNamed("pulumi-pinterest-audiences/dynamic/sharing")).not.toBe(audiences);
});
