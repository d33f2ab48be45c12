/**
 * The by-name provider object (provider/plugin/state-provider.ts, linked and workspace installs) in-process: every
 * method exists before `configure` ran; a call made while `configure` is under way waits for the lifecycle and hands
 * the call to it; with a package that cannot be loaded, configure and every method fail saying where to install it.
 * (test/plugin/by-name-provider.test.ts proves the same through the real plugin.)
 */
import type * as pulumi from "@pulumi/pulumi";
import { providerNamed } from "../../provider/plugin/state-provider";

const NOT_LOADABLE = /pulumi-pinterest-audiences cannot be loaded from .*Install it in the Pulumi project's folder/;

/** A stand-in lifecycle module, loaded by name, that records the calls it gets. */
const mockCalls: string[] = [];
let mockFinishConfigure: () => void = () => undefined;
jest.mock(
  "fake-lifecycle/dynamic",
  () => ({
    configure: () => new Promise<void>((resolve) => (mockFinishConfigure = () => (mockCalls.push("configure"), resolve()))),
    check: async (_olds: unknown, news: unknown) => (mockCalls.push("check"), { inputs: news, failures: [] }),
    diff: async () => (mockCalls.push("diff"), { changes: false }),
    create: async () => (mockCalls.push("create"), { id: "1", outs: {} }),
    read: async (id: string) => (mockCalls.push(`read ${id}`), { id, props: {} }),
    update: async (id: string) => (mockCalls.push(`update ${id}`), { outs: {} }),
    remove: async (id: string) => void mockCalls.push(`remove ${id}`),
  }),
  { virtual: true },
);

const CONFIGURE_REQUEST = { config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest;

describe("the by-name provider object", () => {
  beforeEach(() => {
    mockCalls.length = 0;
  });

  test("has every method before configure ran", () => {
    const provider = providerNamed("fake-lifecycle/dynamic");
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"] as const)
      expect(typeof provider[method]).toBe("function");
  });

  test("a delete called before configure resolved waits for the lifecycle, then removes", async () => {
    const provider = providerNamed("fake-lifecycle/dynamic");
    // As the plugin does: configure is started, and a second call finds the cached object before it resolved.
    const configured = provider.configure(CONFIGURE_REQUEST);
    const deleted = provider.delete("42", {});
    const updated = provider.update("43", {}, {});
    await Promise.resolve();
    expect(mockCalls).toEqual([]);
    mockFinishConfigure();
    await Promise.all([configured, deleted, updated]);
    expect(mockCalls).toEqual(["configure", "remove 42", "update 43"]);
  });

  test("every method answers what the lifecycle answers", async () => {
    const provider = providerNamed("fake-lifecycle/dynamic");
    const configured = provider.configure(CONFIGURE_REQUEST);
    mockFinishConfigure();
    await configured;
    await expect(provider.check({}, { name: "a" })).resolves.toEqual({ inputs: { name: "a" }, failures: [] });
    await expect(provider.diff("1", {}, {})).resolves.toEqual({ changes: false });
    await expect(provider.create({})).resolves.toEqual({ id: "1", outs: {} });
    await expect(provider.read("7", {})).resolves.toEqual({ id: "7", props: {} });
    await expect(provider.update("8", {}, {})).resolves.toEqual({ outs: {} });
    await expect(provider.delete("9", {})).resolves.toBeUndefined();
    expect(mockCalls).toEqual(["configure", "check", "diff", "create", "read 7", "update 8", "remove 9"]);
  });

  test("the error of a package that cannot be loaded quotes the first line of the loader's own", async () => {
    const message = await providerNamed("no-such-package-anywhere/dynamic")
      .configure(CONFIGURE_REQUEST)
      .then(
        () => "",
        (error: Error) => error.message,
      );
    expect(message).toMatch(
      /^pulumi-pinterest-audiences cannot be loaded from \S+ \(Cannot find module 'no-such-package-anywhere\/dynamic'[^\n]*\)\. Install it/,
    );
    expect(message).not.toContain("\n");
  });

  test("when the package cannot be loaded, configure and every later call fail with where to install it", async () => {
    const provider = providerNamed("no-such-package-anywhere/dynamic");
    const configured = provider.configure(CONFIGURE_REQUEST);
    const during = provider.delete("1", {});
    await expect(configured).rejects.toThrow(NOT_LOADABLE);
    await expect(during).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.delete("2", {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.update("3", {}, {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.check({}, {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.diff("4", {}, {})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.create({})).rejects.toThrow(NOT_LOADABLE);
    await expect(provider.read("5", {})).rejects.toThrow(NOT_LOADABLE);
  });
});
