/**
 * Compatibility path of the audience lifecycle. State written by 0.1.0 from an install under node_modules loads
 * the provider with `require("pulumi-pinterest-audiences/dist/provider/lifecycle.js")`, so this file stays and
 * re-exports the lifecycle (now in audience/lifecycle.ts) unchanged, `delete` included.
 */
export * from "./audience/lifecycle";
