// The order of a dump, the same for both stores: the header (with the count of every record type,
// so a reader can show progress and tell a cut file), settings, the live sandbox tables, each
// snapshot followed by its rows, webhooks, and the sequences last.
import type { DumpReader, SandboxRows } from './dump-port.js'
import {
  dumpFormat,
  dumpFormatVersion,
  type DumpCounts,
  type DumpLine,
  type DumpRecord,
} from './dump-record.js'

/**
 * Rows a store reads per query while it walks a table by its key. A page's rows live across many
 * writes of the output, so V8 moves them to the old generation: 1,000 a page let the export of
 * 100,000 referrals reach 300 MB RSS, 100 kept it near 200 MB, at the same speed.
 */
export const dumpPageSize = 100

export async function* dumpLines(reader: DumpReader): AsyncGenerator<DumpLine> {
  yield {
    type: 'header',
    format: dumpFormat,
    formatVersion: dumpFormatVersion,
    store: reader.store,
    schemaVersion: reader.schemaVersion,
    records: await reader.counts(),
  }
  yield* await reader.settings()
  yield* sandbox(reader)
  for (const snapshot of await reader.snapshots()) {
    yield snapshot
    yield* sandbox(reader, snapshot.name)
  }
  yield* reader.webhookRegistrations()
  const dispatch = await reader.webhookDispatch()
  if (dispatch) yield dispatch
  yield* reader.webhookDeliveries()
  yield* await reader.sequences()
}

async function* sandbox(rows: SandboxRows, snapshot?: string): AsyncGenerator<DumpRecord> {
  yield* rows.organizations(snapshot)
  yield* rows.users(snapshot)
  yield* rows.referrals(snapshot)
  yield* rows.changes(snapshot)
  yield* rows.syncRecords(snapshot)
}

/**
 * Every row of a table in key order, `dumpPageSize` at a time: `page(after)` reads the rows whose
 * key is past `after`'s (the first page: `after` undefined). Memory holds one page.
 */
export async function* keysetRows<R>(page: (after: R | undefined) => Promise<R[]>): AsyncGenerator<R> {
  let after: R | undefined
  for (;;) {
    const rows = await page(after)
    yield* rows
    if (rows.length < dumpPageSize) return
    after = rows.at(-1)
  }
}

/**
 * The header's counts, as `reader` will give the records: `count(from)` counts the rows of an SQL
 * FROM clause (a table, or a table with a WHERE). Rows of mirrors count for the snapshots listed.
 */
export async function recordCounts(
  reader: DumpReader,
  count: (from: string) => Promise<number>,
): Promise<DumpCounts> {
  const sandbox = async (table: string) =>
    (await count(table)) + (await count(`snapshot_${table} WHERE snapshot IN (SELECT name FROM snapshots)`))
  return {
    setting: (await reader.settings()).length,
    organization: await sandbox('organizations'),
    user: await sandbox('users'),
    referral: await sandbox('referrals'),
    change: await sandbox('changes'),
    syncRecord: await sandbox('sync_records'),
    snapshot: await count('snapshots'),
    webhookRegistration: await count('webhook_registrations'),
    webhookDispatch: await count('webhook_dispatch'),
    webhookDelivery: await count('webhook_deliveries'),
    sequence: (await reader.sequences()).length,
  }
}
