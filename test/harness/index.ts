/**
 * The engine harness: test projects, programs under mocks, and a stand-in for the Pulumi
 * engine that drives the real dynamic-provider plugin over gRPC. See engine.ts for what the
 * stand-in mirrors and what it leaves out.
 */
export { createTestProject, copyTestProject, removeTestProject, ensureBuilt, copyPackage, TEST_PROJECTS_DIR, PACKAGE_NAME } from "./project";
export type { TestProject, TestProjectOptions } from "./project";
export { runProgram } from "./program";
export type { ProgramResult, RegisteredResource, RegisteredOptions, RunProgramOptions, OutputRef } from "./program";
export { startEngine } from "./engine";
export type { Engine, EngineOptions, RunOptions, OperationResult, PlanStep, StepError, StepOp, CheckFailure } from "./engine";
export { startPlugin, pluginStdoutMatching, PluginCallError, REPO_ROOT } from "./plugin";
export type { PluginProcess, CallCounts, RpcMethod, InitFailure } from "./plugin";
export type { StateResource, StateFile } from "./state";
export { SIG_KEY, SECRET_SIG, UNKNOWN, isSecret, makeSecret, reveal, containsSecrets } from "./wire";
export type { WireValue, WireMap } from "./wire";
