// The DDL of a table in the default layout (table-layout.ts), for a team that has no table yet:
// `cosell sync init --create-table` prints it, examples/sync/crm-table.sql holds PostgreSQL's.
// The change-tracking trigger is not part of it: the connector installs that when it opens.
import type { SqlDialect, SqlSettings } from './sql.js'
import { sqlTableNames } from './sql.js'
import { derivedName, quoteIdentifier, quoteTableName } from './sql-identifier.js'
import { layoutColumns } from './table-layout.js'

const special = {
  postgres: {
    id: 'text PRIMARY KEY DEFAULT gen_random_uuid()::text',
    modified: 'timestamptz NOT NULL DEFAULT now()',
    version: 'bigint',
  },
  sqlite: {
    id: 'TEXT PRIMARY KEY',
    modified: "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    version: 'INTEGER',
  },
}

export function createTableSql(settings: Omit<SqlSettings, 'type' | 'url'>, dialect: SqlDialect): string {
  const names = sqlTableNames(settings)
  const types = special[dialect]
  const columns = [
    [names.id, types.id],
    ...layoutColumns.map((c) => [c.name, c[dialect]]),
    [names.modified, types.modified],
    [names.version, types.version],
  ]
  const width = Math.max(...columns.map(([name]) => quoteIdentifier(name!).length))
  const lines = columns.map(([name, type]) => `  ${quoteIdentifier(name!).padEnd(width)} ${type}`)
  const table = quoteTableName(names.table)
  const index = quoteIdentifier(derivedName(names.table, 'referral_id_idx'))
  return [
    `CREATE TABLE ${table} (\n${lines.join(',\n')}\n);`,
    `CREATE INDEX ${index} ON ${table} (${quoteIdentifier('referral_id')});`,
    '',
  ].join('\n')
}
