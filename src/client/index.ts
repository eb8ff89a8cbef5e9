// cosell's SDK: typed methods over fetch for the Referrals API, deal registrations, the sandbox's
// Microsoft side, webhook registrations, its directory (organisations, users) and its controls (clock,
// reset, snapshots, seed, throttling).
// It carries no server code: domain types come in by `import type` only.
export {
  HttpClient,
  type ApiResponse,
  type ClientOptions,
  type RequestOptions,
  type TokenProvider,
} from './client.js'
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
export { ApiError, type ErrorCode, type ProblemDetail } from './errors.js'
export { RetryPolicy, sleepAtLeast, type RetryOptions } from './retry-policy.js'
export { parseHttpDate, retryAfterMs } from './retry-after.js'
export { MicrosoftApi, type LeadRequest, type MicrosoftAction } from './microsoft.js'
export {
  ReferralsApi,
  type JsonPatchOperation,
  type ListOptions,
  type Referral,
  type ReferralPage,
} from './referrals.js'
export { RegistrationsApi, type ReviewAction } from './registrations.js'
export { emulatorToken } from './emulator-token.js'
export {
  WebhooksApi,
  type DeliveryListOptions,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookEventName,
  type WebhookRegistration,
  type WebhookRegistrationRequest,
} from './webhooks.js'
