/**
 * Pinterest Ads audiences as code, on Pulumi: the package's public surface.
 */
export { Audience } from "./audience";
export type { AudienceLookup } from "./audience";
export { RULE_SHAPES } from "./audience-args";
export type {
  AudienceArgs,
  AudienceArgsBase,
  AudienceDeclaration,
  CustomerListAudienceArgs,
  VisitorAudienceArgs,
  EngagementAudienceArgs,
  ActalikeAudienceArgs,
  CustomerListRuleInputs,
  VisitorRuleInputs,
  EngagementRuleInputs,
  ActalikeRuleInputs,
  DeclarableAudienceType,
  RuleInput,
  RuleShape,
} from "./audience-args";
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
