// Rows of either store as dump records, and back. Each store selects its columns under the
// records' names and decodes its own JSON columns; these functions fix the order of the fields
// (so equal rows give equal lines) and sort the keys of JSON values.
import type { Referral } from '../../domain/referral/schema.js'
import { rowValues } from '../referral-row.js'
import type { SnapshotRow } from '../snapshot-row.js'
import { canonicalJson } from './canonical-json.js'
import type {
  ChangeLogRecord,
  OrganizationRecord,
  ReferralRecord,
  SettingRecord,
  SnapshotRecord,
  SyncRecordRecord,
  UserRecord,
  WebhookDeliveryRecord,
  WebhookRegistrationRecord,
} from './dump-record.js'

type Fields<R> = Omit<R, 'type' | 'snapshot'>

const inSnapshot = (snapshot: string | undefined) => (snapshot === undefined ? {} : { snapshot })

export function settingRecord(key: string, value: Buffer): SettingRecord {
  const text = value.toString('utf8')
  return Buffer.from(text, 'utf8').equals(value)
    ? { type: 'setting', key, encoding: 'utf8', value: text }
    : { type: 'setting', key, encoding: 'base64', value: value.toString('base64') }
}

export function settingValue(record: SettingRecord): Buffer {
  return Buffer.from(record.value, record.encoding)
}

export function organizationRecord(row: Fields<OrganizationRecord>, snapshot?: string): OrganizationRecord {
  return {
    type: 'organization',
    ...inSnapshot(snapshot),
    id: row.id,
    name: row.name,
    mpnId: row.mpnId,
    createdDateTime: row.createdDateTime,
    profile: canonicalJson(row.profile),
    domains: row.domains,
  }
}

export function userRecord(row: Fields<UserRecord>, snapshot?: string): UserRecord {
  return {
    type: 'user',
    ...inSnapshot(snapshot),
    organizationId: row.organizationId,
    email: row.email,
    name: row.name,
    role: row.role,
    createdDateTime: row.createdDateTime,
  }
}

export function referralRecord(row: Fields<ReferralRecord>, snapshot?: string): ReferralRecord {
  return { type: 'referral', ...inSnapshot(snapshot), lastChange: row.lastChange, doc: row.doc }
}

/** The referral row's column values (referral-row.ts's order) with the stored text as `doc`. */
export function referralRowValues(record: ReferralRecord): (string | null)[] {
  return rowValues(JSON.parse(record.doc) as Referral, record.doc)
}

export function changeRecord(row: Fields<ChangeLogRecord>, snapshot?: string): ChangeLogRecord {
  return {
    type: 'change',
    ...inSnapshot(snapshot),
    seq: row.seq,
    kind: row.kind,
    referralId: row.referralId,
    organizationId: row.organizationId,
    engagementId: row.engagementId,
    at: row.at,
    eTag: row.eTag,
    actor: row.actor,
    channel: row.channel,
    requestId: row.requestId,
    fields: canonicalJson(row.fields),
    prev: row.prev,
  }
}

export function syncRecordRecord(row: Fields<SyncRecordRecord>, snapshot?: string): SyncRecordRecord {
  return {
    type: 'syncRecord',
    ...inSnapshot(snapshot),
    organizationId: row.organizationId,
    referralId: row.referralId,
    connection: row.connection,
    connector: row.connector,
    crmId: row.crmId,
    status: row.status,
    lastSyncedAt: row.lastSyncedAt,
    lastError: row.lastError,
    held: row.held,
    history: row.history,
    reportedAt: row.reportedAt,
  }
}

/** `schemaVersion`: the store's own, at which its snapshots restore. */
export function snapshotRecord(row: SnapshotRow, schemaVersion: number): SnapshotRecord {
  return {
    type: 'snapshot',
    name: row.name,
    savedAt: row.saved_at,
    clock: row.clock,
    counts: row.counts,
    restorable: row.schema_version === schemaVersion,
  }
}

/** A snapshot's row in the target: restorable at the target's version, or marked as never. */
export function snapshotRow(record: SnapshotRecord, schemaVersion: number): SnapshotRow {
  return {
    name: record.name,
    saved_at: record.savedAt,
    clock: record.clock,
    schema_version: record.restorable ? schemaVersion : 0,
    counts: record.counts,
  }
}

export function webhookRegistrationRecord(row: Fields<WebhookRegistrationRecord>): WebhookRegistrationRecord {
  return {
    type: 'webhookRegistration',
    subscriberId: row.subscriberId,
    webhookUrl: row.webhookUrl,
    webhookEvents: row.webhookEvents,
    msSignatureHeader: row.msSignatureHeader,
    sinceSeq: row.sinceSeq,
    lastModified: row.lastModified,
  }
}

export function webhookDeliveryRecord(row: Fields<WebhookDeliveryRecord>): WebhookDeliveryRecord {
  return {
    type: 'webhookDelivery',
    seq: row.seq,
    id: row.id,
    subscriberId: row.subscriberId,
    eventName: row.eventName,
    referralId: row.referralId,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptMs: row.nextAttemptMs,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
  }
}
