#!/usr/bin/env node
/**
 * Build step: writes dist/provider/schema/schema-validator.js, schema.json compiled by ajv into a plain module (one
 * validator per kind of declaration), so a
 * plugin process does not compile the schema on its first Check. It carries the schema's fingerprint; at run
 * time a validator built from another schema text is ignored and the schema is compiled instead.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const standaloneCode = require("ajv/dist/standalone").default;
const root = path.resolve(__dirname, "..");
const { compileSchema, schemaFingerprint, PRECOMPILED_VALIDATOR } = require(path.join(root, "dist", "provider", "schema", "compiler.js"));

const text = fs.readFileSync(path.join(root, "schema.json"), "utf8");
const { ajv, refs } = compileSchema(JSON.parse(text), { source: true });
// One export per kind of declaration: `audience` (the schema's root) and each of DECLARATION_DEFS.
const code = `${standaloneCode(ajv, refs)}\nmodule.exports.fingerprint = ${JSON.stringify(schemaFingerprint(text))};\n`;
fs.writeFileSync(path.join(root, "dist", "provider", "schema", PRECOMPILED_VALIDATOR), code);
