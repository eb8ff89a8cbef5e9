// Turns a list request's raw query options into a ListPlan, or into problems naming each bad option
// (never throws). Option names are case-insensitive; legacy `pagesize` is accepted and ignored,
// `$expand` and `$format` too; `$search` is refused with a pointer to contains().
import { printAst } from './ast.js'
import type { Catalogue } from './catalogue.js'
import { checkFilter } from './check.js'
import { parseOrderBy } from './order-by.js'
import { decodeSkipToken, queryFingerprint, type SigningKey } from './paging-token.js'
import { defaultParseLimits } from './parse-limits.js'
import { parseFilter } from './parser.js'
import type { Cursor, ListPlan, OrderKey } from './plan.js'
import { fail, ok, problem, type QueryProblem, type Result } from './problem.js'
import { parseSelect } from './select.js'

export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>

export type QueryLimits = {
  /** Longest accepted value of any one option, in characters. */
  readonly maxOptionLength: number
  /** Deepest nesting of parentheses, function calls and `not` in $filter. */
  readonly maxDepth: number
  /** Deepest nesting of any/all lambdas. */
  readonly maxLambdaDepth: number
  /** Most operators in $filter: comparisons, in, and/or/not, arithmetic, negation, any/all. */
  readonly maxTerms: number
  /** Most function calls in $filter. */
  readonly maxFunctions: number
  readonly maxOrderByKeys: number
  readonly maxSelectPaths: number
}

export const defaultQueryLimits: QueryLimits = {
  maxOptionLength: 8192,
  ...defaultParseLimits,
  maxOrderByKeys: 8,
  maxSelectPaths: 64,
}

export type OptionsContext = {
  readonly catalogue: Catalogue
  /** HMAC key that signs and verifies $skiptoken. */
  readonly pagingKey: SigningKey
  /** The instant now() stands for (the caller's clock). */
  readonly now?: string
  /** Binds paging tokens to, say, a tenant: a token from one scope is refused in another. */
  readonly scope?: string
  readonly limits?: Partial<QueryLimits>
}

/** Every query option a list request accepts (some only to ignore them). */
export const acceptedOptions: readonly string[] = [
  '$filter',
  '$orderby',
  '$select',
  '$top',
  '$skip',
  '$count',
  '$skiptoken',
  '$expand',
  '$search',
  '$format',
]
const accepted = new Set(acceptedOptions)
const ignored = new Set(['$expand', '$format', 'pagesize'])

export function parseQueryOptions(raw: RawQuery, context: OptionsContext): Result<ListPlan> {
  const limits = { ...defaultQueryLimits, ...context.limits }
  const problems: QueryProblem[] = []
  const options = new Map<string, string>()
  for (const [name, given] of Object.entries(raw)) {
    const key = name.toLowerCase()
    if (given === undefined || (!key.startsWith('$') && !ignored.has(key))) continue
    if (!accepted.has(key) && !ignored.has(key)) {
      problems.push(problem(name, `unsupported query option; expected one of ${[...accepted].join(', ')}`))
      continue
    }
    const values = typeof given === 'string' ? [given] : given
    if (values.length !== 1 || options.has(key)) {
      problems.push(problem(key, 'given more than once'))
      continue
    }
    const value = values[0] ?? ''
    if (value.length > limits.maxOptionLength) {
      problems.push(problem(key, `longer than ${limits.maxOptionLength} characters (${value.length})`))
      continue
    }
    options.set(key, value)
  }
  if (options.has('$search'))
    problems.push(
      problem('$search', "not supported; filter with contains(), e.g. $filter=contains(name,'Contoso')"),
    )

  const filter = readFilter(options.get('$filter'), context, limits, problems)
  const orderBy = collect(
    parseOrderBy(options.get('$orderby'), context.catalogue, limits.maxOrderByKeys),
    problems,
  )
  const select = collect(
    parseSelect(options.get('$select'), context.catalogue, limits.maxSelectPaths),
    problems,
  )
  const top = readCount('$top', options.get('$top'), problems)
  const skip = readCount('$skip', options.get('$skip'), problems) ?? 0
  const count = readBoolean('$count', options.get('$count'), problems)
  if (problems.length > 0 || orderBy === undefined) return fail(problems)

  const fingerprint = queryFingerprint([
    filter === undefined ? '' : printAst(filter),
    orderBy.map(describeKey),
    top ?? null,
    skip,
    context.scope ?? null,
  ])
  let cursor: Cursor | undefined
  const token = options.get('$skiptoken')
  if (token !== undefined && token !== '') {
    const decoded = decodeSkipToken(token, fingerprint, context.pagingKey, orderBy.length)
    if (!decoded.ok) return decoded
    cursor = decoded.value
  }
  return ok({
    ...(filter === undefined ? {} : { filter }),
    orderBy,
    ...(select === undefined ? {} : { select }),
    ...(top === undefined ? {} : { top }),
    skip,
    count,
    ...(cursor === undefined ? {} : { cursor }),
    fingerprint,
  })
}

function readFilter(
  text: string | undefined,
  context: OptionsContext,
  limits: QueryLimits,
  problems: QueryProblem[],
) {
  if (text === undefined || text.trim() === '') return undefined
  const parsed = collect(parseFilter(text, '$filter', limits), problems)
  if (parsed === undefined) return undefined
  return collect(
    checkFilter(parsed, {
      catalogue: context.catalogue,
      ...(context.now === undefined ? {} : { now: context.now }),
    }),
    problems,
  )
}

function collect<T>(result: Result<T>, problems: QueryProblem[]): T | undefined {
  if (result.ok) return result.value
  problems.push(...result.problems)
  return undefined
}

function readCount(option: string, text: string | undefined, problems: QueryProblem[]): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text.trim())
  if (/^\s*\d+\s*$/.test(text) && Number.isSafeInteger(value)) return value
  problems.push(problem(option, `expected a whole number of 0 or more, found '${text.slice(0, 40)}'`))
  return undefined
}

function readBoolean(option: string, text: string | undefined, problems: QueryProblem[]): boolean {
  if (text === undefined || text.trim() === '') return false
  const word = text.trim().toLowerCase()
  if (word === 'true' || word === 'false') return word === 'true'
  problems.push(problem(option, `expected true or false, found '${text.slice(0, 40)}'`))
  return false
}

function describeKey(key: OrderKey): string {
  return `${key.path.join('/')} ${key.direction}`
}
