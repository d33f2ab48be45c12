/**
 * `AudienceProvider`: the audience lifecycle as a class, for programs that declare their own
 * `pulumi.dynamic.Resource` with it. `Audience` itself uses the lifecycle module directly (see resource.ts),
 * which serialises smaller.
 *
 * It is deliberately thin. Each method loads the implementation at call time through the package's stable
 * entry `pulumi-pinterest-audiences/dynamic`, so its serialised text holds no credentials, no absolute paths
 * and no captured modules, and state written by one release is run (and deleted) by the code of whichever
 * release is installed in the project.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycleModule from "./lifecycle";

/** A property bag as Pulumi hands it to a dynamic provider. */
type Bag = Record<string, unknown>;

/**
 * Loads the lifecycle by its package specifier, resolved where the plugin runs: the user's project folder.
 * Serialised by value into the state, so it must stay this small and refer to nothing but the specifier.
 */
function implementation(): typeof lifecycleModule {
  return require("pulumi-pinterest-audiences/dynamic");
}
/** The Pulumi dynamic resource provider for Pinterest audiences. Constructible without arguments; holds no state. */
export class AudienceProvider implements pulumi.dynamic.ResourceProvider<Bag, Bag> {
  /** Takes credentials and the base URL from the stack configuration (`pinterest:*`), else from the environment. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    await implementation().configure(req.config);
  }

  /** Validates the declaration against schema.json; no API call. */
  async check(olds: Bag, news: Bag): Promise<pulumi.dynamic.CheckResult<Bag>> {
    return implementation().check(olds, news);
  }

  /** Plans update or replacement; no API call. */
  async diff(id: string, olds: Bag, news: Bag): Promise<pulumi.dynamic.DiffResult> {
    return implementation().diff(id, olds, news);
  }

  /** Creates the audience. */
  async create(inputs: Bag): Promise<pulumi.dynamic.CreateResult<Bag>> {
    return implementation().create(inputs);
  }

  /** Reads the live audience (refresh, `Audience.get`). */
  async read(id: string, props?: Bag): Promise<pulumi.dynamic.ReadResult<Bag>> {
    return implementation().read(id, props ?? {});
  }

  /** Updates only the fields that differ from the live audience. */
  async update(id: string, olds: Bag, news: Bag): Promise<pulumi.dynamic.UpdateResult<Bag>> {
    return implementation().update(id, olds, news);
  }

  /** Removes the audience; one already gone counts as deleted. */
  async delete(id: string, props: Bag): Promise<void> {
    return implementation().remove(id, props);
  }
}
