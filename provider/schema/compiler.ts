/**
 * Compiling schema.json with ajv: the one set of options used both at build time (to precompile the validator
 * into dist/, see scripts/precompile-schema.js) and at run time when no precompiled validator fits.
 */
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { createHash } from "crypto";

/** The declarations schema.json defines besides an audience (the root): their location in the schema. */
export const DECLARATION_DEFS = { audienceSharing: "#/$defs/audienceSharing" } as const;

/** What a declaration schema is named by: the audience (the schema's root), or one of {@link DECLARATION_DEFS}. */
export type DeclarationKind = "audience" | keyof typeof DECLARATION_DEFS;

/**
 * Compiles the declaration schema: a validator for each kind of declaration. With `source`, ajv keeps the code so
 * it can be written out as a module.
 */
export function compileSchema(
  root: Record<string, unknown>,
  options: { source?: boolean } = {},
): { ajv: Ajv2020; validate: ValidateFunction; validators: Record<DeclarationKind, ValidateFunction>; refs: Record<DeclarationKind, string> } {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, code: { source: options.source ?? false } });
  ajv.addKeyword({ keyword: "x-expects", schemaType: "string" });
  ajv.addKeyword({ keyword: "x-needs", schemaType: "string" });
  ajv.addKeyword({ keyword: "x-aliases", schemaType: "object" });
  // How a rule field is compared (read by scripts/generate-rule-fields.js); no bearing on validation.
  ajv.addKeyword({ keyword: "x-compare", schemaType: "string" });
  const id = typeof root.$id === "string" ? root.$id : "schema.json";
  const validate = ajv.compile({ ...root, $id: id });
  const refs = { audience: id } as Record<DeclarationKind, string>;
  const validators = { audience: validate } as Record<DeclarationKind, ValidateFunction>;
  for (const [kind, pointer] of Object.entries(DECLARATION_DEFS) as [keyof typeof DECLARATION_DEFS, string][]) {
    refs[kind] = `${id}${pointer}`;
    const compiled = ajv.getSchema(refs[kind]);
    if (!compiled) throw new Error(`schema.json has no ${pointer}.`);
    validators[kind] = compiled;
  }
  return { ajv, validate, validators, refs };
}

/** A fingerprint of the schema text, so a precompiled validator is only used for the schema it was built from. */
export function schemaFingerprint(schemaText: string): string {
  return createHash("sha256").update(schemaText).digest("hex");
}

/** The name of the precompiled validator module, written next to the compiled loader.js (which loads it). */
export const PRECOMPILED_VALIDATOR = "schema-validator.js";
