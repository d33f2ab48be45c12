/**
 * Pinterest Ads audiences as code, on Pulumi: the package's public surface.
 */
export { Audience } from "./audience/resource";
export type { AudienceLookup } from "./audience/resource";
export { RULE_SHAPES } from "./audience/args";
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
} from "./audience/args";
export { AudienceProvider } from "./audience/provider";
export { AudienceSharing } from "./sharing/resource";
export type { AudienceSharingArgs, AudienceSharingLookup } from "./sharing/resource";
export type { SharingInputs } from "./sharing/model";
export type { AudienceInputs, AudienceOutputs, AudienceRuleInputs, AudienceType } from "./audience/model";
export { PinterestClient, PinterestApiError, clientOptionsFromEnv } from "./api";
export type { PinterestClientOptions } from "./api";
export type * from "./api/types";
export { validateDeclaration } from "./schema/validate";
export type { DeclarationFailure } from "./schema/validate";
export { listAudiences } from "./audience/list";
export type { ListAudiencesOptions, ListProgress } from "./audience/list";
export { loadDeclarations, loadDeclarationsOrThrow, formatFailures, toYaml, toJson, toTypeScriptProgram } from "./declarations";
export type { Declaration, LoadedDeclaration, DeclarationFileFailure, LoadOptions } from "./declarations";
export { sharingArgs } from "./declarations";
export type { SharedWith, DeclaredAudience, DeclaredResourceOptions, TypeScriptProgramOptions } from "./declarations";
