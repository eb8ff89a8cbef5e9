// Applies pending migrations in one transaction (all of them; a test may stop at an older version).
// SQLite needs no advisory lock here (unlike the PostgreSQL store): the store holds the database
// file exclusively for its whole life.
import type { Database } from 'better-sqlite3'
import { migrations, type Migration } from './migrations/index.js'
import { StoreOpenError } from './open-failure.js'

export const latestKnown = Math.max(...migrations.map((m) => m.version))

export function migrate(db: Database, wanted: readonly Migration[] = migrations): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  )
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
  refuseNewerSchema(db, applied)
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const m of wanted) {
      if (applied.has(m.version)) continue
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    }
  })()
}

/** Running an older cosell on a newer database would write rows its newer schema does not expect. */
function refuseNewerSchema(db: Database, applied: ReadonlySet<number>): void {
  const newest = Math.max(0, ...applied)
  if (newest <= latestKnown) return
  throw new StoreOpenError(
    `The database ${db.name} has schema version ${newest}, written by a newer cosell; this one knows up to version ${latestKnown}. ` +
      'Run the newer cosell on this directory, restore a backup made by this version, or set COSELL_DATA_DIR to another directory.',
  )
}
