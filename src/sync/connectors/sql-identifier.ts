// Names of tables and columns in the SQL connector's settings. They are checked against a plain
// identifier pattern (a schema may qualify a PostgreSQL table) and then always double-quoted, so
// they match the database's names exactly, case included.

export const identifierPattern = '^[A-Za-z_][A-Za-z0-9_]{0,62}$'
export const tableNamePattern = '^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$'

/** A name for SQL text: double-quoted, quotes inside doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A string for SQL text: single-quoted, quotes inside doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** `schema.table` or `table`, each part quoted. */
export function quoteTableName(table: string): string {
  return table.split('.').map(quoteIdentifier).join('.')
}

/** The table's own name, without its schema. */
export function baseName(table: string): string {
  return table.slice(table.lastIndexOf('.') + 1)
}

/** Names derived from the table's (an index, a trigger), kept within PostgreSQL's 63 characters. */
export function derivedName(table: string, suffix: string): string {
  return `${baseName(table).slice(0, 63 - suffix.length - 1)}_${suffix}`
}
