// Numbered migrations, applied in order and recorded in schema_migrations.
import * as createReferrals from './001-create-referrals.js'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'create-referrals', sql: createReferrals.sql },
]
