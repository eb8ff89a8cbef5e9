// The sandbox part of the PostgreSQL store: the expiry query, reset and snapshots. Each of reset,
// save, restore and delete is one transaction that copies whole tables inside the database
// (INSERT … SELECT into the snapshot mirrors of migration 1). A reset or restore locks the sandbox
// tables against writes (EXCLUSIVE: reads go on, from the data as it was) so that no write of
// another server lands half inside it.
import { invalidRequest } from '../../domain/errors.js'
import type { Referral } from '../../domain/referral/schema.js'
import {
  clockSettingKey,
  sandboxCountOf,
  type ClockState,
  type SandboxCounts,
  type SandboxStore,
  type SnapshotClock,
  type SnapshotInfo,
} from '../sandbox-store.js'
import { snapshotInfo, type SnapshotRow } from '../snapshot-row.js'
import type { Queryable } from './database.js'
import { PostgresDirectory } from './directory.js'
import { latestKnown } from './migrate.js'

/** Every table of sandbox data, as in the embedded store; `referral_team_emails` follows referrals. */
const sandboxTables = ['referrals', 'organizations', 'users', 'changes', 'sync_records'] as const
type SandboxTable = (typeof sandboxTables)[number]

const lockTables = `LOCK TABLE ${[...sandboxTables, 'referral_team_emails'].join(', ')} IN EXCLUSIVE MODE`

export class PostgresSandbox extends PostgresDirectory implements SandboxStore {
  private columns: Promise<Record<SandboxTable, string>> | undefined

  async dueForExpiry(at: string, limit: number): Promise<Referral[]> {
    const rows = await this.db.rows<{ body: string }>(
      `SELECT body FROM referrals WHERE direction = 'Incoming' AND status = 'New' AND expiration_date_time <= $1
       ORDER BY expiration_date_time, id LIMIT $2`,
      [at, limit],
    )
    return rows.map((r) => JSON.parse(r.body) as Referral)
  }

  reset(): Promise<SandboxCounts> {
    return this.db.transaction(async (tx) => {
      await tx.run(lockTables)
      await tx.run('DELETE FROM settings WHERE key = $1', [`json:${clockSettingKey}`])
      await tx.run('DELETE FROM referral_team_emails')
      return this.eachTable((table) => tx.run(`DELETE FROM ${table}`))
    })
  }

  async saveSnapshot(name: string, savedAt: string, clock: SnapshotClock): Promise<SnapshotInfo> {
    const columns = await this.tableColumns()
    return this.db.transaction(async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock(hashtext($1))', [`snapshot:${name}`])
      const counts = await this.eachTable(async (table) => {
        await tx.run(`DELETE FROM snapshot_${table} WHERE snapshot = $1`, [name])
        const list = columns[table]
        return tx.run(`INSERT INTO snapshot_${table} (snapshot, ${list}) SELECT $1, ${list} FROM ${table}`, [
          name,
        ])
      })
      const row: SnapshotRow = {
        name,
        saved_at: savedAt,
        clock: JSON.stringify(clock),
        schema_version: latestKnown,
        counts: JSON.stringify(counts),
      }
      await tx.run(
        `INSERT INTO snapshots (name, saved_at, clock, schema_version, counts) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET saved_at = excluded.saved_at, clock = excluded.clock,
           schema_version = excluded.schema_version, counts = excluded.counts`,
        [row.name, row.saved_at, row.clock, row.schema_version, row.counts],
      )
      return snapshotInfo(row)
    })
  }

  async listSnapshots(): Promise<SnapshotInfo[]> {
    return (await this.db.rows<SnapshotRow>('SELECT * FROM snapshots ORDER BY saved_at, name')).map(
      snapshotInfo,
    )
  }

  async restoreSnapshot(
    name: string,
    clockFor: (saved: SnapshotClock) => ClockState,
  ): Promise<SnapshotInfo | undefined> {
    const columns = await this.tableColumns()
    return this.db.transaction(async (tx) => {
      const row = await tx.row<SnapshotRow>('SELECT * FROM snapshots WHERE name = $1 FOR SHARE', [name])
      if (!row) return undefined
      checkVersion(row)
      await tx.run(lockTables)
      await tx.run('DELETE FROM referral_team_emails')
      await this.eachTable((table) => tx.run(`DELETE FROM ${table}`))
      await this.eachTable((table) => {
        const list = columns[table]
        return tx.run(
          `INSERT INTO ${table} (${list}) SELECT ${list} FROM snapshot_${table} WHERE snapshot = $1`,
          [name],
        )
      })
      await fillTeamEmails(tx)
      await tx.run(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [`json:${clockSettingKey}`, Buffer.from(JSON.stringify(clockFor(snapshotInfo(row).clock)), 'utf8')],
      )
      return snapshotInfo(row)
    })
  }

  deleteSnapshot(name: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await this.eachTable((table) => tx.run(`DELETE FROM snapshot_${table} WHERE snapshot = $1`, [name]))
      return (await tx.run('DELETE FROM snapshots WHERE name = $1', [name])) > 0
    })
  }

  /** Runs `work` on every sandbox table in turn; the numbers it answers are counted by table. */
  private async eachTable(work: (table: SandboxTable) => Promise<number>): Promise<SandboxCounts> {
    const counts = {} as Record<keyof SandboxCounts, number>
    for (const table of sandboxTables) counts[sandboxCountOf[table]!] = await work(table)
    return counts
  }

  /** Each sandbox table's column list, read from the catalogue once. */
  private tableColumns(): Promise<Record<SandboxTable, string>> {
    this.columns ??= (async () => {
      const rows = await this.db.rows<{ table_name: SandboxTable; columns: string }>(
        `SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1)
         GROUP BY table_name`,
        [sandboxTables],
      )
      return Object.fromEntries(rows.map((r) => [r.table_name, r.columns])) as Record<SandboxTable, string>
    })()
    return this.columns
  }
}

/** Where the team-email lookup is made from: the stored rows, or a row as a write returns it. */
export interface TeamSource {
  /** The FROM item the referrals are read from. */
  readonly from: string
  readonly organization: string
  readonly id: string
  readonly doc: string
}

const storedReferrals: TeamSource = {
  from: 'referrals r',
  organization: 'r.organization_id',
  id: 'r.id',
  doc: 'r.doc',
}

/** The members of the team in `doc` that have an email (FROM … `member`, then WHERE …), and that email as the lookup keeps it. */
function teamMembers(doc: string): { from: string; where: string; email: string } {
  const team = `${doc}->'team'`
  return {
    from: `jsonb_array_elements(CASE jsonb_typeof(${team}) WHEN 'array' THEN ${team} ELSE '[]'::jsonb END) AS member`,
    where: `jsonb_typeof(member) = 'object' AND member->>'email' IS NOT NULL`,
    email: `lower((member->>'email') COLLATE "C")`,
  }
}

/** The statement that adds the team-email lookup of the referrals `where` picks, made from their documents. */
export function teamEmailsInsert(where: string, source: TeamSource): string {
  const members = teamMembers(source.doc)
  return `INSERT INTO referral_team_emails (organization_id, email, referral_id)
     SELECT DISTINCT ${source.organization}, ${members.email}, ${source.id}
     FROM ${source.from}, ${members.from}
     WHERE ${where} AND ${members.where}
     ON CONFLICT DO NOTHING`
}

/**
 * The statement that takes out of one referral's lookup the emails its team no longer has;
 * `teamEmailsInsert` adds those it gained. Neither touches what the other does, so both may be
 * parts of one statement, in either order.
 */
export function staleTeamEmails(source: TeamSource): string {
  const members = teamMembers(source.doc)
  return `DELETE FROM referral_team_emails t USING ${source.from}
     WHERE t.organization_id = ${source.organization} AND t.referral_id = ${source.id}
       AND t.email NOT IN (SELECT ${members.email} FROM ${members.from} WHERE ${members.where})`
}

/** The team-email lookup of the referrals `where` picks, made from their stored documents (every one after a restore). */
export function fillTeamEmails(
  tx: Queryable,
  where = 'TRUE',
  params: readonly unknown[] = [],
): Promise<number> {
  return tx.run(teamEmailsInsert(where, storedReferrals), params)
}

function checkVersion(row: SnapshotRow): void {
  if (row.schema_version === latestKnown) return
  throw invalidRequest([
    {
      target: 'name',
      rule: 'schemaVersion',
      message: `Snapshot '${row.name}' was saved by database schema version ${row.schema_version}; this database is at version ${latestKnown}. Save a new snapshot.`,
    },
  ])
}
