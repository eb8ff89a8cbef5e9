// Applies pending migrations in one transaction under an advisory lock: several servers starting
// at once on one database take turns, and the second finds nothing left to do. A database written
// by a newer cosell is refused, as the embedded store refuses one.
import type pg from 'pg'
import { StoreOpenError } from '../store-open-error.js'
import { migrations, type Migration } from './migrations/index.js'

/** Any constant shared by every cosell server: the key of the migration lock. */
const migrationLock = 0x636f73656c6c // "cosell"

export const latestKnown = Math.max(...migrations.map((m) => m.version))

export async function migrate(
  client: pg.ClientBase,
  wanted: readonly Migration[] = migrations,
): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock])
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    )
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations')
    const applied = new Set(rows.map((r) => r.version))
    refuseNewerSchema(applied)
    for (const m of wanted) {
      if (applied.has(m.version)) continue
      await client.query(m.sql)
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ])
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}

function refuseNewerSchema(applied: ReadonlySet<number>): void {
  const newest = Math.max(0, ...applied)
  if (newest <= latestKnown) return
  throw new StoreOpenError(
    `The database has schema version ${newest}, written by a newer cosell; this one knows up to version ${latestKnown}. ` +
      'Run the newer cosell against it, or set DATABASE_URL to another database.',
  )
}
