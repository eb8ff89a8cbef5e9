// The storage port, in domain terms only. Both SQL stores implement it; the service never sees a
// concrete store.
import type { ChangeCause } from '../domain/change/change-record.js'
import type { Referral } from '../domain/referral/schema.js'
import type { ListPlan } from '../query/index.js'
import type { ChangeFeed } from './change-feed.js'
import type { Coordination } from './coordination.js'

export type { ActivityPage, ChangeFeed } from './change-feed.js'
import type { DirectoryStore } from './directory-store.js'
import type { SandboxStore } from './sandbox-store.js'
export type { DeliveryRow, RegistrationWrite, StoredRegistration, WebhookStore } from './webhook-store.js'
import type { WebhookStore } from './webhook-store.js'
import type { SyncStatusStore } from './sync-status-store.js'
export type { SyncRecordsPage, SyncStatusStore } from './sync-status-store.js'

export {
  clockSettingKey,
  type ClockState,
  type SandboxCounts,
  type SnapshotClock,
  type SnapshotInfo,
} from './sandbox-store.js'

/** One page of a list, as the query engine planned it. */
export interface ListPage {
  /** The referrals, parsed on first use. */
  readonly referrals: Referral[]
  /** The same referrals as stored: the JSON the API emits, with `links` null. */
  readonly stored: readonly StoredReferral[]
  /** How many referrals match the filter, ignoring paging. */
  readonly count: number
  /** Resumes after this page; absent on the last page. */
  readonly skipToken?: string
}

/** `setting-moved`: the write stated a setting as read (`SettingAsRead`) and the setting moved since. */
export type WriteOutcome = 'written' | 'stale' | 'missing' | 'setting-moved'

/**
 * A stored setting as a writer last read it: the virtual clock's, which stamped the write. A write
 * that states it lands only while the setting still holds that value (undefined: not saved), in the
 * same atomic step as the write, so no server writes times read off a clock another has moved.
 */
export interface SettingAsRead {
  readonly key: string
  readonly value: unknown
}

/** A referral's stored JSON text, for answers that need not look inside it. */
export interface StoredReferral {
  readonly text: string
  readonly id: string
  readonly engagementId: string
  readonly eTag: string
}

/** Whose referrals a list reads: one organisation's, or every referral of one engagement. */
export type ListScope = { readonly organizationId: string } | { readonly engagementId: string }

/** Whether the storage under the store is fine, and if not why and what the operator should do. */
export type StorageHealth =
  | { readonly status: 'ok' }
  | { readonly status: 'damaged' | 'diskFull'; readonly reason: string; readonly action: string }

/**
 * One port for the whole service; the SQL stores implement every part of it. Each insert and
 * replace writes its change record (domain/change/change-record.ts) in the same transaction,
 * caused by `cause`; the change feed reads them back.
 */
export interface ReferralStore extends DirectoryStore, SandboxStore, ChangeFeed {
  /** Writes nothing and answers `setting-moved` when `asRead` no longer holds. */
  insert(referral: Referral, cause: ChangeCause, asRead?: SettingAsRead): Promise<'written' | 'setting-moved'>
  /** Inserts many referrals in one commit: for seeding and bulk loads. */
  insertMany(referrals: readonly Referral[], cause: ChangeCause): Promise<void>
  get(organizationId: string, id: string): Promise<Referral | undefined>
  /** The referral exactly as stored (the JSON the API emits, `links` null) with its eTag, unparsed. */
  getStored(organizationId: string, id: string): Promise<StoredReferral | undefined>
  /** A referral of any organisation: for engagement visibility and Microsoft's side. */
  find(id: string): Promise<Referral | undefined>
  /** Every referral of an engagement, oldest first (an engagement holds a handful). */
  inEngagement(engagementId: string): Promise<Referral[]>
  /** Whether the organisation has a referral in the engagement. */
  participates(organizationId: string, engagementId: string): Promise<boolean>
  /** The organisations with a referral in the engagement (webhooks' related-referral events). */
  engagementOrganizations(engagementId: string): Promise<string[]>
  /**
   * Replaces the referral only while it is still `before` (its stored eTag is `before.eTag`): one
   * atomic step. `before` is what the caller read and changed: the change record's "from". With
   * `asRead`, only while that setting also still holds (`setting-moved` otherwise).
   */
  replace(
    referral: Referral,
    before: Referral,
    cause: ChangeCause,
    asRead?: SettingAsRead,
  ): Promise<WriteOutcome>
  /** Referrals in `scope` as `plan` asks; paging tokens are signed with `secret()`. */
  list(scope: ListScope, plan: ListPlan): Promise<ListPage>
  /** A secret kept with the data, shared by every server process on the same store. */
  secret(): Promise<Buffer>
  /** What the store knows of its storage: damage found at start or met since, a full disk. */
  health(): StorageHealth
  /** Resolves once the database answers a trivial query; rejects saying why it cannot. */
  ping(): Promise<void>
  /** Webhook registrations and their delivery outbox (not sandbox data: reset keeps them). */
  readonly webhooks: WebhookStore
  /** What CRM sync engines reported of each referral (sandbox data: reset empties it). */
  readonly syncStatus: SyncStatusStore
  /** How the servers sharing this store take turns and hear of each other's changes. */
  readonly coordination: Coordination
  close(): Promise<void>
}
