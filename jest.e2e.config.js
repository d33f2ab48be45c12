/**
 * Jest configuration of the real-CLI suite (`npm run test:e2e`): tests under test/e2e/ drive the `pulumi` CLI
 * through the Automation API. Where the CLI is not on PATH they are reported as skipped, with one line saying why.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 300000,
  maxWorkers: 1,
};
