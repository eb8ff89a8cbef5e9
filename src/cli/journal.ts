// `cosell journal` and `cosell report`: a tenant's last requests to the public API, and what its
// clients do that will hurt them in production.
import type { Command } from 'commander'
import { AdminApi, type JournalEntry } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { run } from './format.js'
import { connectionOf } from './connection.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printRows, withOutput, type OutputFlags } from './output.js'
import { reportText } from './report-text.js'

type Flags = ConnectionFlags & OutputFlags & { limit?: string }

export function addJournalCommands(program: Command): void {
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  const tenant = (flags: Flags) => connectionOf(flags).tenant

  withExamples(
    withOutput(withConnection(program.command('journal'))),
    'cosell journal --limit 20',
    'cosell journal --tenant 11111111-1111-4111-8111-111111111111 --output csv',
  )
    .description("a tenant's last requests to the public API, newest first (wall time)")
    .option('--limit <n>', 'most requests to show', '50')
    .action((flags: Flags) =>
      run(async () => {
        const page = await api(flags).journal(tenant(flags), Number(flags.limit))
        if (formatOf(flags) === 'json') return printJson(page)
        if (page.capacity === 0) return console.log('The journal is off (COSELL_JOURNAL_SIZE=0).')
        if (page.value.length === 0) return console.log(`No requests of tenant ${page.tenant} yet.`)
        printRows(
          ['at', 'method', 'status', 'ms', 'url', 'request id', 'notes'],
          page.value.map((e) => [e.at, e.method, e.status, e.ms, e.url, e.requestId, notesOf(e)]),
          flags,
        )
      }),
    )

  withExamples(
    withOutput(withConnection(program.command('report'))),
    'cosell report',
    'cosell report --output csv',
  )
    .description("what a tenant's clients do that will hurt them in production, read from the journal")
    .action((flags: Flags) =>
      run(async () => {
        const report = await api(flags).report(tenant(flags))
        if (formatOf(flags) === 'json') return printJson(report)
        if (formatOf(flags) === 'csv')
          return printRows(
            ['client', 'requests', 'finding', 'count', 'what', 'why', 'instead', 'examples'],
            report.clients.flatMap((c) =>
              c.findings.map((f) => [
                c.userAgent,
                c.requests,
                f.title,
                f.count,
                f.what,
                f.why,
                f.instead,
                f.examples,
              ]),
            ),
            flags,
          )
        for (const line of reportText(report, process.stdout.columns || 100)) console.log(line)
      }),
    )
}

/** If-Match, Retry-After, throttles and faults, and refused rules, in a few words. */
function notesOf(entry: JournalEntry): string {
  return [
    entry.ifMatch ? 'If-Match' : '',
    entry.retryAfter !== undefined ? `Retry-After ${entry.retryAfter}` : '',
    ...(entry.notes ?? []).map((n) => `${n.kind}${n.rule ? ` ${n.rule}` : ''}`),
    ...(entry.refused ?? []).map((r) => `${r.rule} ${r.target}`),
  ]
    .filter((part) => part !== '')
    .join('; ')
}
