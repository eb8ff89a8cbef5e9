// The whole-database dump (`cosell export --all`, docs/backup.md): JSON lines, a header first,
// then one record a line. The records are the same whichever store wrote them, so a dump of one
// store loads into the other. A referral keeps the exact text the API emits; JSON columns that
// PostgreSQL keeps as jsonb (which does not keep the order keys were written in) are written with
// their keys sorted (canonical-json.ts), so that equal data gives equal dumps on either store.
import Type, { type Static, type TSchema } from 'typebox'

export const dumpFormat = 'cosell-database'
export const dumpFormatVersion = 1

export const storeKinds = ['sqlite', 'postgres'] as const
export type StoreKind = (typeof storeKinds)[number]

const Text = Type.String()
const NullableText = Type.Union([Type.String(), Type.Null()])
const Seq = Type.Integer({ minimum: 0 })
const NullableSeq = Type.Union([Seq, Type.Null()])
/** Present on the rows a snapshot holds: the snapshot's name. */
const InSnapshot = Type.Optional(Type.String())

const SettingSchema = Type.Object({
  type: Type.Literal('setting'),
  key: Text,
  encoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
  value: Text,
})

const OrganizationSchema = Type.Object({
  type: Type.Literal('organization'),
  snapshot: InSnapshot,
  id: Text,
  name: Text,
  mpnId: Text,
  createdDateTime: Text,
  profile: Type.Unknown(),
  domains: Type.Union([Type.Array(Text), Type.Null()]),
})

const UserSchema = Type.Object({
  type: Type.Literal('user'),
  snapshot: InSnapshot,
  organizationId: Text,
  email: Text,
  name: Text,
  role: Text,
  createdDateTime: Text,
})

const ReferralSchema = Type.Object({
  type: Type.Literal('referral'),
  snapshot: InSnapshot,
  /** The seq of the referral's latest change record. */
  lastChange: NullableSeq,
  /** The stored JSON, byte for byte: the other columns are read from it. */
  doc: Text,
})

const ChangeSchema = Type.Object({
  type: Type.Literal('change'),
  snapshot: InSnapshot,
  seq: Seq,
  kind: Text,
  referralId: Text,
  organizationId: Text,
  engagementId: Text,
  at: Text,
  eTag: Text,
  actor: Text,
  channel: Text,
  requestId: NullableText,
  fields: Type.Unknown(),
  prev: NullableSeq,
})

/** A sync status record (docs/sync-status.md); its JSON columns as the stores keep them, as text. */
const SyncRecordSchema = Type.Object({
  type: Type.Literal('syncRecord'),
  snapshot: InSnapshot,
  organizationId: Text,
  referralId: Text,
  connection: Text,
  connector: Text,
  crmId: NullableText,
  status: Text,
  lastSyncedAt: NullableText,
  lastError: NullableText,
  held: Text,
  history: Text,
  reportedAt: Text,
})

const SnapshotSchema = Type.Object({
  type: Type.Literal('snapshot'),
  name: Text,
  savedAt: Text,
  /** JSON text of the snapshot's clock and counts, as stored. */
  clock: Text,
  counts: Text,
  /** Saved at the schema version of the store it came from: it restores after loading. */
  restorable: Type.Boolean(),
})

const WebhookRegistrationSchema = Type.Object({
  type: Type.Literal('webhookRegistration'),
  subscriberId: Text,
  webhookUrl: Text,
  webhookEvents: Type.Array(Text),
  msSignatureHeader: Type.Boolean(),
  sinceSeq: Seq,
  lastModified: Text,
})

const WebhookDispatchSchema = Type.Object({
  type: Type.Literal('webhookDispatch'),
  position: Seq,
})

const WebhookDeliverySchema = Type.Object({
  type: Type.Literal('webhookDelivery'),
  seq: Seq,
  id: Text,
  subscriberId: Text,
  eventName: Text,
  referralId: NullableText,
  body: Text,
  status: Text,
  attempts: Type.Integer(),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: NullableText,
  nextAttemptMs: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Text,
  deliveredAt: NullableText,
})

/** The last number a sequence gave (0: none yet); numbers are never given twice, even after a reset. */
const SequenceSchema = Type.Object({
  type: Type.Literal('sequence'),
  name: Type.Union([Type.Literal('changes'), Type.Literal('webhookDeliveries')]),
  last: Seq,
})

/** Every record type but the header, with its schema, in the order a dump writes them. */
export const recordSchemas = {
  setting: SettingSchema,
  organization: OrganizationSchema,
  user: UserSchema,
  referral: ReferralSchema,
  change: ChangeSchema,
  syncRecord: SyncRecordSchema,
  snapshot: SnapshotSchema,
  webhookRegistration: WebhookRegistrationSchema,
  webhookDispatch: WebhookDispatchSchema,
  webhookDelivery: WebhookDeliverySchema,
  sequence: SequenceSchema,
} as const satisfies Record<string, TSchema>

export type RecordType = keyof typeof recordSchemas
export const recordTypes = Object.keys(recordSchemas) as RecordType[]

/** How many records of each type a dump holds (snapshot rows included). */
export type DumpCounts = Record<RecordType, number>

/** Record types added after format version 1 was first written: a header without their count announces none. */
const addedLater: ReadonlySet<RecordType> = new Set(['syncRecord'])

export const HeaderSchema = Type.Object({
  type: Type.Literal('header'),
  format: Type.Literal(dumpFormat),
  formatVersion: Type.Integer(),
  /** The store it was taken from and that store's schema version: for the reader's information. */
  store: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  schemaVersion: Type.Integer(),
  records: Type.Object(
    Object.fromEntries(recordTypes.map((t) => [t, addedLater.has(t) ? Type.Optional(Seq) : Seq])) as Record<
      RecordType,
      typeof Seq
    >,
  ),
})

export type DumpHeader = Static<typeof HeaderSchema>
export type SettingRecord = Static<typeof SettingSchema>
export type OrganizationRecord = Static<typeof OrganizationSchema>
export type UserRecord = Static<typeof UserSchema>
export type ReferralRecord = Static<typeof ReferralSchema>
export type ChangeLogRecord = Static<typeof ChangeSchema>
export type SyncRecordRecord = Static<typeof SyncRecordSchema>
export type SnapshotRecord = Static<typeof SnapshotSchema>
export type WebhookRegistrationRecord = Static<typeof WebhookRegistrationSchema>
export type WebhookDispatchRecord = Static<typeof WebhookDispatchSchema>
export type WebhookDeliveryRecord = Static<typeof WebhookDeliverySchema>
export type SequenceRecord = Static<typeof SequenceSchema>

export type DumpRecord =
  | SettingRecord
  | OrganizationRecord
  | UserRecord
  | ReferralRecord
  | ChangeLogRecord
  | SyncRecordRecord
  | SnapshotRecord
  | WebhookRegistrationRecord
  | WebhookDispatchRecord
  | WebhookDeliveryRecord
  | SequenceRecord

/** The records of one type. */
export type RecordOf<T extends RecordType> = Extract<DumpRecord, { type: T }>

/** A dump's contents: the header, then the records it announces. */
export type DumpLine = DumpHeader | DumpRecord

export function emptyCounts(): DumpCounts {
  return Object.fromEntries(recordTypes.map((t) => [t, 0])) as DumpCounts
}
