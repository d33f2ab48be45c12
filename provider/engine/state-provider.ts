/**
 * Which provider object an `Audience` hands to Pulumi, chosen by how Pulumi will serialise it into the state.
 *
 * Pulumi writes a module that lives under a `node_modules` folder as a one-line `require` of its package path,
 * and serialises any other module by value: its code, what it imports, and its module state (credentials included,
 * once `configure` ran in the program's process). The package is resolved outside `node_modules` when it is
 * installed with `npm link`, as a `file:` dependency, as a workspace package (npm, pnpm or yarn workspaces all
 * symlink it), or used by a program inside this repository. In those layouts a resource hands Pulumi
 * {@link providerNamed} instead: a few hundred bytes that load the package by name when the plugin runs them.
 */
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycleModule from "../audience/lifecycle";

/** The package specifier of each resource type's lifecycle module (package.json `exports`). */
export const LIFECYCLE_SPECIFIERS = {
  audience: "pulumi-pinterest-audiences/dynamic",
  audienceSharing: "pulumi-pinterest-audiences/dynamic/sharing",
} as const;

/**
 * A provider that holds no code but a package specifier. Its only method, `configure` (which the plugin calls
 * once, first, on the very object it then uses for every call), loads the lifecycle module by name, where the
 * plugin runs (the Pulumi program's folder), and puts the lifecycle's functions on itself.
 *
 * Serialised by value, so it must refer to nothing but the specifier; state written with it calls the
 * lifecycle's `configure`, `check`, `diff`, `create`, `read`, `update` and `remove` (a compatibility contract).
 * @param specifier One of {@link LIFECYCLE_SPECIFIERS}.
 */
export function providerNamed(specifier: string): Pick<pulumi.dynamic.ResourceProvider, "configure"> {
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      let lifecycle: typeof lifecycleModule;
      try {
        lifecycle = require(specifier);
      } catch (error) {
        throw new Error(
          `pulumi-pinterest-audiences cannot be loaded from ${process.cwd()} (${(error as Error).message.split("\n")[0]}). ` +
            "Install it in the Pulumi project's folder (npm install pulumi-pinterest-audiences, npm link, or a workspace dependency), then run again.",
        );
      }
      const { check, diff, create, read, update, remove } = lifecycle;
      Object.assign(this, { check, diff, create, read, update, delete: remove });
      await lifecycle.configure(req);
    },
  };
}

/** {@link providerNamed} for audiences: the provider state written by 0.1.0 from linked installs holds. */
export const providerByName = providerNamed(LIFECYCLE_SPECIFIERS.audience);

/**
 * Whether Pulumi serialises the module at `moduleFile` as a `require` rather than by value: as Pulumi's closure
 * serialiser decides, its path relative to the working directory has a `node_modules` segment.
 * @param moduleFile The module's file name as Node loaded it (its real path, unless --preserve-symlinks).
 * @param cwd The program's working directory.
 */
export function serialisedAsRequire(moduleFile: string, cwd: string): boolean {
  return path.relative(cwd, moduleFile).split(/[\\/]/).includes("node_modules");
}

/**
 * The provider for a resource to hand Pulumi: its lifecycle module itself when Pulumi will write it as a one-line
 * `require` (an install under node_modules), else `byName` (a {@link providerNamed}).
 * @param lifecycle The lifecycle module.
 * @param lifecycleFile Its file name as Node loaded it.
 * @param cwd The program's working directory (default `process.cwd()`).
 * @param byName The provider that loads the lifecycle by name (default: the audience lifecycle's).
 */
export function providerForState(
  lifecycle: pulumi.dynamic.ResourceProvider,
  lifecycleFile: string,
  cwd: string = process.cwd(),
  byName: Pick<pulumi.dynamic.ResourceProvider, "configure"> = providerByName,
): pulumi.dynamic.ResourceProvider {
  // The other methods appear once `configure` ran, before the plugin looks for them.
  return serialisedAsRequire(lifecycleFile, cwd) ? lifecycle : (byName as pulumi.dynamic.ResourceProvider);
}
