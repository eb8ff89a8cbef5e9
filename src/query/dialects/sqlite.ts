// SQLite (better-sqlite3): `?` placeholders, json_extract / json_each, booleans as 1 and 0. Its
// defaults already sort nulls first ascending and last descending, and text by code point.
import type { ScalarType } from '../catalogue.js'
import { jsonMember, type Dialect, type JsonSource } from './dialect.js'

function jsonPath(path: readonly string[]): string {
  return `'$${path.map((name) => `.${jsonMember(name)}`).join('')}'`
}

function sourceSql(source: JsonSource): string {
  return source.kind === 'document' ? sqlite.quoteIdentifier(source.column) : `${source.alias}.value`
}

export const sqlite: Dialect = {
  name: 'sqlite',
  placeholder: () => '?',
  bind: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  jsonScalar(source: JsonSource, path: readonly string[], _type: ScalarType): string {
    // json_each gives an element's own SQL value, and json_extract already returns typed values.
    if (path.length === 0 && source.kind === 'element') return `${source.alias}.value`
    return `json_extract(${sourceSql(source)}, ${jsonPath(path)})`
  },
  arrayElements(source, path, alias) {
    const from = sourceSql(source)
    const at = jsonPath(path)
    return `json_each(CASE json_type(${from}, ${at}) WHEN 'array' THEN json_extract(${from}, ${at}) ELSE '[]' END) AS ${alias}`
  },
  lower: (expression) => `lower(${expression})`,
  upper: (expression) => `upper(${expression})`,
  trim: (expression) => `trim(${expression})`,
  position: (text, part) => `instr(${text}, ${part})`,
  real: (expression) => `CAST(${expression} AS REAL)`,
  subqueryFence: '',
  nullSafeEqual: (left, right) => `${left} IS ${right}`,
  nullSafeNotEqual: (left, right) => `${left} IS NOT ${right}`,
  isTrue: (expression) => `${expression} IS 1`,
  isNotTrue: (expression) => `${expression} IS NOT 1`,
  textOrder: (expression) => expression,
  nullsOrder: () => '',
}
