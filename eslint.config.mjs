// Lint configuration: typescript-eslint's recommended rules over the sources and tests.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "dist-tools/", "node_modules/", "coverage/", ".stryker-tmp/", "reports/", ".test-projects/", "jest.config.js", "jest.e2e.config.js", "examples/*/node_modules/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
);
