/**
 * Jest configuration for mutation testing (stryker.config.json): only the in-process test files that exercise the
 * safety modules. Tests that drive the real plugin through test/harness run the provider in a child process from
 * dist/, where Stryker's mutants are never active, so they are left out.
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  testMatch: [
    // request pipeline: retry decisions, throttle, transport, redaction
    "<rootDir>/test/client-*.test.ts",
    "<rootDir>/test/bench-throttle.test.ts",
    "<rootDir>/test/redaction.test.ts",
    "<rootDir>/test/retry-*.test.ts",
    "<rootDir>/test/throttle-*.test.ts",
    "<rootDir>/test/transport-*.test.ts",
  ],
  // Stryker runs one jest at a time per worker; each worker keeps to one process.
  maxWorkers: 1,
  // A mutant that makes a call retry forever fails its test here instead of waiting for Stryker's own timeout.
  testTimeout: 5000,
};
