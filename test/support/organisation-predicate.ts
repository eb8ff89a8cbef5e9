// Which organisation each distributed table of one SQL statement is held to: a small reading of
// the statements the PostgreSQL store writes, not a general SQL parser. For every place a
// distributed table is read or written (FROM, JOIN, UPDATE, DELETE FROM, INSERT INTO), in the
// statement, in each of its subqueries and in each query of its WITH, it looks in the WHERE of
// that same query for a conjunct `[alias.]column = $n` or `[alias.]column = ANY($n)` on the
// table's distribution column, and takes the organisation from parameter n. Only conjuncts count:
// the WHERE is split on its top-level AND, and a WHERE with a top-level OR holds nothing
// (`$1 IS NULL OR subscriber_id = $1` holds no table to one organisation). A condition inside
// parentheses is not a conjunct of the query around it. An INSERT … VALUES is held by the
// parameter it puts in the distribution column; an INSERT … SELECT by the parameter it selects
// there, or the held table whose column it copies there. Anything else (a join to another table's
// column, a literal, an expression) holds nothing: the reading errs towards "not held", so a
// statement it passes names its organisation plainly.

/** One read or write of a distributed table, and the organisations the statement holds it to. */
export interface TableUse {
  readonly table: string
  /** undefined: the statement does not hold this table to any organisation. */
  readonly organizations: readonly string[] | undefined
}

/** Distributed table → its distribution column. */
export type Distribution = ReadonlyMap<string, string>

export function tableUses(sql: string, params: readonly unknown[], distribution: Distribution): TableUse[] {
  const uses: TableUse[] = []
  readQuery(normalizeSql(sql), params, distribution, uses)
  return uses
}

/** Lower case, one space between words, no quotes around identifiers, no casts, no literal text. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/"(\w+)"/g, '$1')
    .replace(/::\s*(?:double precision|\w+)(?:\[\])?/gi, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

interface Flat {
  /** The text with every top-level parenthesised group replaced by `§n`. */
  readonly text: string
  /** The inside of group n. */
  readonly groups: readonly string[]
}

function flatten(text: string): Flat {
  const groups: string[] = []
  let out = ''
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(') {
      if (depth++ === 0) start = i + 1
    } else if (c === ')') {
      if (--depth === 0) {
        out += `§${groups.length}`
        groups.push(text.slice(start, i).trim())
      }
    } else if (depth === 0) out += c
  }
  return { text: out, groups }
}

const clauseEnds = String.raw`\border by\b|\bgroup by\b|\blimit\b|\boffset\b|\breturning\b|\bon conflict\b|\bfor (?:update|share)\b|$`
const fromClause = new RegExp(String.raw`\bfrom (.*?)(?=\bwhere\b|${clauseEnds})`)
const whereClause = new RegExp(String.raw`\bwhere (.*?)(?=${clauseEnds})`)

type Ref = { readonly table: string; readonly alias: string }
type Held = { readonly qualifier: string | undefined; readonly column: string; readonly values: string[] }

/** Reads one query (the statement, or a subquery) and then each query nested in it. */
function readQuery(
  text: string,
  params: readonly unknown[],
  distribution: Distribution,
  uses: TableUse[],
): void {
  const flat = withoutCommonTables(flatten(text))
  const refs = tablesOf(flat.text)
  const held = conjuncts(flat, params)
  const organizationsOf = (ref: Ref): string[] | undefined => {
    const column = distribution.get(ref.table)
    const found = held.filter(
      (h) => h.column === column && (h.qualifier === undefined || h.qualifier === ref.alias),
    )
    return found.length === 0 ? undefined : [...new Set(found.flatMap((h) => h.values))]
  }
  for (const ref of refs)
    if (distribution.has(ref.table)) uses.push({ table: ref.table, organizations: organizationsOf(ref) })
  const inserted = /^insert into (\w+) §(\d+) (values §(\d+)|select (?:distinct )?(.*?) from )/.exec(
    flat.text,
  )
  if (inserted && distribution.has(inserted[1]!)) {
    const [, table, columnsAt, , valuesAt, selected] = inserted
    const at = split(flat.groups[Number(columnsAt)]!).indexOf(distribution.get(table!)!)
    const organizations =
      valuesAt !== undefined
        ? parameterValues(split(flat.groups[Number(valuesAt)]!)[at], params)
        : (parameterValues(split(selected!)[at], params) ??
          copiedFrom(split(selected!)[at], refs, distribution, organizationsOf))
    uses.push({ table: table!, organizations })
  }
  for (const group of flat.groups) {
    if (/^(?:select|insert|update|delete)\b/.test(group)) readQuery(group, params, distribution, uses)
    else readNested(group, params, distribution, uses)
  }
}

/** The statement after its WITH: each common table (`name AS §n`) is read as the query it is. */
function withoutCommonTables(flat: Flat): Flat {
  const named = /^with (?:\w+ as §\d+, )*\w+ as §\d+ /.exec(flat.text)
  return named ? { ...flat, text: flat.text.slice(named[0].length) } : flat
}

/** Queries inside a group that is not itself one: `(a = $1 AND id IN (SELECT …))`. */
function readNested(
  text: string,
  params: readonly unknown[],
  distribution: Distribution,
  uses: TableUse[],
): void {
  for (const group of flatten(text).groups) {
    if (/^select\b/.test(group)) readQuery(group, params, distribution, uses)
    else readNested(group, params, distribution, uses)
  }
}

/** Tables named after FROM (each item, joins included), UPDATE, and DELETE FROM. */
function tablesOf(text: string): Ref[] {
  const refs: Ref[] = []
  const item = (source: string) => {
    const m = /^(\w+)(?: (?:as )?(?!on\b|using\b|where\b|set\b)(\w+))?/.exec(source.trim())
    if (m) refs.push({ table: m[1]!, alias: m[2] ?? m[1]! })
  }
  const from = fromClause.exec(text)?.[1]
  if (from !== undefined)
    for (const part of from.split(','))
      for (const joined of part.split(/\b(?:left |inner |cross )?join\b/)) item(joined)
  const updated = /^update (\w+)(?: (?:as )?(?!set\b)(\w+))?/.exec(text)
  if (updated) refs.push({ table: updated[1]!, alias: updated[2] ?? updated[1]! })
  return refs
}

/** The WHERE's conjuncts that hold a column to parameter values. */
function conjuncts(flat: Flat, params: readonly unknown[]): Held[] {
  const where = whereClause.exec(flat.text)?.[1]
  if (where === undefined || /\bor\b/.test(where)) return []
  const held: Held[] = []
  for (const conjunct of where.split(/\band\b/).map((c) => c.trim())) {
    const equal =
      /^(?:(\w+)\.)?(\w+) = (\$\d+)$/.exec(conjunct) ?? /^(\$\d+) = (?:(\w+)\.)?(\w+)$/.exec(conjunct)
    if (equal) {
      const [qualifier, column, parameter] = equal[1]?.startsWith('$')
        ? [equal[2], equal[3]!, equal[1]]
        : [equal[1], equal[2]!, equal[3]!]
      const values = parameterValues(parameter, params)
      if (values) held.push({ qualifier, column, values })
      continue
    }
    const any = /^(?:(\w+)\.)?(\w+) = any ?§(\d+)$/.exec(conjunct)
    const values = any && parameterValues(flat.groups[Number(any[3])], params)
    if (any && values) held.push({ qualifier: any[1], column: any[2]!, values })
  }
  return held
}

/** `$n` → the value of parameter n (each element when it is an array); undefined for anything else. */
function parameterValues(expression: string | undefined, params: readonly unknown[]): string[] | undefined {
  const m = /^\$(\d+)$/.exec(expression?.trim() ?? '')
  if (!m) return undefined
  const value = params[Number(m[1]) - 1]
  const values = Array.isArray(value) ? (value as unknown[]) : [value]
  return values.every((v) => typeof v === 'string') ? values : undefined
}

/** An INSERT … SELECT that copies `[alias.]column` of a held table holds the target to the same. */
function copiedFrom(
  expression: string | undefined,
  refs: readonly Ref[],
  distribution: Distribution,
  organizationsOf: (ref: Ref) => string[] | undefined,
): string[] | undefined {
  const m = /^(?:(\w+)\.)?(\w+)$/.exec(expression?.trim() ?? '')
  const ref = m && refs.find((r) => (m[1] ?? r.alias) === r.alias && distribution.get(r.table) === m[2])
  return ref ? organizationsOf(ref) : undefined
}

/** The items of a comma-separated list, commas inside parentheses kept. */
function split(list: string): string[] {
  const flat = flatten(list)
  return flat.text
    .split(',')
    .map((item) => item.trim().replace(/§(\d+)/g, (_, n: string) => `(${flat.groups[Number(n)]})`))
}
