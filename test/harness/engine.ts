/**
 * A STAND-IN for the Pulumi engine's step logic, small enough to read in one sitting. It is
 * faster than the real CLI and lets unit tests step through single calls. It drives the real
 * dynamic-provider plugin over gRPC the way the engine does (pkg/resource/deploy/step_generator.go, step.go and
 * sdk/go/common/resource/plugin/provider_plugin.go, Pulumi 3.x), against a JSON state file.
 *
 * What it mirrors:
 * - Configure once per plugin process with the whole stack config, namespaced keys kept
 *   ("pinterest:accessToken"), in `args` (secret keys as secret values) and in the legacy
 *   `variables` map ("pulumi-nodejs:config:<key>"), as the engine does for dynamic providers.
 * - The plugin answers acceptSecrets=false, so every later call gets secrets as plain values,
 *   and the engine copies secretness back onto results by property name (annotateSecrets).
 * - Unknowns travel only in preview calls; `__provider` travels in inputs/olds exactly as the
 *   state holds it, and Delete/refresh Read get it from the state's outputs.
 * - up: Check, then Diff for existing resources (DIFF_UNKNOWN falls back to comparing inputs);
 *   Create; Update (also forced while the resource has init errors); replace = Check again with
 *   no olds, then create-then-delete (the old one deleted at the end of `up`; pending delete as soon as the new one
 *   exists, even when its Create failed partially) or delete-first
 *   when the diff or the `deleteBeforeReplace` option says so; Delete of what the program no
 *   longer declares, dependents first. The state is written after every step.
 * - Inputs that are other resources' outputs: the SDK registers such a resource only once they resolve, after the
 *   other resource's step. Resources built without a program run name them (`outputRefs`), and the stand-in
 *   fills them in from the state when the step starts.
 * - import (the `import` option): Read with the id only (no inputs, no state), Check against
 *   what was read, Diff, and fail when the declaration differs (warn in preview).
 * - Resource.get: Read with the declared inputs as both inputs and state; recorded as external.
 * - refresh: Read with prior inputs and outputs; keep the inputs unless the read returns some;
 *   drop resources whose read returns no id; Diff to report drift.
 * - An error from Create/Update carrying an ErrorResourceInitFailed detail is a partial
 *   failure: the resource is recorded with its id and init errors, and the step still fails;
 *   its message is the detail's reasons ("1 error occurred: * …"), not the error's message.
 *
 * Checked against the real Pulumi CLI (test/e2e/stand-in-agrees.test.ts records what the plugin
 * receives under both): the fields of Configure, Check, Diff, Create, Read, Update and Delete, and
 * the state they leave, agree. One difference is structural: the real CLI starts a plugin (and
 * sends Configure) per command; the stand-in keeps one plugin per startEngine.
 * - After a failed step no new step starts and deletes are skipped (no --continue-on-error).
 *
 * What it leaves out: component resources, explicit provider resources, aliases, custom
 * timeouts, import-replace, nested ignoreChanges paths, policy packs, plans, stack outputs.
 */
import * as crypto from "crypto";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { RegisteredResource } from "./program";
import { CallCounts, PluginCallError, PluginProcess, startPlugin, zeroCounts, RpcMethod } from "./plugin";
import { StateResource, StateStore } from "./state";
import { annotateSecrets, changedKeys, deepEqual, makeSecret, mapForPlugin, UNKNOWN, WireMap } from "./wire";

/** Options of startEngine. */
export interface EngineOptions {
  /** The project folder the plugin runs in (serialised providers `require` from here). */
  cwd: string;
  /** Stack config with namespaced keys, e.g. `{"pinterest:accessToken": "..."}`. */
  config: Record<string, string>;
  /** Config keys that are secrets (sent to Configure as secret values). */
  secretConfigKeys?: string[];
  /** The state file (created on the first step that records something). */
  statePath: string;
  /** Extra environment for the plugin process. */
  env?: NodeJS.ProcessEnv;
  /** How many independent calls a step may have in flight at once (default 1; the engine's --parallel). */
  parallel?: number;
  /** Passphrase for the state's secret values (default "harness"). */
  secretsPassphrase?: string;
  /** Stack name, for the default provider's URN (default "stack"). */
  stack?: string;
  /** Project name, for the default provider's URN (default "project"). */
  project?: string;
  /**
   * Starts a new plugin for every operation after the first, as every `pulumi` command does (default false: one
   * plugin for the engine's life, which is faster). Providers that remember something for the length of one
   * command (e.g. which recipients this command's sharing creates declared) need it.
   */
  pluginPerCommand?: boolean;
}

/** Per-operation options. */
export interface RunOptions {
  /** Overrides EngineOptions.parallel for this operation. */
  parallel?: number;
}

/** What a step does to a resource. */
export type StepOp = "same" | "create" | "update" | "replace" | "delete" | "import" | "read";

/** A property the provider's Check rejected. */
export interface CheckFailure {
  /** The property's name. */
  property: string;
  /** Why. */
  reason: string;
}

/** One step of a plan or an operation. */
export interface PlanStep {
  /** The resource's URN. */
  urn: string;
  /** Its logical name. */
  name: string;
  /** What happens to it. */
  op: StepOp;
  /** Properties that change (from the provider's diff, else from comparing inputs). */
  diffs: string[];
  /** Properties whose change forces a replacement. */
  replaces: string[];
  /** The replacement deletes first. */
  deleteBeforeReplace: boolean;
  /** Check failures. */
  failures: CheckFailure[];
  /** Warnings the engine would print (e.g. an import that would fail). */
  warnings: string[];
}

/** An error of one step. */
export interface StepError {
  /** The failing resource's URN. */
  urn: string;
  /** Its logical name. */
  name: string;
  /** The step that failed. */
  op: StepOp;
  /** The message, as the engine would print it. */
  message: string;
}

/** The result of preview, up, refresh or destroy. */
export interface OperationResult {
  /** No step failed. */
  ok: boolean;
  /** Steps, declared resources first in declaration order, then deletions as they ran. */
  steps: PlanStep[];
  /** Errors of failed steps. */
  errors: StepError[];
  /** gRPC calls made by this operation, per method. */
  calls: CallCounts;
  /** What the plugin wrote to stdout during this operation. */
  pluginStdout: string;
  /** What the plugin wrote to stderr during this operation. */
  pluginStderr: string;
  /** Wall time of the operation in milliseconds. */
  durationMs: number;
}

/** A running engine stand-in bound to one plugin process and one state file. */
export interface Engine {
  /** Check + Diff (+ Read for imports and gets) per resource; writes nothing. */
  preview(resources: RegisteredResource[], options?: RunOptions): Promise<OperationResult>;
  /** Applies the declaration to the state and the provider. */
  up(resources: RegisteredResource[], options?: RunOptions): Promise<OperationResult>;
  /** Reads every resource in the state and records what it finds. */
  refresh(options?: RunOptions): Promise<OperationResult>;
  /** Deletes every resource in the state. */
  destroy(options?: RunOptions): Promise<OperationResult>;
  /** The resources in the state, secrets decrypted to secret wrappers. */
  state(): StateResource[];
  /** The plugin process (calls, timings, output): the current one, with `pluginPerCommand`. */
  readonly plugin: PluginProcess;
  /** Milliseconds the Configure call took. */
  readonly configureMs: number;
  /** Stops the plugin process. */
  stop(): Promise<void>;
}

/** Starts the plugin in `cwd`, configures it with the stack config and returns the engine. */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const { plugin, configureMs } = await startConfiguredPlugin(options);
  return new EngineImpl(options, plugin, configureMs);
}

/** A new plugin process, configured with the stack config. */
async function startConfiguredPlugin(options: EngineOptions): Promise<{ plugin: PluginProcess; configureMs: number }> {
  const plugin = await startPlugin({ cwd: options.cwd, env: options.env });
  try {
    const t0 = performance.now();
    await plugin.call("configure", configureRequest(options));
    return { plugin, configureMs: performance.now() - t0 };
  } catch (e) {
    await plugin.stop();
    throw e;
  }
}

function toStruct(m: WireMap): Struct {
  return Struct.fromJavaScript(m as Parameters<typeof Struct.fromJavaScript>[0]);
}

function fromStruct(s: Struct | undefined): WireMap | undefined {
  return s ? (s.toJavaScript() as WireMap) : undefined;
}

function configureRequest(options: EngineOptions): provproto.ConfigureRequest {
  const secret = new Set(options.secretConfigKeys ?? []);
  const args: WireMap = {};
  const req = new provproto.ConfigureRequest();
  for (const [k, v] of Object.entries(options.config)) {
    args[k] = secret.has(k) ? makeSecret(v) : v;
    req.getVariablesMap().set(`pulumi-nodejs:config:${k}`, v);
  }
  req.setArgs(toStruct(args));
  req.setAcceptsecrets(true);
  req.setAcceptresources(true);
  req.setSendsOldInputs(true);
  req.setSendsOldInputsToDelete(true);
  req.setUrn(`urn:pulumi:${options.stack ?? "stack"}::${options.project ?? "project"}::pulumi:providers:pulumi-nodejs::default`);
  req.setName("default");
  req.setType("pulumi:providers:pulumi-nodejs");
  req.setId(crypto.randomUUID());
  return req;
}

/** One unit of work of an operation, run once the tasks it depends on succeeded. */
interface Task {
  key: string;
  deps: string[];
  run: () => Promise<boolean>;
}

/** Runs tasks respecting deps, at most `parallel` at once; after a failure starts nothing new. */
async function runTasks(tasks: Task[], parallel: number): Promise<void> {
  const done = new Map<string, boolean>();
  const keys = new Set(tasks.map((t) => t.key));
  const pending = [...tasks];
  let running = 0;
  let failed = false;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (!failed && running < parallel) {
        const i = pending.findIndex((t) => t.deps.every((d) => !keys.has(d) || done.get(d) === true));
        if (i < 0) break;
        const [task] = pending.splice(i, 1);
        running++;
        void task.run().then(
          (ok) => finish(task, ok),
          () => finish(task, false),
        );
      }
      if (running === 0) resolve();
    };
    const finish = (task: Task, ok: boolean): void => {
      running--;
      done.set(task.key, ok);
      if (!ok) failed = true;
      pump();
    };
    pump();
  });
}

class EngineImpl implements Engine {
  private readonly store: StateStore;
  private resources: StateResource[];

  private operations = 0;

  constructor(
    private readonly options: EngineOptions,
    public plugin: PluginProcess,
    public configureMs: number,
  ) {
    this.store = new StateStore(options.statePath, options.secretsPassphrase ?? "harness");
    this.resources = this.store.load();
  }

  state(): StateResource[] {
    return this.store.load();
  }

  async stop(): Promise<void> {
    await this.plugin.stop();
  }

  preview(resources: RegisteredResource[], options?: RunOptions): Promise<OperationResult> {
    return this.operation(options, (ctx) => this.deploy(resources, ctx, true));
  }

  up(resources: RegisteredResource[], options?: RunOptions): Promise<OperationResult> {
    return this.operation(options, (ctx) => this.deploy(resources, ctx, false));
  }

  refresh(options?: RunOptions): Promise<OperationResult> {
    return this.operation(options, (ctx) =>
      runTasks(
        this.live().map((r, index) => ({ key: r.urn, deps: [], run: () => this.refreshOne(r, index, ctx) })),
        ctx.parallel,
      ),
    );
  }

  destroy(options?: RunOptions): Promise<OperationResult> {
    return this.operation(options, (ctx) => this.deleteAll([...this.resources], ctx));
  }

  // ---- operation plumbing -------------------------------------------------------------

  private async operation(options: RunOptions | undefined, body: (ctx: OpContext) => Promise<void>): Promise<OperationResult> {
    if (this.options.pluginPerCommand && this.operations > 0) {
      await this.plugin.stop();
      ({ plugin: this.plugin, configureMs: this.configureMs } = await startConfiguredPlugin(this.options));
    }
    this.operations += 1;
    this.resources = this.store.load();
    const before = { ...this.plugin.counts };
    const outAt = this.plugin.stdout().length;
    const errAt = this.plugin.stderr().length;
    const t0 = performance.now();
    const ctx: OpContext = { parallel: Math.max(1, options?.parallel ?? this.options.parallel ?? 1), steps: new Map(), deletes: [], errors: [] };
    await body(ctx);
    const calls = zeroCounts();
    for (const k of Object.keys(calls) as RpcMethod[]) calls[k] = this.plugin.counts[k] - before[k];
    return {
      ok: ctx.errors.length === 0,
      steps: [...[...ctx.steps.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s), ...ctx.deletes],
      errors: ctx.errors,
      calls,
      pluginStdout: this.plugin.stdout().slice(outAt),
      pluginStderr: this.plugin.stderr().slice(errAt),
      durationMs: performance.now() - t0,
    };
  }

  private live(): StateResource[] {
    return this.resources.filter((r) => !r.pendingDelete);
  }

  private find(urn: string): StateResource | undefined {
    return this.live().find((r) => r.urn === urn);
  }

  private put(next: StateResource, replacing?: StateResource): void {
    const i = replacing ? this.resources.indexOf(replacing) : -1;
    if (i >= 0) this.resources[i] = next;
    else this.resources.push(next);
    this.store.save(this.resources);
  }

  private drop(r: StateResource): void {
    this.resources = this.resources.filter((x) => x !== r);
    this.store.save(this.resources);
  }

  // ---- up / preview ------------------------------------------------------------------

  private async deploy(declared: RegisteredResource[], ctx: OpContext, preview: boolean): Promise<void> {
    const custom = declared.filter((r) => r.custom);
    const urns = new Set(custom.map((r) => r.urn));
    await runTasks(
      custom.map((reg, index) => ({
        key: reg.urn,
        deps: reg.options.dependencies,
        run: () => {
          const step = plan(reg.urn, reg.name, "same");
          ctx.steps.set(index, step);
          return this.guard(ctx, step, () => this.deployOne(reg, step, ctx, preview));
        },
      })),
      ctx.parallel,
    );
    if (ctx.errors.length > 0) return;
    const gone = this.resources.filter((r) => r.pendingDelete || !urns.has(r.urn));
    if (preview) {
      for (const r of gone.filter((x) => !x.pendingDelete)) ctx.deletes.push(plan(r.urn, r.name, "delete"));
      return;
    }
    await this.deleteAll(gone, ctx);
  }

  private async deployOne(reg: RegisteredResource, step: PlanStep, ctx: OpContext, preview: boolean): Promise<boolean> {
    const old = this.find(reg.urn);
    if (reg.kind === "read") return this.readOne(reg, step, ctx, preview);
    if (reg.options.import && (!old || old.id !== reg.options.import)) {
      if (old) return this.fail(ctx, step, "import", `import-replace of an existing resource is not modelled by the harness`);
      return this.importOne(reg, step, ctx, preview);
    }

    const news: WireMap = { ...reg.inputs, ...this.resolveRefs(reg, preview) };
    if (old) {
      for (const k of reg.options.ignoreChanges) {
        if (k in old.inputs) news[k] = old.inputs[k];
        else delete news[k];
      }
    }
    const checked = await this.check(reg, old?.inputs ?? {}, news, preview, step);
    if (!checked) return this.fail(ctx, step, old ? "update" : "create", "one or more inputs failed to validate");

    if (!old) {
      step.op = "create";
      step.diffs = Object.keys(checked).sort();
      return preview || this.create(reg, checked, step, ctx);
    }

    const diff = await this.diff(reg.urn, reg.name, reg.type, old.id, old.inputs, old.outputs, checked, reg.options.ignoreChanges, preview);
    step.diffs = diff.diffs;
    const replaces = [...new Set([...diff.replaces, ...reg.options.replaceOnChanges.filter((k) => diff.changed && diff.diffs.includes(k))])];
    if (diff.changed && replaces.length > 0) {
      step.op = "replace";
      step.replaces = replaces;
      step.deleteBeforeReplace = diff.deleteBeforeReplace || reg.options.deleteBeforeReplace === true;
      // The engine recomputes defaults for the replacement: Check again with no olds.
      const fresh = await this.check(reg, {}, reg.inputs, preview, step);
      if (!fresh) return this.fail(ctx, step, "replace", "one or more inputs failed to validate");
      if (preview) return true;
      if (step.deleteBeforeReplace) {
        if (!(await this.deleteOne(old, ctx, step))) return false;
        return this.create(reg, fresh, step, ctx);
      }
      return this.create(reg, fresh, step, ctx, old);
    }
    if (diff.changed || (old.initErrors?.length ?? 0) > 0) {
      step.op = "update";
      return preview || this.update(reg, old, checked, step, ctx);
    }
    if (!preview) this.put({ ...this.record(reg, old.id, checked, old.outputs), initErrors: undefined }, old);
    return true;
  }

  /**
   * The inputs `reg` takes from other resources' outputs, as the state holds them now (their steps ran first:
   * they are dependencies). In a preview, an output the state does not hold yet is unknown.
   */
  private resolveRefs(reg: RegisteredResource, preview: boolean): WireMap {
    const resolved: WireMap = {};
    for (const [input, ref] of Object.entries(reg.outputRefs ?? {})) {
      const source = this.find(ref.urn);
      const value = ref.output === "id" ? source?.id : source?.outputs[ref.output];
      if (value === undefined && !preview)
        throw new Error(`${reg.name}.${input} refers to ${ref.urn}'s ${ref.output}, which the state does not hold`);
      resolved[input] = value ?? UNKNOWN;
    }
    return resolved;
  }

  private record(reg: RegisteredResource, id: string, inputs: WireMap, outputs: WireMap): StateResource {
    return {
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      id,
      inputs,
      outputs,
      dependencies: reg.options.dependencies,
      protect: reg.options.protect,
      retainOnDelete: reg.options.retainOnDelete,
    };
  }

  /**
   * Create; with `replacing`, the resource it replaces is marked pending delete once the new one exists, even when
   * its Create failed partially (as CreateStep.Apply does before it returns the error).
   */
  private async create(reg: RegisteredResource, inputs: WireMap, step: PlanStep, ctx: OpContext, replacing?: StateResource): Promise<boolean> {
    const req = new provproto.CreateRequest();
    req.setUrn(reg.urn);
    req.setName(reg.name);
    req.setType(reg.type);
    req.setProperties(toStruct(mapForPlugin(inputs, false)));
    req.setPreview(false);
    try {
      const resp = await this.plugin.call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
      if (!resp.getId())
        return this.fail(ctx, step, step.op, `plugin for package 'pulumi-nodejs' returned empty resource.ID from create '${reg.urn}'`);
      if (replacing) replacing.pendingDelete = true;
      this.put(this.record(reg, resp.getId(), inputs, annotateSecrets(fromStruct(resp.getProperties()) ?? {}, inputs)));
      return true;
    } catch (e) {
      const init = e instanceof PluginCallError ? e.initFailure : undefined;
      if (init?.id) {
        if (replacing) replacing.pendingDelete = true;
        this.put({ ...this.record(reg, init.id, inputs, annotateSecrets(init.properties as WireMap, inputs)), initErrors: init.reasons });
      }
      return this.fail(ctx, step, step.op, init ? initFailureMessage(init.reasons) : errorMessage(e));
    }
  }

  private async update(reg: RegisteredResource, old: StateResource, news: WireMap, step: PlanStep, ctx: OpContext): Promise<boolean> {
    const req = new provproto.UpdateRequest();
    req.setId(old.id);
    req.setUrn(reg.urn);
    req.setName(reg.name);
    req.setType(reg.type);
    req.setOlds(toStruct(mapForPlugin(old.outputs, false)));
    req.setOldInputs(toStruct(mapForPlugin(old.inputs, false)));
    req.setNews(toStruct(mapForPlugin(news, false)));
    req.setIgnorechangesList(reg.options.ignoreChanges);
    req.setPreview(false);
    try {
      const resp = await this.plugin.call<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
      this.put({ ...this.record(reg, old.id, news, annotateSecrets(fromStruct(resp.getProperties()) ?? {}, news)), initErrors: undefined }, old);
      return true;
    } catch (e) {
      const init = e instanceof PluginCallError ? e.initFailure : undefined;
      if (init) this.put({ ...this.record(reg, old.id, news, annotateSecrets(init.properties as WireMap, news)), initErrors: init.reasons }, old);
      return this.fail(ctx, step, "update", init ? initFailureMessage(init.reasons) : errorMessage(e));
    }
  }

  private async importOne(reg: RegisteredResource, step: PlanStep, ctx: OpContext, preview: boolean): Promise<boolean> {
    step.op = "import";
    const id = reg.options.import as string;
    // As ImportStep.Apply: the Read carries the id only, neither inputs nor state.
    const read = await this.read(reg.urn, reg.name, reg.type, id, undefined, undefined);
    if (!read) return this.fail(ctx, step, "import", `resource '${id}' does not exist`);
    if (!read.inputs)
      return this.fail(ctx, step, "import", `provider does not support importing resources; please try updating the 'pulumi-nodejs' plugin`);
    const checked = await this.check(reg, read.inputs, reg.inputs, preview, step);
    if (!checked) return this.fail(ctx, step, "import", "one or more inputs failed to validate");
    const diff = await this.diff(reg.urn, reg.name, reg.type, read.id, read.inputs, read.outputs, checked, reg.options.ignoreChanges, preview);
    step.diffs = diff.diffs;
    if (diff.changed) {
      const message = `inputs to import do not match the existing resource: [${diff.diffs.join(" ")}]`;
      if (!preview) return this.fail(ctx, step, "import", message);
      step.warnings.push(`${message}; importing this resource will fail`);
    }
    if (!preview) this.put(this.record(reg, read.id, checked, read.outputs));
    return true;
  }

  private async readOne(reg: RegisteredResource, step: PlanStep, ctx: OpContext, preview: boolean): Promise<boolean> {
    step.op = "read";
    const id = reg.readId ?? "";
    const read = await this.read(reg.urn, reg.name, reg.type, id, reg.inputs, reg.inputs);
    if (!read) return this.fail(ctx, step, "read", `resource '${id}' does not exist`);
    if (!preview) this.put({ ...this.record(reg, read.id, reg.inputs, read.outputs), external: true }, this.find(reg.urn));
    return true;
  }

  // ---- refresh / delete --------------------------------------------------------------

  private async refreshOne(old: StateResource, index: number, ctx: OpContext): Promise<boolean> {
    const step = plan(old.urn, old.name, "same");
    ctx.steps.set(index, step);
    return this.guard(ctx, step, async () => {
      const read = await this.read(old.urn, old.name, old.type, old.id, old.inputs, old.outputs);
      if (!read) {
        step.op = "delete";
        this.drop(old);
        return true;
      }
      const next: StateResource = { ...old, id: read.id || old.id, outputs: read.outputs, inputs: read.inputs ?? old.inputs, initErrors: undefined };
      if (!old.external) {
        // The refresh diff: new inputs/outputs as the olds, the prior inputs as the news.
        const diff = await this.diff(old.urn, old.name, old.type, next.id, next.inputs, next.outputs, old.inputs, [], false);
        step.diffs = diff.diffs;
        if (diff.changed) step.op = "update";
      } else if (!deepEqual(old.outputs, next.outputs)) {
        step.op = "update";
      }
      this.put(next, old);
      return true;
    });
  }

  private async deleteAll(targets: StateResource[], ctx: OpContext): Promise<void> {
    const keyOf = (r: StateResource): string => `${this.resources.indexOf(r)}`;
    // As GenerateDeletes: walk the state backwards; dependents go before what they depend on.
    await runTasks(
      [...targets].reverse().map((r) => ({
        key: keyOf(r),
        deps: targets.filter((x) => x !== r && x.dependencies.includes(r.urn)).map(keyOf),
        run: async () => {
          const step = plan(r.urn, r.name, "delete");
          ctx.deletes.push(step);
          return this.guard(ctx, step, () => this.deleteOne(r, ctx, step));
        },
      })),
      ctx.parallel,
    );
  }

  private async deleteOne(r: StateResource, ctx: OpContext, step: PlanStep): Promise<boolean> {
    if (r.protect && !r.pendingDelete) {
      return this.fail(ctx, step, "delete", `resource "${r.urn}" cannot be deleted because it is protected`);
    }
    if (!r.external && !r.retainOnDelete) {
      const req = new provproto.DeleteRequest();
      req.setId(r.id);
      req.setUrn(r.urn);
      req.setName(r.name);
      req.setType(r.type);
      req.setProperties(toStruct(mapForPlugin(r.outputs, false)));
      req.setOldInputs(toStruct(mapForPlugin(r.inputs, false)));
      await this.plugin.call("delete", req);
    }
    this.drop(r);
    return true;
  }

  // ---- RPC helpers -------------------------------------------------------------------

  private async check(reg: RegisteredResource, olds: WireMap, news: WireMap, preview: boolean, step: PlanStep): Promise<WireMap | undefined> {
    const req = new provproto.CheckRequest();
    req.setUrn(reg.urn);
    req.setName(reg.name);
    req.setType(reg.type);
    req.setOlds(toStruct(mapForPlugin(olds, preview)));
    req.setNews(toStruct(mapForPlugin(news, preview)));
    const resp = await this.plugin.call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    step.failures = resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    if (step.failures.length > 0) return undefined;
    return annotateSecrets(fromStruct(resp.getInputs()) ?? {}, news);
  }

  private async diff(
    urn: string,
    name: string,
    type: string,
    id: string,
    oldInputs: WireMap,
    oldOutputs: WireMap,
    news: WireMap,
    ignoreChanges: string[],
    preview: boolean,
  ): Promise<{ changed: boolean; diffs: string[]; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setName(name);
    req.setType(type);
    req.setOlds(toStruct(mapForPlugin(oldOutputs, preview)));
    req.setOldInputs(toStruct(mapForPlugin(oldInputs, preview)));
    req.setNews(toStruct(mapForPlugin(news, preview)));
    req.setIgnorechangesList(ignoreChanges);
    const resp = await this.plugin.call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
    const byInputs = changedKeys(oldInputs, news).filter((k) => !ignoreChanges.includes(k));
    const changes = resp.getChanges();
    // DIFF_UNKNOWN (no diff method, or `changes` left undefined): the engine compares inputs.
    const changed =
      changes === provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN ? byInputs.length > 0 : changes === provproto.DiffResponse.DiffChanges.DIFF_SOME;
    const listed = resp.getDiffsList();
    return {
      changed,
      diffs: changed ? (listed.length > 0 ? listed : byInputs) : [],
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  /** Read; undefined when the provider says the resource is gone (empty id). */
  private async read(
    urn: string,
    name: string,
    type: string,
    id: string,
    inputs: WireMap | undefined,
    state: WireMap | undefined,
  ): Promise<{ id: string; outputs: WireMap; inputs?: WireMap } | undefined> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setName(name);
    req.setType(type);
    if (state) req.setProperties(toStruct(mapForPlugin(state, false)));
    if (inputs) req.setInputs(toStruct(mapForPlugin(inputs, false)));
    const resp = await this.plugin.call<provproto.ReadRequest, provproto.ReadResponse>("read", req);
    if (!resp.getId()) return undefined;
    const outputs = annotateSecrets(fromStruct(resp.getProperties()) ?? {}, state ?? {});
    const newInputs = fromStruct(resp.getInputs());
    return { id: resp.getId(), outputs, inputs: newInputs && annotateSecrets(newInputs, inputs ?? {}) };
  }

  // ---- errors ------------------------------------------------------------------------

  private fail(ctx: OpContext, step: PlanStep, op: StepOp, message: string): false {
    ctx.errors.push({ urn: step.urn, name: step.name, op, message });
    return false;
  }

  /** Runs a step's body; an exception (a failed RPC) becomes the step's error. */
  private async guard(ctx: OpContext, step: PlanStep, body: () => Promise<boolean>): Promise<boolean> {
    try {
      return await body();
    } catch (e) {
      return this.fail(ctx, step, step.op, errorMessage(e));
    }
  }
}

/**
 * How the real engine prints a Create or Update error that carries ErrorResourceInitFailed: the reasons, as Go's
 * multierror formats them, and not the error's own message (checked against the real CLI in
 * test/e2e/stand-in-agrees.test.ts).
 */
function initFailureMessage(reasons: string[]): string {
  return `${reasons.length} error${reasons.length === 1 ? "" : "s"} occurred:\n${reasons.map((r) => `\t* ${r}`).join("\n")}`;
}

/** Mutable bookkeeping of one operation. */
interface OpContext {
  parallel: number;
  steps: Map<number, PlanStep>;
  deletes: PlanStep[];
  errors: StepError[];
}

function plan(urn: string, name: string, op: StepOp): PlanStep {
  return { urn, name, op, diffs: [], replaces: [], deleteBeforeReplace: false, failures: [], warnings: [] };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
