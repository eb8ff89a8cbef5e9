// cosell's SDK (`cosell/client`): typed methods over fetch for the Referrals API, deal
// registrations, webhook registrations, token providers for Entra-like sign-in, a typed $filter
// builder, and cosell's own extensions (the sandbox's Microsoft side, its directory of
// organisations and users, and its controls: clock, reset, snapshots, seed, throttling, faults;
// the sync status CRM sync engines report).
// It carries no server code: domain types come in by `import type` only.
export {
  HttpClient,
  type ApiResponse,
  type ClientOptions,
  type RequestOptions,
  type TokenProvider,
} from './client.js'
export {
  ActivitiesApi,
  type ActivityOptions,
  type ActivityPage,
  type ChangeChannel,
  type ChangeRecord,
} from './activities.js'
export {
  AdminApi,
  type ClientFindings,
  type ClientReport,
  type ClockChange,
  type ClockChanged,
  type ClockView,
  type FaultRuleInput,
  type FaultRuleView,
  type Finding,
  type JournalEntry,
  type JournalPage,
  type Organization,
  type OrganizationChange,
  type ResetResult,
  type Role,
  type SandboxCounts,
  type SeedRequest,
  type SeedResult,
  type SnapshotInfo,
  type TenantThrottle,
  type ThrottleProfile,
  type ThrottleSettings,
  type User,
  type UserChange,
} from './admin.js'
export { ApiError, type ApiErrorContext, type ErrorCode, type ProblemDetail } from './errors.js'
export {
  Filter,
  FilterBuilder,
  filter,
  type CollectionPath,
  type CompareOperator,
  type OrderedPath,
  type ReferralFields,
  type ScalarPath,
  type TextPath,
  type ValueOf,
} from './filter.js'
export { RetryPolicy, sleepAtLeast, type RetryOptions } from './retry-policy.js'
export { parseHttpDate, retryAfterMs } from './retry-after.js'
export { MicrosoftApi, type LeadRequest, type MicrosoftAction } from './microsoft.js'
export { diffReferral } from './referral-diff.js'
export {
  ReferralsApi,
  type DeepPartial,
  type JsonPatchOperation,
  type ListOptions,
  type Referral,
  type ReferralBody,
  type ReferralChange,
  type ReferralCreate,
  type ReferralPage,
  type UpdateOptions,
} from './referrals.js'
export { RegistrationsApi, type Registration, type ReviewAction } from './registrations.js'
export {
  SyncApi,
  reportBatchLimits,
  type HeldChange,
  type SyncConnectionState,
  type SyncConnectionSummary,
  type SyncError,
  type SyncEvent,
  type SyncListedRecord,
  type SyncRecord,
  type SyncRecordsOptions,
  type SyncRecordsPage,
  type SyncReport,
  type SyncReportResult,
  type SyncStatus,
  type SyncStatusCounts,
  type SyncSummary,
} from './sync.js'
export { emulatorToken } from './emulator-token.js'
export {
  TokenError,
  partnerCenterScope,
  requestToken,
  type GrantedToken,
  type TokenEndpointOptions,
} from './token-endpoint.js'
export {
  cachedToken,
  clientCredentials,
  refreshToken,
  type ClientCredentialsOptions,
  type RefreshTokenOptions,
  type TokenCacheOptions,
} from './token-providers.js'
export {
  WebhooksApi,
  type DeliveryListOptions,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookEventName,
  type WebhookRegistration,
  type WebhookRegistrationRequest,
} from './webhooks.js'
