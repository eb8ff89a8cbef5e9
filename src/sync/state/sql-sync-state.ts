// SyncState in SQL, one implementation for SQLite and PostgreSQL (through SqlRunner).
import type { CrmValue } from '../connectors/connector.js'
import type { SqlRunner } from './sql-runner.js'
import { createStateTables } from './state-tables.js'
import {
  pairStatuses,
  type HeldChange,
  type HistoryEvent,
  type PairStatus,
  type Settlement,
  type Side,
  type StatusCounts,
  type SyncLink,
  type SyncState,
  type WorkItem,
} from './sync-state.js'

interface LinkRow {
  referral_id: string
  crm_id: string
  referral_etag: string | null
  crm_version: string | null
  base: string
  status: PairStatus
  last_error: string | null
  last_synced_at: string | null
}

interface HeldRow {
  pair_key: string
  field: string
  to_side: Side
  value: string
  kind: HeldChange['kind']
  reason: string
  referral_etag: string | null
  crm_version: string | null
  since: string
  attempts: number | string
}

interface HistoryRow {
  seq: number | string
  at: string
  referral_id: string | null
  crm_id: string | null
  direction: HistoryEvent['direction']
  action: HistoryEvent['action']
  fields: string
  message: string | null
}

const linkColumns =
  'referral_id, crm_id, referral_etag, crm_version, base, status, last_error, last_synced_at'
const heldColumns =
  'pair_key, field, to_side, value, kind, reason, referral_etag, crm_version, since, attempts'
const historyColumns = 'seq, at, referral_id, crm_id, direction, action, fields, message'

export class SqlSyncState implements SyncState {
  private constructor(
    private readonly db: SqlRunner,
    private readonly connection: string,
  ) {}

  static async open(db: SqlRunner, connection: string): Promise<SqlSyncState> {
    await createStateTables(db)
    return new SqlSyncState(db, connection)
  }

  async cursor(side: Side): Promise<string | undefined> {
    const rows = await this.db.all<{ cursor: string }>(
      'SELECT cursor FROM sync_cursors WHERE connection = ? AND side = ?',
      [this.connection, side],
    )
    return rows[0]?.cursor
  }

  async enqueue(side: Side, ids: readonly string[], cursor: string | undefined, at: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const id of ids) {
        await tx.run(
          'INSERT INTO sync_work (connection, side, id, detected_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          [this.connection, side, id, at],
        )
      }
      if (cursor !== undefined) {
        await tx.run(
          `INSERT INTO sync_cursors (connection, side, cursor) VALUES (?, ?, ?)
           ON CONFLICT (connection, side) DO UPDATE SET cursor = excluded.cursor`,
          [this.connection, side, cursor],
        )
      }
    })
  }

  async pending(limit: number): Promise<WorkItem[]> {
    const rows = await this.db.all<{ side: Side; id: string; detected_at: string }>(
      'SELECT side, id, detected_at FROM sync_work WHERE connection = ? ORDER BY detected_at, side, id LIMIT ?',
      [this.connection, limit],
    )
    return rows.map((r) => ({ side: r.side, id: r.id, detectedAt: r.detected_at }))
  }

  async linkByReferral(referralId: string): Promise<SyncLink | undefined> {
    return this.oneLink('referral_id', referralId)
  }

  async linkByCrm(crmId: string): Promise<SyncLink | undefined> {
    return this.oneLink('crm_id', crmId)
  }

  async heldFor(pairKey: string): Promise<HeldChange[]> {
    const rows = await this.db.all<HeldRow>(
      `SELECT ${heldColumns} FROM sync_held WHERE connection = ? AND pair_key = ? ORDER BY field`,
      [this.connection, pairKey],
    )
    return rows.map(toHeld)
  }

  async settle(item: WorkItem | undefined, settlement: Settlement): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (item) {
        await tx.run('DELETE FROM sync_work WHERE connection = ? AND side = ? AND id = ?', [
          this.connection,
          item.side,
          item.id,
        ])
      }
      if (settlement.link) await this.saveLink(tx, settlement.link)
      for (const pairKey of [settlement.pairKey, ...(settlement.clear ?? [])]) {
        for (const table of ['sync_held', 'sync_intents']) {
          await tx.run(`DELETE FROM ${table} WHERE connection = ? AND pair_key = ?`, [
            this.connection,
            pairKey,
          ])
        }
      }
      for (const held of settlement.held) await this.saveHeld(tx, held)
      for (const event of settlement.events) await this.saveEvent(tx, event)
    })
  }

  async intend(pairKey: string, at: string): Promise<void> {
    await this.db.run(
      'INSERT INTO sync_intents (connection, pair_key, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [this.connection, pairKey, at],
    )
  }

  async intended(pairKey: string): Promise<boolean> {
    const rows = await this.db.all('SELECT 1 FROM sync_intents WHERE connection = ? AND pair_key = ?', [
      this.connection,
      pairKey,
    ])
    return rows.length > 0
  }

  async links(options: { status?: PairStatus; after?: string; limit: number }): Promise<SyncLink[]> {
    const where = ['connection = ?', 'referral_id > ?']
    const params: unknown[] = [this.connection, options.after ?? '']
    if (options.status) {
      where.push('status = ?')
      params.push(options.status)
    }
    const rows = await this.db.all<LinkRow>(
      `SELECT ${linkColumns} FROM sync_links WHERE ${where.join(' AND ')} ORDER BY referral_id LIMIT ?`,
      [...params, options.limit],
    )
    return rows.map(toLink)
  }

  async held(options: { limit: number }): Promise<HeldChange[]> {
    const rows = await this.db.all<HeldRow>(
      `SELECT ${heldColumns} FROM sync_held WHERE connection = ? ORDER BY since, pair_key, field LIMIT ?`,
      [this.connection, options.limit],
    )
    return rows.map(toHeld)
  }

  async history(pairKeys: readonly string[], limit: number): Promise<HistoryEvent[]> {
    const referralIds = pairKeys.filter((k) => !k.startsWith('crm:'))
    const crmIds = pairKeys.filter((k) => k.startsWith('crm:')).map((k) => k.slice(4))
    const rows = await this.db.all<HistoryRow>(
      `SELECT ${historyColumns} FROM sync_history WHERE connection = ?
       AND (referral_id IN (${marks(referralIds)}) OR crm_id IN (${marks(crmIds)}))
       ORDER BY seq DESC LIMIT ?`,
      [this.connection, ...referralIds, ...crmIds, limit],
    )
    return rows.map(toEvent)
  }

  async unreported(limit: number): Promise<HistoryEvent[]> {
    const rows = await this.db.all<HistoryRow>(
      `SELECT ${historyColumns} FROM sync_history WHERE connection = ? AND reported = 0
       AND referral_id IS NOT NULL ORDER BY seq LIMIT ?`,
      [this.connection, limit],
    )
    return rows.map(toEvent)
  }

  async markReported(throughSeq: number): Promise<void> {
    await this.db.run(
      'UPDATE sync_history SET reported = 1 WHERE connection = ? AND reported = 0 AND seq <= ?',
      [this.connection, throughSeq],
    )
  }

  async counts(): Promise<StatusCounts> {
    const byStatus = await this.db.all<{ status: PairStatus; n: number | string }>(
      'SELECT status, COUNT(*) AS n FROM sync_links WHERE connection = ? GROUP BY status',
      [this.connection],
    )
    const pairs = Object.fromEntries(pairStatuses.map((s) => [s, 0])) as Record<PairStatus, number>
    for (const row of byStatus) pairs[row.status] = Number(row.n)
    const [pending] = await this.db.all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM sync_work WHERE connection = ?',
      [this.connection],
    )
    const [held] = await this.db.all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM sync_held WHERE connection = ?',
      [this.connection],
    )
    return { pairs, pending: Number(pending?.n ?? 0), held: Number(held?.n ?? 0) }
  }

  async close(): Promise<void> {
    await this.db.close()
  }

  private async oneLink(column: 'referral_id' | 'crm_id', id: string): Promise<SyncLink | undefined> {
    const rows = await this.db.all<LinkRow>(
      `SELECT ${linkColumns} FROM sync_links WHERE connection = ? AND ${column} = ?`,
      [this.connection, id],
    )
    return rows[0] && toLink(rows[0])
  }

  private async saveLink(tx: SqlRunner, link: SyncLink): Promise<void> {
    await tx.run(
      `INSERT INTO sync_links (connection, ${linkColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (connection, referral_id) DO UPDATE SET crm_id = excluded.crm_id,
         referral_etag = excluded.referral_etag, crm_version = excluded.crm_version, base = excluded.base,
         status = excluded.status, last_error = excluded.last_error, last_synced_at = excluded.last_synced_at`,
      [
        this.connection,
        link.referralId,
        link.crmId,
        link.referralETag,
        link.crmVersion,
        JSON.stringify(link.base),
        link.status,
        link.lastError && JSON.stringify(link.lastError),
        link.lastSyncedAt,
      ],
    )
  }

  private async saveHeld(tx: SqlRunner, held: HeldChange): Promise<void> {
    await tx.run(
      `INSERT INTO sync_held (connection, ${heldColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.connection,
        held.pairKey,
        held.field,
        held.toSide,
        JSON.stringify(held.value),
        held.kind,
        held.reason,
        held.referralETag,
        held.crmVersion,
        held.since,
        held.attempts,
      ],
    )
  }

  private async saveEvent(tx: SqlRunner, event: HistoryEvent): Promise<void> {
    await tx.run(
      `INSERT INTO sync_history (connection, at, referral_id, crm_id, direction, action, fields, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.connection,
        event.at,
        event.referralId,
        event.crmId,
        event.direction,
        event.action,
        JSON.stringify(event.fields),
        event.message,
      ],
    )
  }
}

function marks(values: readonly unknown[]): string {
  return values.length === 0 ? 'NULL' : values.map(() => '?').join(', ')
}

function toLink(row: LinkRow): SyncLink {
  return {
    referralId: row.referral_id,
    crmId: row.crm_id,
    referralETag: row.referral_etag,
    crmVersion: row.crm_version,
    base: JSON.parse(row.base) as Record<string, CrmValue>,
    status: row.status,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as SyncLink['lastError']),
    lastSyncedAt: row.last_synced_at,
  }
}

function toHeld(row: HeldRow): HeldChange {
  return {
    pairKey: row.pair_key,
    field: row.field,
    toSide: row.to_side,
    value: JSON.parse(row.value) as CrmValue,
    kind: row.kind,
    reason: row.reason,
    referralETag: row.referral_etag,
    crmVersion: row.crm_version,
    since: row.since,
    attempts: Number(row.attempts),
  }
}

function toEvent(row: HistoryRow): HistoryEvent {
  return {
    seq: Number(row.seq),
    at: row.at,
    referralId: row.referral_id,
    crmId: row.crm_id,
    direction: row.direction,
    action: row.action,
    fields: JSON.parse(row.fields) as string[],
    message: row.message,
  }
}
