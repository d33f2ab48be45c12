/**
 * Wire types of Pinterest's audiences API (v5), as the official OpenAPI description names them.
 * These are the API's own snake_case shapes; the camelCase shapes users write live in `../audience/model.ts`.
 */

/** Audience types the API's enum lists. PERSONA has no documented rule. */
export type ApiAudienceType = "CUSTOMER_LIST" | "VISITOR" | "ENGAGEMENT" | "ACTALIKE" | "PERSONA";

/** The documented audience types, in the order the docs present them. */
export const AUDIENCE_TYPES: readonly ApiAudienceType[] = ["CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE", "PERSONA"];

/** Audience status: an audience needs at least 100 people with Pinterest accounts to be READY. */
export type ApiAudienceStatus = "READY" | "INITIALIZING" | "TOO_SMALL";

/** Rate-limit categories (`x-ratelimit-category`) of the audience endpoints. */
export type RateLimitCategory = "ads_read" | "ads_write";

/** An operator object such as `{"=": ["web"]}` or `{"contains": "/shoe"}`. */
export type ApiOperatorObject = Record<string, unknown>;

/** `AudienceRule`: the JSON object defining targeted users. Numbers may arrive as strings (the docs' own examples send them so). */
export interface ApiAudienceRule {
  /** Ad account id; the Python SDK copies it into the rule and the API echoes it. */
  ad_account_id?: string;
  /** Ad ids for an engagement audience filter. */
  ad_id?: string[];
  /** Campaign ids for an engagement audience filter. */
  campaign_id?: string[];
  /** Two-letter country code (ACTALIKE). */
  country?: string;
  /** Customer list id (CUSTOMER_LIST). */
  customer_list_id?: string;
  /** Verified domains (ENGAGEMENT). */
  engagement_domain?: string[];
  /** click, save, closeup, comment or like (ENGAGEMENT). */
  engagement_type?: string;
  /** 1 or 2 (ENGAGEMENT). */
  engager_type?: number | string;
  /** A Pinterest tag event (VISITOR). */
  event?: string;
  /** Event data fields (VISITOR, needs `event`). */
  event_data?: Record<string, unknown>;
  /** `{"=": [...]}` of web, mobile, offline (VISITOR). */
  event_source?: ApiOperatorObject;
  /** `{"=": [...]}` of tag, mmp, file_upload, conversions_api (VISITOR). */
  ingestion_source?: ApiOperatorObject;
  /** Campaign objectives for an engagement audience filter. */
  objective_type?: string[];
  /** 1–10 (ACTALIKE). */
  percentage?: number | string;
  /** Engaged organic pin ids (ENGAGEMENT). */
  pin_id?: string[];
  /** Pre-populate from existing data; defaults to true (VISITOR). */
  prefill?: boolean;
  /** 1–540, defaults to 180 (ENGAGEMENT, VISITOR). */
  retention_days?: number | string;
  /** Seed audience ids (ACTALIKE). */
  seed_id?: string[];
  /** A string, a string array, or an operator object (ENGAGEMENT, VISITOR). */
  url?: string | string[] | ApiOperatorObject;
  /** Conversion tag id (VISITOR). */
  visitor_source_id?: string;
}

/** `Audience`: an audience as the API returns it. */
export interface ApiAudience {
  /** Always "audience". */
  type?: string;
  /** Audience id (digits). */
  id: string;
  /** Ad account id (digits). */
  ad_account_id: string;
  /** Audience name. */
  name: string;
  /** Audience type. */
  audience_type: ApiAudienceType | string;
  /** Audience description. */
  description?: string | null;
  /** The rule, with the defaults Pinterest adds. */
  rule?: ApiAudienceRule;
  /** Audience size. */
  size?: number | null;
  /** Audience status. */
  status?: ApiAudienceStatus | string;
  /** Creation time, Unix seconds. */
  created_timestamp?: number | null;
  /** Last update time, Unix seconds. */
  updated_timestamp?: number | null;
  /** The company that created the audience. */
  created_by_company_name?: string | null;
}

/** `AudienceCreateRequest`. */
export interface ApiAudienceCreateRequest {
  /** Ad account id. */
  ad_account_id?: string;
  /** Audience name. */
  name: string;
  /** The rule. */
  rule: ApiAudienceRule;
  /** Audience type. */
  audience_type: ApiAudienceType;
  /** Audience description. */
  description?: string;
}

/** `AudienceUpdateRequest`: only the fields to change (the Python SDK's `update_fields`). */
export interface ApiAudienceUpdateRequest {
  /** Ad account id. */
  ad_account_id?: string;
  /** New name. */
  name?: string;
  /** New rule. */
  rule?: ApiAudienceRule;
  /** New description. */
  description?: string;
  /** UPDATE (default) or REMOVE. */
  operation_type?: "UPDATE" | "REMOVE";
}

/** A page of a list call. */
export interface ApiPage<T> {
  /** The items of this page. */
  items: T[];
  /** Cursor of the next page; null or absent on the last page. */
  bookmark?: string | null;
}

/** `Error`: the body of every error answer. */
export interface ApiError {
  /** Pinterest's error code. */
  code: number;
  /** Pinterest's error message. */
  message: string;
}

/** `OauthAccessTokenResponse` for the refresh-token flow. */
export interface ApiTokenResponse {
  /** The new access token. */
  access_token: string;
  /** Always "bearer". */
  token_type: string;
  /** Seconds until the access token expires. */
  expires_in: number;
  /** Granted scopes, comma-separated. */
  scope: string;
  /** "refresh_token" for this flow. */
  response_type?: string;
  /** The (continuous) refresh token. */
  refresh_token?: string;
  /** Seconds until the refresh token expires. */
  refresh_token_expires_in?: number;
  /** Unix seconds when the refresh token expires. */
  refresh_token_expires_at?: number;
}

/** `AudienceAccountType`: the kind of account an audience is shared with. */
export type ApiAudienceAccountType = "AD_ACCOUNT" | "BUSINESS_ACCOUNT";

/** `OperationType` of the sharing calls: grant access, or take it back. */
export type ApiSharingOperationType = "SHARE" | "REVOKE";

/** `SharedAudience`: the body of `PATCH /ad_accounts/{ad_account_id}/audiences/ad_accounts/shared`. */
export interface ApiSharedAudienceRequest {
  /** The audience to share or revoke (digits). */
  audience_id: string;
  /** Ad accounts to share with or revoke from (digits). */
  recipient_account_ids: string[];
  /** SHARE or REVOKE. */
  operation_type: ApiSharingOperationType;
}

/** `BusinessSharedAudience`: the body of `PATCH /ad_accounts/{ad_account_id}/audiences/businesses/shared`. */
export interface ApiBusinessSharedAudienceRequest {
  /** The audience to share or revoke (digits). */
  audience_id: string;
  /** Businesses to share with or revoke from (digits). */
  recipient_business_ids: string[];
  /** SHARE or REVOKE. */
  operation_type: ApiSharingOperationType;
}

/**
 * `SharedAudienceResponse` / `BusinessSharedAudienceResponse`: the answer to a sharing call. The description
 * marks it nullable and lists no required field, so every field may be missing.
 */
export interface ApiSharedAudienceResponse {
  /** The audience that was shared. */
  audience_id?: string;
  /** Ad accounts that received the audience (ad account sharing). */
  recipient_account_ids?: string[];
  /** Businesses that received the audience (business sharing). */
  recipient_business_ids?: string[];
  /** Roles granted, e.g. RESOURCE_PINNER_LIST_READER. */
  permissions?: string[];
}

/** `SharedAudienceAccount`: one account with access to an audience, as the shared-accounts list returns it. */
export interface ApiSharedAudienceAccount {
  /** Ad account or business id (digits). */
  account_id: string;
  /** Account name. */
  account_name: string;
  /** AD_ACCOUNT or BUSINESS_ACCOUNT. */
  account_type: ApiAudienceAccountType | string;
  /** When the audience was shared with it, Unix seconds. */
  shared_on_timestamp: number;
}

/** What a customer list's records are (the description's `UserListType`); EMAIL when a create leaves it out. */
export type ApiUserListType = "EMAIL" | "IDFA" | "MAID" | "LR_ID" | "DLX_ID" | "HASHED_PINNER_ID";

/** Every `UserListType`, in the description's order. */
export const USER_LIST_TYPES: readonly ApiUserListType[] = ["EMAIL", "IDFA", "MAID", "LR_ID", "DLX_ID", "HASHED_PINNER_ID"];

/** Whether a customer list update adds records or removes them (`UserListOperationType`). */
export type ApiUserListOperationType = "ADD" | "REMOVE";

/** A customer list's status: TOO_SMALL when fewer than 100 Pinterest accounts matched. */
export type ApiCustomerListStatus = "PROCESSING" | "READY" | "TOO_SMALL" | "UPLOADING";

/** A customer list as Pinterest answers it (`CustomerList`): counts and status, never the records. */
export interface ApiCustomerList {
  /** Customer list id. */
  id: string;
  /** The owning ad account. */
  ad_account_id?: string;
  /** Customer list name. */
  name?: string;
  /** Creation time, Unix seconds. */
  created_time?: number;
  /** Last update time, Unix seconds. */
  updated_time?: number;
  /** Uploads so far: the create is one batch, each ADD or REMOVE another. */
  num_batches?: number;
  /** Records uploaded, counting repeats. */
  num_uploaded_user_records?: number;
  /** Records removed, counting those not in the list. */
  num_removed_user_records?: number;
  /** Matching status. */
  status?: ApiCustomerListStatus;
  /** Always "customerlist". */
  type?: string;
  /** Customer list errors. */
  exceptions?: Record<string, unknown>;
}

/** The body of a customer list create (`CustomerListRequest`). */
export interface ApiCustomerListCreateRequest {
  /** Customer list name. */
  name: string;
  /** The records, comma-separated. */
  records: string;
  /** What the records are; EMAIL when left out. */
  list_type?: ApiUserListType;
}

/** The body of a customer list update (`CustomerListUpdateRequest`). */
export interface ApiCustomerListUpdateRequest {
  /** ADD or REMOVE. */
  operation_type: ApiUserListOperationType;
  /** The records, comma-separated. */
  records: string;
}
