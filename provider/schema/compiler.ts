/**
 * Compiling schema.json with ajv: the one set of options used both at build time (to precompile the validator
 * into dist/, see scripts/precompile-schema.js) and at run time when no precompiled validator fits.
 */
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { createHash } from "crypto";

/** Compiles the declaration schema; with `source`, ajv keeps the code so it can be written out as a module. */
export function compileSchema(root: object, options: { source?: boolean } = {}): { ajv: Ajv2020; validate: ValidateFunction } {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, code: { source: options.source ?? false } });
  ajv.addKeyword({ keyword: "x-expects", schemaType: "string" });
  return { ajv, validate: ajv.compile(root) };
}

/** A fingerprint of the schema text, so a precompiled validator is only used for the schema it was built from. */
export function schemaFingerprint(schemaText: string): string {
  return createHash("sha256").update(schemaText).digest("hex");
}

/** The name of the precompiled validator module, written next to the compiled validate.js. */
export const PRECOMPILED_VALIDATOR = "schema-validator.js";
