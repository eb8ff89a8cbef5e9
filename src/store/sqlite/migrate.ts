// Applies pending migrations in one transaction (all of them; a test may stop at an older version).
// SQLite needs no advisory lock here (unlike the PostgreSQL store): the store holds the database
// file exclusively for its whole life.
import type { Database } from 'better-sqlite3'
import { migrations, type Migration } from './migrations/index.js'

export function migrate(db: Database, wanted: readonly Migration[] = migrations): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  )
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const m of wanted) {
      if (applied.has(m.version)) continue
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    }
  })()
}
