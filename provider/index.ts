/**
 * Pinterest Ads audiences as code, on Pulumi: the package's public surface.
 */
export { Audience } from "./audience";
export type { AudienceArgs, AudienceLookup } from "./audience";
export { AudienceProvider } from "./provider";
export type { AudienceInputs, AudienceOutputs, AudienceRuleInputs, AudienceType } from "./model";
export { PinterestClient, PinterestApiError, clientOptionsFromEnv } from "./api";
export type { PinterestClientOptions } from "./api";
export type * from "./api/types";
export { validateDeclaration } from "./validate";
export type { DeclarationFailure } from "./validate";
export { listAudiences } from "./list-audiences";
export type { ListAudiencesOptions, ListProgress } from "./list-audiences";
export { loadDeclarations, loadDeclarationsOrThrow, formatFailures, toYaml, toJson, toTypeScriptProgram } from "./declarations";
export type { Declaration, LoadedDeclaration, DeclarationFileFailure, LoadOptions } from "./declarations";
