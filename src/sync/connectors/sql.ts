// The SQL connector's type: a table that a CRM replicates to, in PostgreSQL or an SQLite file.
// Its block in the sync configuration, how it opens (which database, which names) and the mapping
// a table in the default layout starts from.
import { isAbsolute, resolve } from 'node:path'
import Type, { type Static } from 'typebox'
import { readSecret, SecretSchema } from '../config/secret.js'
import { CrmRefusedError } from './connector.js'
import type { ConnectorType } from './connector-type.js'
import type { SqlDatabase, SqlTableNames } from './sql-database.js'
import { SqlConnector } from './sql-connector.js'
import { createDefaultTable } from './sql-prepare.js'
import { identifierPattern, tableNamePattern } from './sql-identifier.js'
import { openPostgresTable } from './sql-postgres.js'
import { openSqliteTable } from './sql-sqlite.js'
import { defaultTableMapping } from './table-mapping.js'

const column = (description: string, fallback: string) =>
  Type.Optional(
    Type.String({ pattern: identifierPattern, description: `${description} Default \`${fallback}\`.` }),
  )

export const SqlSettingsSchema = Type.Object(
  {
    type: Type.Literal('sql'),
    url: Type.Union(SecretSchema.anyOf, {
      description:
        '`postgres://user:password@host:port/database` (or `postgresql://`), or `sqlite:path/to/file.db` (relative to the configuration file).',
    }),
    table: Type.String({
      pattern: tableNamePattern,
      description: 'The table, as the database names it (case-sensitive); `schema.table` on PostgreSQL.',
    }),
    idColumn: column('The primary key.', 'id'),
    modifiedColumn: column('When the row last changed; the trigger sets it.', 'modified_at'),
    versionColumn: column('A bigint every write increments; the trigger sets it.', 'row_version'),
  },
  { additionalProperties: false },
)

export type SqlSettings = Static<typeof SqlSettingsSchema>

export type SqlDialect = 'postgres' | 'sqlite'

/** The settings' names, defaults filled in. */
export function sqlTableNames(settings: Omit<SqlSettings, 'type' | 'url'>): SqlTableNames {
  return {
    table: settings.table,
    id: settings.idColumn ?? 'id',
    modified: settings.modifiedColumn ?? 'modified_at',
    version: settings.versionColumn ?? 'row_version',
  }
}

async function openDatabase(url: string, names: SqlTableNames, baseDir: string): Promise<SqlDatabase> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresTable(url, names)
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length)
    return openSqliteTable(isAbsolute(path) ? path : resolve(baseDir, path), names)
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'no scheme'
  throw new CrmRefusedError(
    `sql.url must start with postgres://, postgresql:// or sqlite: (it has ${scheme})`,
  )
}

export const sqlConnectorType: ConnectorType<typeof SqlSettingsSchema> = {
  type: 'sql',
  settings: SqlSettingsSchema,
  async open(settings, context) {
    const names = sqlTableNames(settings)
    const url = readSecret(settings.url, context.env, 'sql.url')
    return new SqlConnector(await openDatabase(url, names, context.baseDir), names)
  },
  defaultMapping: () => defaultTableMapping([true]),
  async prepare(settings, context) {
    const url = readSecret(settings.url, context.env, 'sql.url')
    if (!/^(postgres(ql)?:\/\/|sqlite:)/.test(url))
      await openDatabase(url, sqlTableNames(settings), context.baseDir)
    return createDefaultTable(settings, url, context.baseDir)
  },
}
