// The ports of a whole-database dump: a source reads every durable row of a store in one
// consistent read, a target loads them into an empty store in one transaction. Each store
// implements the narrow reader and writer below; dump-order.ts and load-dump.ts hold what is the
// same for both (the order of the records, the header, batching, the checks).
import type {
  DumpCounts,
  DumpLine,
  OrganizationRecord,
  ReferralRecord,
  SequenceRecord,
  SettingRecord,
  SnapshotRecord,
  StoreKind,
  SyncRecordRecord,
  UserRecord,
  ChangeLogRecord,
  WebhookDeliveryRecord,
  WebhookDispatchRecord,
  WebhookRegistrationRecord,
} from './dump-record.js'
import type { TableRecord } from './record-columns.js'

export interface DumpSource {
  /** The data directory or the database URL (without its password), for messages. */
  readonly location: string
  /** The header, then every record; the whole of it read at one moment, while writers go on. */
  dump(): AsyncIterable<DumpLine>
  close(): Promise<void>
}

export interface DumpTarget {
  readonly location: string
  /** Loads a dump into this store, which must hold nothing, in one transaction: all of it or none. */
  load(lines: AsyncIterable<DumpLine>): Promise<DumpCounts>
  close(): Promise<void>
}

/** The sandbox rows of the live tables (no snapshot) or of one snapshot. */
export interface SandboxRows {
  organizations(snapshot?: string): AsyncIterable<OrganizationRecord>
  users(snapshot?: string): AsyncIterable<UserRecord>
  referrals(snapshot?: string): AsyncIterable<ReferralRecord>
  changes(snapshot?: string): AsyncIterable<ChangeLogRecord>
  syncRecords(snapshot?: string): AsyncIterable<SyncRecordRecord>
}

/** A store's rows as records, read inside one read transaction that the store holds around them. */
export interface DumpReader extends SandboxRows {
  readonly store: StoreKind
  readonly schemaVersion: number
  /** How many records of each type the reads below give. */
  counts(): Promise<DumpCounts>
  /** Few: read at once, sorted by key. */
  settings(): Promise<SettingRecord[]>
  snapshots(): Promise<SnapshotRecord[]>
  webhookRegistrations(): AsyncIterable<WebhookRegistrationRecord>
  webhookDispatch(): Promise<WebhookDispatchRecord | undefined>
  webhookDeliveries(): AsyncIterable<WebhookDeliveryRecord>
  sequences(): Promise<SequenceRecord[]>
}

/** A store's inserts, inside the one transaction of a load. */
export interface DumpWriter {
  /** What this store already holds (table or file names): a load needs an empty store. */
  occupied(): Promise<string[]>
  /** Rows of one type, all live or all of one snapshot. */
  insert(records: readonly TableRecord[]): Promise<void>
  /** After every row: each sequence resumes after `last` and after every number its table holds. */
  finish(sequences: readonly SequenceRecord[]): Promise<void>
}
