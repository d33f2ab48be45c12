// @ts-check
"use strict";
/**
 * Child-process entry point of `runProgram` (see program.ts): runs one Pulumi program under
 * `pulumi.runtime.setMocks` and writes what it registered to a JSON file.
 *
 * Usage: node program-runner.js <projectDir> <programFile> <resultFile>
 * Environment: PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS (read by the SDK's config, as under
 * `pulumi up`), HARNESS_PROJECT, HARNESS_STACK, HARNESS_DRY_RUN.
 *
 * Plain JavaScript because it runs in a bare `node` process; .ts program files are compiled
 * with `typescript.transpileModule` through a require hook.
 *
 * What a resource "options" record holds is read from the RegisterResourceRequest itself: the
 * mock monitor's `registerResource` is wrapped, because `MockResourceArgs` only carries `id`
 * (the import id) and not deleteBeforeReplace, ignoreChanges and the rest. The inputs are the
 * request's `object` Struct as JSON: the exact wire form the engine would receive, with
 * `__provider` as the SDK serialised it, secrets as signature objects and unknowns as the
 * unknown sentinel.
 */
const fs = require("fs");
const path = require("path");

const [projectDir, programFile, resultFile] = process.argv.slice(2);
process.chdir(projectDir);

const resolveFromProject = (/** @type {string} */ id) => require.resolve(id, { paths: [projectDir] });

const ts = require("typescript");
require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  // Module#_compile: how require hooks hand compiled source to Node.
  /** @type {any} */ (module)._compile(out.outputText, filename);
};

/** @type {any} */
const pulumi = require(resolveFromProject("@pulumi/pulumi"));
/** @type {any} */
const settings = require(resolveFromProject("@pulumi/pulumi/runtime/settings"));
/** @type {any} */
const stack = require(resolveFromProject("@pulumi/pulumi/runtime/stack"));

/** @type {Array<Record<string, any> | undefined>} */
const registrations = [];

/** The mock monitor's URN -> the URN the real engine gives the same resource. */
/** @type {Map<string, string>} */
const engineUrns = new Map();
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The mock monitor prefixes every child's type with its parent's, the root Stack included
 * (`...::pulumi:pulumi:Stack$pkg:mod:Type::name`). The engine leaves the root Stack out
 * (resource.NewURN: no parent type when the parent is the root stack), and state written by a
 * real `pulumi up` carries the engine's form, so that is what registrations report.
 * @param {string} mockUrn @param {string} type @param {string} name @param {string} parent
 */
function toEngineUrn(mockUrn, type, name, parent) {
  const stackName = process.env.HARNESS_STACK || "stack";
  const projectName = process.env.HARNESS_PROJECT || "project";
  const parentUrn = parent ? engineUrns.get(parent) || parent : "";
  const parentType = parentUrn ? parentUrn.split("::")[2] : "";
  const qualified = !parentType || parentType === ROOT_STACK_TYPE || type === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
  const urn = `urn:pulumi:${stackName}::${projectName}::${qualified}::${name}`;
  engineUrns.set(mockUrn, urn);
  return urn;
}

/** @param {string[]} urns */
const mapUrns = (urns) => urns.map((u) => engineUrns.get(u) || u);

async function main() {
  await pulumi.runtime.setMocks(
    {
      newResource: (/** @type {any} */ args) => ({ id: args.id || `${args.name}-id`, state: args.inputs }),
      call: (/** @type {any} */ args) => args.inputs,
    },
    process.env.HARNESS_PROJECT || "project",
    process.env.HARNESS_STACK || "stack",
    process.env.HARNESS_DRY_RUN === "true",
  );
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  // Slots are taken when the request is sent, so the order is the order the engine would see.
  monitor.registerResource = (/** @type {any} */ req, /** @type {any} */ callback) => {
    const slot = registrations.push(undefined) - 1;
    return register(req, (/** @type {any} */ err, /** @type {any} */ resp) => {
      if (!err) {
        registrations[slot] = {
          kind: "register",
          type: req.getType(),
          name: req.getName(),
          urn: toEngineUrn(resp.getUrn(), req.getType(), req.getName(), req.getParent()),
          custom: req.getCustom(),
          inputs: req.getObject() ? req.getObject().toJavaScript() : {},
          options: {
            import: req.getImportid() || undefined,
            deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
            ignoreChanges: req.getIgnorechangesList(),
            replaceOnChanges: req.getReplaceonchangesList(),
            protect: req.hasProtect() ? req.getProtect() : undefined,
            retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
            dependencies: mapUrns(req.getDependenciesList()),
            parent: req.getParent() ? mapUrns([req.getParent()])[0] : undefined,
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          },
        };
      }
      callback(err, resp);
    });
  };
  const read = monitor.readResource.bind(monitor);
  monitor.readResource = (/** @type {any} */ req, /** @type {any} */ callback) => {
    const slot = registrations.push(undefined) - 1;
    return read(req, (/** @type {any} */ err, /** @type {any} */ resp) => {
      if (!err) {
        registrations[slot] = {
          kind: "read",
          type: req.getType(),
          name: req.getName(),
          urn: toEngineUrn(resp.getUrn(), req.getType(), req.getName(), req.getParent()),
          custom: true,
          readId: req.getId(),
          inputs: req.getProperties() ? req.getProperties().toJavaScript() : {},
          options: {
            ignoreChanges: [],
            replaceOnChanges: [],
            dependencies: mapUrns(req.getDependenciesList()),
            parent: req.getParent() ? mapUrns([req.getParent()])[0] : undefined,
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          },
        };
      }
      callback(err, resp);
    });
  };

  // As the Node language host does (cmd/run/run.js): run the program inside the root Stack.
  const outputs = await stack.runInPulumiStack(async () => {
    const exported = require(path.resolve(projectDir, programFile));
    const entry =
      typeof exported === "function"
        ? exported
        : exported && exported.__esModule && typeof exported.default === "function"
          ? exported.default
          : undefined;
    return entry ? await entry() : exported;
  });
  await settings.waitForRPCs();
  return outputs;
}

main().then(
  (outputs) => {
    fs.writeFileSync(resultFile, JSON.stringify({ registrations: registrations.filter(Boolean), outputs: outputs || {} }));
  },
  (err) => {
    fs.writeFileSync(resultFile, JSON.stringify({ registrations: registrations.filter(Boolean), error: String((err && err.stack) || err) }));
    process.exitCode = 1;
  },
);
