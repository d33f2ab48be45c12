/** The Pinterest audiences API client: public surface of `provider/api`. */
export { PinterestClient } from "./client";
export { MAX_PAGE_SIZE } from "./endpoint";
export type { AudienceListOptions, AudienceUpdateFields, AudiencesApi } from "./audiences";
export { SHARING_OPERATIONS, SHARED_ACCOUNTS_OPERATION, type SharingApi } from "./sharing";
export { PinterestApiError, isPinterestApiError, type PinterestErrorKind, type PinterestApiErrorInit } from "./errors";
export { clientOptionsFromEnv, resolveBaseUrl, isLoopbackHost, DEFAULT_BASE_URL, ENV_VARS, CONFIG_KEYS } from "./config";
export { isPinterestId, assertPinterestId, canonicalPinterestId, PINTEREST_ID_PATTERN } from "./ids";
export { missingCredentialsMessage } from "./auth";
export { redactSecrets } from "./redact";
export {
  DEFAULT_RATE_LIMITS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_TIME_MS,
  DEFAULT_MAX_CONCURRENCY,
  type PinterestClientOptions,
  type PinterestLogger,
} from "./options";
export type * from "./types";
export { AUDIENCE_TYPES } from "./types";
export { MAX_RECORDS_PER_REQUEST, type CustomerListsApi } from "./customer-lists";
