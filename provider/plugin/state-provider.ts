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

/** The package specifier of each resource type's lifecycle module (package.json `exports`). */
export const LIFECYCLE_SPECIFIERS = {
  audience: "pulumi-pinterest-audiences/dynamic",
  audienceSharing: "pulumi-pinterest-audiences/dynamic/sharing",
} as const;

/** The lifecycle functions a by-name provider hands its calls to, by name: every resource type's lifecycle module has them. */
export interface Lifecycle {
  /** Takes the plugin's configure request (stack config). */
  configure(req?: pulumi.dynamic.ConfigureRequest): Promise<void>;
  /** Pulumi's check. */
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
  /** Pulumi's diff. */
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult>;
  /** Pulumi's create. */
  create(news: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult>;
  /** Pulumi's read. */
  read(id: string, props?: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult>;
  /** Pulumi's update. */
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult>;
  /** Pulumi's delete, under the name the stub of 0.1.0 calls. */
  remove(id: string, props: Record<string, unknown>): Promise<void>;
}

/** A by-name provider: every method of a dynamic provider, from the start. */
export interface NamedProvider extends Required<Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">> {
  /**
   * Loads the lifecycle module and configures it with `req`, once: every later call (of any method) answers the
   * same promise, which rejects, for every caller, when the package cannot be loaded.
   */
  configure(req?: pulumi.dynamic.ConfigureRequest): Promise<Lifecycle>;
}

/**
 * A provider that holds no code but a package specifier: it loads the lifecycle module by name where the plugin runs
 * (the Pulumi program's folder), configures it, and hands every call to it.
 *
 * Every method exists from the start and waits for that one loading. The plugin caches the provider object before it
 * awaits `configure`, so a call arriving meanwhile, or after `configure` failed, finds the object as it is: a missing
 * method would be skipped and reported as done (a delete dropped from the state without a REMOVE). When the package
 * cannot be loaded, every call fails, saying where to install it.
 *
 * Serialised by value into every resource's state, so it refers to nothing but the specifier and stays small. The
 * loading is kept on the object itself, only ever in the plugin's process (nothing calls the object where the
 * program runs and Pulumi serialises it). The lifecycle's `configure`, `check`, `diff`, `create`, `read`, `update`
 * and `remove` are called by name, as the stub 0.1.0 wrote calls them (a compatibility contract).
 * @param specifier One of {@link LIFECYCLE_SPECIFIERS}.
 */
export function providerNamed(specifier: string): NamedProvider {
  return {
    configure(req) {
      return ((this as { loading?: Promise<Lifecycle> }).loading ??= (async () => {
        let lifecycle: Lifecycle;
        try {
          lifecycle = require(specifier);
        } catch (error) {
          throw new Error(
            `pulumi-pinterest-audiences cannot be loaded from ${process.cwd()} (${(error as Error).message.split("\n")[0]}). ` +
              "Install it in the Pulumi project's folder (npm install pulumi-pinterest-audiences, npm link, or a workspace dependency), then run again.",
          );
        }
        await lifecycle.configure(req);
        return lifecycle;
      })());
    },
    // Each waits for the one loading that `configure` began (the plugin calls it first, without waiting for it).
    check(o, n) {
      return this.configure().then((l) => l.check(o, n));
    },
    diff(i, o, n) {
      return this.configure().then((l) => l.diff(i, o, n));
    },
    create(n) {
      return this.configure().then((l) => l.create(n));
    },
    read(i, p) {
      return this.configure().then((l) => l.read(i, p));
    },
    update(i, o, n) {
      return this.configure().then((l) => l.update(i, o, n));
    },
    delete(i, p) {
      return this.configure().then((l) => l.remove(i, p));
    },
  };
}

/** One by-name provider per specifier, shared by every resource of the program: Pulumi serialises an object once. */
const byNameProviders = new Map<string, NamedProvider>();

/** The program's one {@link providerNamed} for `specifier`. */
export function sharedProviderNamed(specifier: string): NamedProvider {
  let provider = byNameProviders.get(specifier);
  if (!provider) byNameProviders.set(specifier, (provider = providerNamed(specifier)));
  return provider;
}

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
 * @param byName The provider that loads the lifecycle by name (see {@link sharedProviderNamed}).
 * @param cwd The program's working directory (default `process.cwd()`).
 */
export function providerForState(
  lifecycle: pulumi.dynamic.ResourceProvider,
  lifecycleFile: string,
  byName: NamedProvider,
  cwd: string = process.cwd(),
): pulumi.dynamic.ResourceProvider {
  // The plugin ignores what `configure` resolves to (the by-name provider's resolves to the lifecycle).
  return serialisedAsRequire(lifecycleFile, cwd) ? lifecycle : (byName as unknown as pulumi.dynamic.ResourceProvider);
}
