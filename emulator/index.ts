/**
 * Public surface of the local Pinterest audiences API emulator.
 */
export { startEmulator, type Emulator, type EmulatorOptions } from "./emulator";
export type { EmulatorCounters, FaultKind } from "./counters";
export type { FaultSettings } from "./faults";
export type { ServerBehaviour } from "./behaviour";
export { EMULATOR_PROFILES, type EmulatorProfile } from "./profiles";
export type { Operation } from "./operations";
export type { LoggedRequest } from "./request-log";
export type { OutsideHierarchy, RecipientIds } from "./sharing";
export { DEFAULT_RATE_LIMITS } from "./rate-limit";
