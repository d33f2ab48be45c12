/**
 * Jest configuration for mutation testing (stryker.config.json): only the in-process test files that exercise the
 * safety modules. Tests that drive the real plugin through test/harness run the provider in a child process from
 * dist/, where Stryker's mutants are never active, so they are left out; so is test/audience/provider-lifecycle.test.ts, whose
 * size limit on the serialised provider cannot hold for instrumented code.
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  testMatch: [
    // request pipeline: retry decisions, throttle, transport, redaction
    "<rootDir>/test/api/{client-*,redaction,retry-*,throttle-*,transport-*}.test.ts",
    "<rootDir>/test/scripts/bench-throttle.test.ts",
    // create reconciliation and the listing before a create
    "<rootDir>/test/audience/{adoption-check,create-clock-skew,create-reconcile,create-search,delete-after-adoption,known-before}.test.ts",
    // the sharing lifecycle and its writes
    "<rootDir>/test/schema/id-leading-zeros.test.ts",
    "<rootDir>/test/sharing/{destroy,failed-steps,steps,writes-after-failure}.test.ts",
    // the provider stub written into the state
    "<rootDir>/test/plugin/{by-name-provider-object,credential-origin,partial-failure,plaintext-credentials,plugin-log,provider-for-state}.test.ts",
  ],
  // Harness tests among those folders (the plugin runs dist/, which Stryker never mutates).
  testPathIgnorePatterns: ["/node_modules/"],
  // Stryker runs one jest at a time per worker; each worker keeps to one process.
  maxWorkers: 1,
  // A mutant that makes a call retry forever fails its test here instead of waiting for Stryker's own timeout.
  testTimeout: 5000,
};
