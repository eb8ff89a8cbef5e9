// A PostgreSQL database as a dump target: migrated as a server would (under the migration lock),
// then the whole dump loaded in one transaction that first locks every table against writers (a
// server started meanwhile waits for the load, then sees all of it), so a refused dump leaves
// the database as empty as it was. Rows go in several to a statement.
import type { DumpTarget, DumpWriter } from '../dump/dump-port.js'
import type { DumpCounts, DumpLine, SequenceRecord } from '../dump/dump-record.js'
import { loadLines } from '../dump/load-dump.js'
import {
  durableTables,
  recordColumns,
  tableRow,
  type ColumnLayouts,
  type TableRecord,
} from '../dump/record-columns.js'
import { referralRowValues } from '../dump/dump-rows.js'
import { rowColumns } from '../referral-row.js'
import { PostgresDatabase, type Queryable } from './database.js'
import { deliverySequence, redactedUrl } from './dump-source.js'
import { latestKnown, migrate } from './migrate.js'
import { fillTeamEmails } from './sandbox.js'

const writtenTables = [
  ...durableTables,
  'referral_team_emails',
  ...['referrals', 'organizations', 'users', 'changes'].map((t) => `snapshot_${t}`),
]

const sequences: Record<SequenceRecord['name'], { sequence: string; table: string }> = {
  changes: { sequence: 'change_seq', table: 'changes' },
  webhookDeliveries: { sequence: deliverySequence, table: 'webhook_deliveries' },
}

/** As both stores lay records out, but a referral's text also goes to `body`, the text the API emits. */
const layouts: ColumnLayouts = {
  ...recordColumns(latestKnown),
  referral: {
    table: 'referrals',
    columns: [...rowColumns, 'body', 'last_change'],
    values: (r) => [...referralRowValues(r), r.doc, r.lastChange],
  },
}

export class PostgresDumpTarget implements DumpTarget {
  private constructor(
    private readonly db: PostgresDatabase,
    readonly location: string,
  ) {}

  static async open(url: string): Promise<PostgresDumpTarget> {
    const db = PostgresDatabase.connect(url, 1)
    try {
      await db.withClient((client) => migrate(client))
    } catch (error) {
      await db.close()
      throw error
    }
    return new PostgresDumpTarget(db, redactedUrl(url))
  }

  load(lines: AsyncIterable<DumpLine>): Promise<DumpCounts> {
    return this.db.transaction(async (tx) => {
      await tx.run(`LOCK TABLE ${writtenTables.join(', ')} IN EXCLUSIVE MODE`)
      return loadLines(lines, new PostgresDumpWriter(tx), `The database ${this.location}`)
    })
  }

  close(): Promise<void> {
    return this.db.close()
  }
}

class PostgresDumpWriter implements DumpWriter {
  constructor(private readonly tx: Queryable) {}

  async occupied(): Promise<string[]> {
    const held: string[] = []
    for (const table of durableTables)
      if (await this.tx.row(`SELECT 1 FROM ${table} LIMIT 1`)) held.push(table)
    return held
  }

  async insert(records: readonly TableRecord[]): Promise<void> {
    const rows = records.map((record) => tableRow(layouts, record))
    const { table, columns } = rows[0]!
    const params: unknown[] = []
    const tuples = rows.map((row) => `(${row.values.map((value) => `$${params.push(value)}`).join(', ')})`)
    await this.tx.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params)
  }

  async finish(records: readonly SequenceRecord[]): Promise<void> {
    await fillTeamEmails(this.tx)
    for (const { name, last } of records) {
      const { sequence, table } = sequences[name]
      // setval's least value is 1: "nothing given yet" is 1 with is_called false
      await this.tx.run(
        `SELECT setval('${sequence}', greatest($1::bigint, (SELECT coalesce(max(seq), 0) FROM ${table}), 1),
           greatest($1::bigint, (SELECT coalesce(max(seq), 0) FROM ${table})) > 0)`,
        [last],
      )
    }
  }
}
