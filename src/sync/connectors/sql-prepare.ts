// `cosell sync init sql … --create-table`: the table of the default layout, made unless a table of
// that name exists (then it is left exactly as it is).
import { isAbsolute, resolve } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { createTableSql } from './sql-create-table.js'
import type { SqlSettings } from './sql.js'

export async function createDefaultTable(
  settings: SqlSettings,
  url: string,
  baseDir: string,
): Promise<string> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length)
    const db = new Database(isAbsolute(path) ? path : resolve(baseDir, path))
    try {
      const exists = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .get(settings.table)
      if (exists) return `table ${settings.table} exists; left as it is`
      db.exec(createTableSql(settings, 'sqlite'))
      return `created table ${settings.table}`
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const found = await client.query<{ name: string | null }>('SELECT to_regclass($1)::text AS name', [
      settings.table,
    ])
    if (found.rows[0]?.name) return `table ${settings.table} exists; left as it is`
    await client.query(createTableSql(settings, 'postgres'))
    return `created table ${settings.table}`
  } finally {
    await client.end()
  }
}
