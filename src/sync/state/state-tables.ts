// The sync's tables, made when the state is opened (IF NOT EXISTS, under an advisory lock on
// PostgreSQL, where several syncs may start at once). Every table is keyed by connection first.
import type { SqlRunner } from './sql-runner.js'

const common = [
  `CREATE TABLE IF NOT EXISTS sync_cursors (
     connection TEXT NOT NULL, side TEXT NOT NULL, cursor TEXT NOT NULL,
     PRIMARY KEY (connection, side))`,
  `CREATE TABLE IF NOT EXISTS sync_work (
     connection TEXT NOT NULL, side TEXT NOT NULL, id TEXT NOT NULL, detected_at TEXT NOT NULL,
     PRIMARY KEY (connection, side, id))`,
  `CREATE TABLE IF NOT EXISTS sync_links (
     connection TEXT NOT NULL, referral_id TEXT NOT NULL, crm_id TEXT NOT NULL,
     referral_etag TEXT, crm_version TEXT, base TEXT NOT NULL, status TEXT NOT NULL,
     last_error TEXT, last_synced_at TEXT,
     PRIMARY KEY (connection, referral_id))`,
  `CREATE UNIQUE INDEX IF NOT EXISTS sync_links_crm ON sync_links (connection, crm_id)`,
  `CREATE INDEX IF NOT EXISTS sync_links_status ON sync_links (connection, status, referral_id)`,
  `CREATE TABLE IF NOT EXISTS sync_held (
     connection TEXT NOT NULL, pair_key TEXT NOT NULL, field TEXT NOT NULL, to_side TEXT NOT NULL,
     value TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL,
     referral_etag TEXT, crm_version TEXT, since TEXT NOT NULL, attempts INTEGER NOT NULL,
     PRIMARY KEY (connection, pair_key, field))`,
  `CREATE TABLE IF NOT EXISTS sync_intents (
     connection TEXT NOT NULL, pair_key TEXT NOT NULL, at TEXT NOT NULL,
     PRIMARY KEY (connection, pair_key))`,
]

const history = {
  sqlite: `CREATE TABLE IF NOT EXISTS sync_history (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, connection TEXT NOT NULL, at TEXT NOT NULL,
     referral_id TEXT, crm_id TEXT, direction TEXT NOT NULL, action TEXT NOT NULL,
     fields TEXT NOT NULL, message TEXT, reported INTEGER NOT NULL DEFAULT 0)`,
  postgres: `CREATE TABLE IF NOT EXISTS sync_history (
     seq BIGSERIAL PRIMARY KEY, connection TEXT NOT NULL, at TEXT NOT NULL,
     referral_id TEXT, crm_id TEXT, direction TEXT NOT NULL, action TEXT NOT NULL,
     fields TEXT NOT NULL, message TEXT, reported INTEGER NOT NULL DEFAULT 0)`,
}

const historyIndexes = [
  `CREATE INDEX IF NOT EXISTS sync_history_referral ON sync_history (connection, referral_id, seq)`,
  `CREATE INDEX IF NOT EXISTS sync_history_crm ON sync_history (connection, crm_id, seq)`,
  `CREATE INDEX IF NOT EXISTS sync_history_unreported ON sync_history (connection, reported, seq)`,
]

export async function createStateTables(db: SqlRunner): Promise<void> {
  await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.run(`SELECT pg_advisory_xact_lock(hashtext('cosell-sync-state'))`)
    for (const sql of [...common, history[tx.dialect], ...historyIndexes]) await tx.run(sql)
  })
}
