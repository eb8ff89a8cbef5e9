// The client report (issue 10 item 6): a tenant's journal read as advice. A client is one User-Agent
// of the tenant (one integration, whichever user it signs in as). Pure and bounded: the journal's
// size caps the entries, and every finding is one pass over them.
import Type, { type Static } from 'typebox'
import { earlyRetries } from './early-retries.js'
import { FindingSchema, type Finding } from './finding.js'
import type { JournalEntry } from './journal-entry.js'
import { polling } from './polling.js'
import { refusedByValidation } from './refused-rules.js'
import { writesAfter412WithoutRead, writesWithoutIfMatch } from './unsafe-writes.js'

export const noUserAgent = '(no User-Agent)'

export const ClientFindingsSchema = Type.Object({
  userAgent: Type.String({ description: `The client's User-Agent, or '${noUserAgent}'.` }),
  requests: Type.Integer({ minimum: 1 }),
  findings: Type.Array(FindingSchema),
})

export const ClientReportSchema = Type.Object(
  {
    tenant: Type.String(),
    requests: Type.Integer({ minimum: 0, description: 'Journal entries read (the last ones kept).' }),
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Arrival of the first (wall time).' }),
    ),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Arrival of the last (wall time).' })),
    clients: Type.Array(ClientFindingsSchema, { description: 'Clients, the busiest first.' }),
  },
  { $id: 'ClientReport' },
)

export type ClientFindings = Static<typeof ClientFindingsSchema>
export type ClientReport = Static<typeof ClientReportSchema>

const analyses: readonly ((entries: readonly JournalEntry[]) => Finding[])[] = [
  earlyRetries,
  writesWithoutIfMatch,
  writesAfter412WithoutRead,
  polling,
  refusedByValidation,
]

export function clientReport(tenant: string, entries: readonly JournalEntry[]): ClientReport {
  const inOrder = [...entries].sort((a, b) => a.at - b.at)
  const first = inOrder[0]
  const last = inOrder.at(-1)
  return {
    tenant,
    requests: inOrder.length,
    ...(first && last ? { from: iso(first.at), to: iso(last.at) } : {}),
    clients: [...byClient(inOrder)]
      .map(([userAgent, own]) => ({
        userAgent,
        requests: own.length,
        findings: analyses.flatMap((analyse) => analyse(own)),
      }))
      .sort((a, b) => b.requests - a.requests || a.userAgent.localeCompare(b.userAgent)),
  }
}

function byClient(entries: readonly JournalEntry[]): Map<string, JournalEntry[]> {
  const clients = new Map<string, JournalEntry[]>()
  for (const entry of entries) {
    const key = entry.userAgent ?? noUserAgent
    const own = clients.get(key)
    if (own) own.push(entry)
    else clients.set(key, [entry])
  }
  return clients
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
