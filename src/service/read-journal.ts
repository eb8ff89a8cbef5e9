// The journal and the client report as the admin API answers them: a tenant's last requests,
// newest first, and the report on all of its kept requests.
import Type, { type Static } from 'typebox'
import { invalidRequest } from '../domain/errors.js'
import { clientReport, type ClientReport } from '../domain/journal/client-report.js'
import { JournalEntrySchema, viewOfEntry } from '../domain/journal/journal-entry.js'
import { readValue } from '../domain/read-value.js'
import type { RequestJournal } from './request-journal.js'

const tenant = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  description: 'The tenant (organisation) id, as the token’s tid claim names it.',
})

export const JournalQuerySchema = Type.Object({
  tenant,
  limit: Type.Integer({ minimum: 1, maximum: 100_000, default: 100, description: 'Most entries to answer.' }),
})

export const ReportQuerySchema = Type.Object({ tenant })

export const JournalPageSchema = Type.Object(
  {
    tenant: Type.String(),
    capacity: Type.Integer({
      minimum: 0,
      description: 'Entries kept per tenant; 0 when the journal is off.',
    }),
    value: Type.Array(JournalEntrySchema, { description: 'The newest first.' }),
  },
  { $id: 'JournalPage' },
)

export type JournalPage = Static<typeof JournalPageSchema>

export function readJournal(journal: RequestJournal | undefined, query: unknown): JournalPage {
  const { value, problems } = readValue(JournalQuerySchema, query ?? {})
  if (problems.length > 0) throw invalidRequest(problems)
  const id = value.tenant.toLowerCase()
  return {
    tenant: id,
    capacity: capacityOf(journal),
    value: (journal?.latest(id, value.limit) ?? []).map(viewOfEntry),
  }
}

export function reportOnJournal(journal: RequestJournal | undefined, query: unknown): ClientReport {
  const { value, problems } = readValue(ReportQuerySchema, query ?? {})
  if (problems.length > 0) throw invalidRequest(problems)
  const id = value.tenant.toLowerCase()
  return clientReport(id, journal?.entries(id) ?? [])
}

function capacityOf(journal: RequestJournal | undefined): number {
  return journal?.enabled ? journal.options.size : 0
}
