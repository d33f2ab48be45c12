/**
 * In-process timing of `validateDeclaration` (what the provider's check runs) over every declaration of
 * the stack, after warm-up (the schema compiles once per process, on first use).
 */
import { validateDeclaration } from "../provider/schema/validate";

/** Timings of validating N declarations. */
export interface CheckTiming {
  /** Median wall time of one pass over every declaration, ms. */
  medianMs: number;
  /** Fastest pass, ms. */
  minMs: number;
  /** The first (cold) pass, schema compilation included, ms. */
  coldMs: number;
  /** Passes measured after warm-up. */
  passes: number;
  /** Declarations that failed validation (expected 0). */
  failures: number;
}

/**
 * Times `passes` passes over `declarations` after `warmup` unmeasured passes. Pass the inputs as the plugin's
 * check receives them (`__provider` included: validation skips it).
 */
export function timeChecks(declarations: readonly Record<string, unknown>[], warmup = 3, passes = 7): CheckTiming {
  let failures = 0;
  const pass = (): number => {
    const started = performance.now();
    failures = 0;
    for (const declaration of declarations) if (validateDeclaration(declaration).length > 0) failures += 1;
    return performance.now() - started;
  };
  const coldMs = pass();
  for (let i = 0; i < warmup; i++) pass();
  const times = Array.from({ length: passes }, pass).sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], coldMs, passes, failures };
}
