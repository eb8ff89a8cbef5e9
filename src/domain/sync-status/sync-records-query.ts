// What a Referral Admin may ask of GET /_cosell/sync/records: a status, a connection, a page size
// and where to resume. Records run in (referral id, connection) order; `$skiptoken` is the last
// record of the page before, so a page costs the same wherever it starts.
import Type from 'typebox'
import type { Problem } from '../errors.js'
import { readValue } from '../read-value.js'
import { fieldPresenceProblems, presenceRules } from '../field-presence.js'
import { connectionPattern, syncStatuses, type SyncStatus } from './sync-report.js'

export const maxSyncRecordsPage = 500

export const SyncRecordsQuerySchema = Type.Object(
  {
    status: Type.Optional(Type.Enum([...syncStatuses], { description: 'Only records in this status.' })),
    connection: Type.Optional(
      Type.String({ pattern: connectionPattern, description: 'Only this connection.' }),
    ),
    $top: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: maxSyncRecordsPage,
        description: 'Records a page, 100 by default.',
      }),
    ),
    $skiptoken: Type.Optional(
      Type.String({ maxLength: 400, description: 'From a nextLink: resume after its page.' }),
    ),
  },
  { additionalProperties: false },
)

/** Where a page resumes: after this record. */
export interface SyncRecordKey {
  readonly referralId: string
  readonly connection: string
}

export interface SyncRecordFilter {
  readonly limit: number
  readonly status?: SyncStatus
  readonly connection?: string
  readonly after?: SyncRecordKey
}

export function readSyncRecordsQuery(raw: unknown): { filter: SyncRecordFilter; problems: Problem[] } {
  const { value, problems } = readValue(SyncRecordsQuerySchema, raw ?? {})
  problems.splice(0, problems.length, ...problems.filter((p) => !presenceRules.has(p.rule)))
  problems.push(...fieldPresenceProblems(SyncRecordsQuerySchema, raw ?? {}, 'the query'))
  const after = value.$skiptoken === undefined ? undefined : readSkipToken(value.$skiptoken, problems)
  const filter: SyncRecordFilter = {
    limit: value.$top ?? 100,
    ...(value.status === undefined ? {} : { status: value.status }),
    ...(value.connection === undefined ? {} : { connection: value.connection }),
    ...(after === undefined ? {} : { after }),
  }
  return { filter, problems }
}

/** The token of the page after `key`: its referral id and connection (which holds no `/`). */
export function syncSkipToken(key: SyncRecordKey): string {
  return `${key.referralId}/${key.connection}`
}

function readSkipToken(token: string, problems: Problem[]): SyncRecordKey | undefined {
  const slash = token.lastIndexOf('/')
  const connection = token.slice(slash + 1)
  if (slash > 0 && new RegExp(connectionPattern).test(connection))
    return { referralId: token.slice(0, slash), connection }
  problems.push({
    target: '$skiptoken',
    rule: 'skipToken',
    message: '$skiptoken is not one this server gave: take it from the @odata.nextLink of the page before.',
  })
  return undefined
}
