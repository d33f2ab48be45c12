/**
 * Jest configuration of the real-CLI suite (`npm run test:e2e`): tests under test/e2e/ drive the real `pulumi` CLI
 * (the `npm run pulumi:install` build, else PATH) against the emulator. Without a CLI each suite prints one line
 * saying why it is skipped; under CI=true it fails instead.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 300000,
  maxWorkers: 1,
};
