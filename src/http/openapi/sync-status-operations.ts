// Sync status (docs/sync-status.md): a cosell extension written and read with the partner's own token.
import Type from 'typebox'
import {
  SyncListedRecordSchema,
  SyncRecordSchema,
  SyncReportResultSchema,
  SyncSummarySchema,
} from '../../domain/sync-status/sync-record.js'
import { SyncReportBatchSchema } from '../../domain/sync-status/sync-report.js'
import { SyncRecordsQuerySchema } from '../../domain/sync-status/sync-records-query.js'
import {
  errors,
  jsonBody,
  ok,
  partnerSecurity,
  pathParameter,
  throttled,
  type Operation,
  type Paths,
} from './operations.js'

const tags = ['Sync status']

const SyncRecordsPageSchema = Type.Object(
  {
    value: Type.Array(SyncListedRecordSchema, { description: 'In (referralId, connection) order.' }),
    '@odata.nextLink': Type.Optional(Type.String({ description: 'The next page; absent on the last.' })),
  },
  { $id: 'SyncRecordsPage' },
)

const queryParameters = Object.entries(SyncRecordsQuerySchema.properties).map(([name, schema]) => ({
  name,
  in: 'query',
  required: false,
  ...('description' in schema ? { description: schema.description as string } : {}),
  schema,
}))

const common = { tags, security: partnerSecurity, 'x-cosell-extension': true } as const

const report: Operation = {
  ...common,
  operationId: 'reportSyncStatus',
  summary: "Report referrals' sync status (a CRM sync engine)",
  description:
    "For Referral Admins: 1–500 reports, each on one of your organisation's referrals and one connection. A report on an unknown referral, or another organisation's, is refused alone (`refused`); the others are kept. A body that is not a batch of reports answers 400 naming every bad field.",
  requestBody: jsonBody(SyncReportBatchSchema),
  responses: {
    '200': ok('How many reports were kept, and which were refused and why.', SyncReportResultSchema),
    ...errors(400, 401, 403),
    ...throttled,
  },
}

const record: Operation = {
  ...common,
  operationId: 'getSyncRecord',
  summary: "One referral's sync status on each connection, with its recent history",
  description:
    "Whoever may read the referral's activity history may read this; `connections` is empty when no engine reported on it. An unknown referral, or one you may not read, answers 404; another organisation's referral read through an engagement answers 403.",
  parameters: [pathParameter('referralId', 'One of your referrals.')],
  responses: {
    '200': ok('The referral’s record.', SyncRecordSchema),
    ...errors(401, 403, 404),
    ...throttled,
  },
}

const records: Operation = {
  ...common,
  operationId: 'listSyncRecords',
  summary: "Your organisation's sync records, without history",
  description: 'For Referral Admins. A parameter cosell does not know is refused.',
  parameters: queryParameters,
  responses: {
    '200': ok('A page of records.', SyncRecordsPageSchema),
    ...errors(400, 401, 403),
    ...throttled,
  },
}

const summary: Operation = {
  ...common,
  operationId: 'getSyncSummary',
  summary: 'Per connection: records by status, and the last report',
  description: 'For Referral Admins.',
  responses: { '200': ok('The summary.', SyncSummarySchema), ...errors(401, 403), ...throttled },
}

export const syncStatusPaths: Paths = {
  '/_cosell/sync/reports': { post: report },
  '/_cosell/sync/records/{referralId}': { get: record },
  '/_cosell/sync/records': { get: records },
  '/_cosell/sync/summary': { get: summary },
}
