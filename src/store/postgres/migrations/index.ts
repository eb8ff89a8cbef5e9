// Numbered migrations of the PostgreSQL store, applied in order under an advisory lock and recorded
// in schema_migrations. A released migration is frozen: a fix is a new one.
import * as schema from './001-schema.js'
import * as syncRecords from './002-sync-records.js'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'schema', sql: schema.sql },
  { version: 2, name: 'sync-records', sql: syncRecords.sql },
]
