/**
 * Declaration files: the GitOps layout of one YAML (or JSON) file per audience. The file's base name is the
 * Pulumi resource name; its content is one declaration in the shape of schema.json. This folder reads such
 * files (never throwing on a bad one) and writes declarations as YAML, JSON or a TypeScript program; this module
 * is its public API, each part in the module doing that one job.
 *
 * A file may also say who the audience is shared with (`sharedWith`), which a program declares as an
 * `AudienceSharing` resource next to the audience (see {@link sharingArgs}).
 */
export type { Declaration, DeclarationFileFailure, DeclaredResourceOptions, LoadedDeclaration, LoadOptions, SharedWith } from "./types";
export { MAX_DECLARATION_FILE_BYTES } from "./read";
export { DECLARATION_EXTENSIONS, formatFailures, loadDeclarations, RESOURCE_NAME_PATTERN, resourceNameOf } from "./load";
export { loadDeclarationsOrThrow, sharingArgs } from "./program";
export type { DeclaredAudience } from "./program";
export { DEFAULT_SCHEMA_REF, toJson, toYaml } from "./write";
export { toTypeScriptProgram } from "./typescript";
export type { TypeScriptProgramOptions } from "./typescript";
