/**
 * Loaded with `node --require` (NODE_OPTIONS) into Pulumi's dynamic-provider plugin, by the real CLI or by the
 * stand-in engine: appends every ResourceProvider call the plugin receives to the file named by
 * PROVIDER_CALL_RECORD, one JSON line each: the method, the resource's name, and the request fields the plugin
 * reads (configure args; check olds/news; diff id/olds/news; create properties; read id/properties/inputs;
 * update id/olds/news; delete id/properties). In any other Node process (the program, the launcher's
 * `node -e`) it does nothing: it only wraps a gRPC service that has both `configure` and `check`.
 */
"use strict";
const fs = require("fs");
const Module = require("module");

const file = process.env.PROVIDER_CALL_RECORD;
const FIELDS = {
  configure: ["args"],
  check: ["olds", "news"],
  diff: ["id", "olds", "news"],
  create: ["properties"],
  read: ["id", "properties", "inputs"],
  update: ["id", "olds", "news"],
  delete: ["id", "properties"],
};

/** The request's fields of `method` as plain data (Structs as JavaScript objects). */
function fieldsOf(method, request) {
  const out = {};
  for (const field of FIELDS[method]) {
    const getter = request["get" + field[0].toUpperCase() + field.slice(1)];
    if (typeof getter !== "function") continue;
    const value = getter.call(request);
    out[field] = value && typeof value.toJavaScript === "function" ? value.toJavaScript() : value;
  }
  return out;
}

function record(method, request) {
  const urn = typeof request.getUrn === "function" ? request.getUrn() : "";
  const line = { method, name: urn ? urn.split("::").pop() : "", ...fieldsOf(method, request) };
  fs.appendFileSync(file, JSON.stringify(line) + "\n");
}

if (file) {
  const load = Module._load;
  Module._load = function (request) {
    const loaded = load.apply(this, arguments);
    if (request === "@grpc/grpc-js" && loaded && loaded.Server && !loaded.Server.prototype.__recorded) {
      const addService = loaded.Server.prototype.addService;
      loaded.Server.prototype.addService = function (service, implementation) {
        if (implementation && typeof implementation.configure === "function" && typeof implementation.check === "function") {
          const wrapped = Object.create(implementation);
          for (const method of Object.keys(FIELDS)) {
            const original = implementation[method];
            if (typeof original !== "function") continue;
            wrapped[method] = function (call, callback) {
              record(method, call.request);
              return original.call(implementation, call, callback);
            };
          }
          return addService.call(this, service, wrapped);
        }
        return addService.call(this, service, implementation);
      };
      loaded.Server.prototype.__recorded = true;
    }
    return loaded;
  };
}
