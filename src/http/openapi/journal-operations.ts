// The admin API's request journal and client report (issue 10 item 6).
import type { TObject } from 'typebox'
import { ClientReportSchema } from '../../domain/journal/client-report.js'
import { JournalPageSchema, JournalQuerySchema, ReportQuerySchema } from '../../service/read-journal.js'
import { adminOperation as admin, errors, ok, type Paths } from './operations.js'

const tags = ['Admin: request journal and client report']

/** Query parameters from the TypeBox schema the route reads them with. */
function queryParameters(schema: TObject): object[] {
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) && !('default' in property),
    description: (property as { description?: string }).description,
    schema: property,
  }))
}

export const journalPaths: Paths = {
  '/_cosell/journal': {
    get: admin({
      operationId: 'getJournal',
      summary: "A tenant's last requests to the public API, newest first",
      description:
        'Method, URL with its query string, status, timing, Request-ID and the client’s ids, User-Agent, If-Match, Retry-After, throttles and faults applied, and the validation rules a 400 named. Times are wall time. COSELL_JOURNAL_SIZE requests are kept per tenant.',
      tags,
      parameters: queryParameters(JournalQuerySchema),
      responses: { '200': ok('The entries.', JournalPageSchema), ...errors(400, 401, 403) },
    }),
  },
  '/_cosell/report': {
    get: admin({
      operationId: 'getClientReport',
      summary: "What a tenant's clients do that will hurt them in production",
      description:
        'Read from the journal, per client (User-Agent): retries before Retry-After ran out, PUT and PATCH without If-Match, writes again after a 412 without reading, polling loops webhooks would replace, and requests refused by validation grouped by rule. Each finding says what, why and what to do instead.',
      tags,
      parameters: queryParameters(ReportQuerySchema),
      responses: { '200': ok('The report.', ClientReportSchema), ...errors(400, 401, 403) },
    }),
  },
}
