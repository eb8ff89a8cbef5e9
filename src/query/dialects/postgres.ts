// PostgreSQL (pg, doc as JSONB): `$n` placeholders with explicit casts (so no parameter's type is
// left to inference), ->/->> access, jsonb_array_elements. lower()/upper() under COLLATE "C" fold
// ASCII only and text sorts by code point, matching SQLite and the evaluator.
import type { ScalarType } from '../catalogue.js'
import { jsonMember, type Dialect, type JsonSource, type ParamType } from './dialect.js'

const casts: Readonly<Record<ParamType, string>> = {
  text: 'text',
  number: 'double precision',
  integer: 'integer',
  boolean: 'boolean',
}

function literal(name: string): string {
  return `'${jsonMember(name)}'`
}

function sourceSql(source: JsonSource): string {
  return source.kind === 'document' ? postgres.quoteIdentifier(source.column) : `${source.alias}.value`
}

function jsonValue(source: JsonSource, path: readonly string[]): string {
  return [sourceSql(source), ...path.map(literal)].join('->')
}

export const postgres: Dialect = {
  name: 'postgres',
  placeholder: (position, type) => `$${position}::${casts[type]}`,
  bind: (value) => value,
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  jsonScalar(source: JsonSource, path: readonly string[], type: ScalarType): string {
    const text =
      path.length === 0
        ? `(${sourceSql(source)} #>> '{}')`
        : `${[sourceSql(source), ...path.slice(0, -1).map(literal)].join('->')}->>${literal(path[path.length - 1] ?? '')}`
    if (type === 'number') return `CAST(${text} AS double precision)`
    if (type === 'boolean') return `CAST(${text} AS boolean)`
    return `(${text})`
  },
  arrayElements(source, path, alias) {
    const value = jsonValue(source, path)
    return `jsonb_array_elements(CASE jsonb_typeof(${value}) WHEN 'array' THEN ${value} ELSE '[]'::jsonb END) AS ${alias}(value)`
  },
  lower: (expression) => `lower(${expression} COLLATE "C")`,
  upper: (expression) => `upper(${expression} COLLATE "C")`,
  trim: (expression) => `btrim(${expression})`,
  position: (text, part) => `strpos(${text}, ${part})`,
  real: (expression) => `CAST(${expression} AS double precision)`,
  // merged into the expression around it, each operand of a mod is written three times: a chain
  // of 99 mods planned 3^99 nodes (12 GB and the out-of-memory killer, measured)
  subqueryFence: ' OFFSET 0',
  nullSafeEqual: (left, right) => `${left} IS NOT DISTINCT FROM ${right}`,
  nullSafeNotEqual: (left, right) => `${left} IS DISTINCT FROM ${right}`,
  isTrue: (expression) => `${expression} IS TRUE`,
  isNotTrue: (expression) => `${expression} IS NOT TRUE`,
  textOrder: (expression) => `${expression} COLLATE "C"`,
  nullsOrder: (direction) => (direction === 'asc' ? ' NULLS FIRST' : ' NULLS LAST'),
}
