// Lint configuration: typescript-eslint's recommended rules over the sources and tests, and the type-aware rules
// that catch a promise nobody waits for (in a provider, a lost write).
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "dist-tools/",
      "node_modules/",
      "coverage/",
      ".stryker-tmp/",
      "reports/",
      ".test-projects/",
      ".pulumi-cli/",
      ".tool-cache/",
      "jest.config.js",
      "jest.e2e.config.js",
      "examples/*/node_modules/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.ts"],
    ignores: ["examples/**"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
);
