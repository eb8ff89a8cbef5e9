// `cosell journal` and `cosell report`: a tenant's last requests to the public API, and what its
// clients do that will hurt them in production.
import type { Command } from 'commander'
import { AdminApi, type JournalEntry } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printTable, run } from './format.js'
import { reportText } from './report-text.js'

type Flags = ConnectionFlags & { json?: boolean; limit?: string }

export function addJournalCommands(program: Command): void {
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  const tenant = (flags: Flags) => flags.tenant ?? ''

  withConnection(program.command('journal'))
    .description("a tenant's last requests to the public API, newest first (wall time)")
    .option('--limit <n>', 'most requests to show', '50')
    .option('--json', 'print JSON')
    .action((flags: Flags) =>
      run(async () => {
        const page = await api(flags).journal(tenant(flags), Number(flags.limit))
        if (flags.json) return printJson(page)
        if (page.capacity === 0) return console.log('The journal is off (COSELL_JOURNAL_SIZE=0).')
        if (page.value.length === 0) return console.log(`No requests of tenant ${page.tenant} yet.`)
        printTable(
          ['at', 'method', 'status', 'ms', 'url', 'request id', 'notes'],
          page.value.map((e) => [e.at, e.method, e.status, e.ms, e.url, e.requestId, notesOf(e)]),
        )
      }),
    )

  withConnection(program.command('report'))
    .description("what a tenant's clients do that will hurt them in production, read from the journal")
    .option('--json', 'print JSON')
    .action((flags: Flags) =>
      run(async () => {
        const report = await api(flags).report(tenant(flags))
        if (flags.json) return printJson(report)
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
