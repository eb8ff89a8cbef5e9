// The typed $filter builder: exact texts for each construct, values it refuses, paths and values
// the compiler refuses, and a property: every filter fast-check builds over the referral catalogue
// is accepted by the server's parser and checker, and parses back to the tree it was built as.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { filter, type Filter } from '../../src/client/index.js'
import { referralCatalogue, type CatalogueField } from '../../src/domain/referral/field-catalogue.js'
import { printAst } from '../../src/query/ast.js'
import { checkFilter } from '../../src/query/check.js'
import { parseFilter } from '../../src/query/parser.js'

const guid = '1352e03d-0000-4000-8000-00000000abcd'

describe('filter builder texts', () => {
  const cases: [string, Filter, string][] = [
    ['an enum', filter.eq('status', 'Active'), "status eq 'Active'"],
    [
      'a quote doubled',
      filter.eq('customerProfile/name', "O'Brien's"),
      "customerProfile/name eq 'O''Brien''s'",
    ],
    ['a GUID bare', filter.eq('engagementId', guid), `engagementId eq ${guid}`],
    ['null', filter.ne('statusReason', null), 'statusReason ne null'],
    [
      'a date-time in UTC',
      filter.ge('createdDateTime', new Date('2026-03-01T10:00:00+02:00')),
      'createdDateTime ge 2026-03-01T08:00:00.000Z',
    ],
    ['a number', filter.lt('details/dealValue', -2.5e-7), 'details/dealValue lt -2.5e-7'],
    ['in', filter.in('status', ['New', 'Active']), "status in ('New', 'Active')"],
    ['contains', filter.contains('name', 'it'), "contains(name, 'it')"],
    [
      'or inside and is parenthesised',
      filter.and(
        filter.or(filter.eq('favorite', true), filter.eq('isSpam', false)),
        filter.eq('type', 'Shared'),
      ),
      "(favorite eq true or isSpam eq false) and type eq 'Shared'",
    ],
    [
      'and inside or is not',
      filter.or(
        filter.and(filter.eq('favorite', true), filter.eq('isSpam', false)),
        filter.eq('type', 'Shared'),
      ),
      "favorite eq true and isSpam eq false or type eq 'Shared'",
    ],
    [
      'a later operand of the same word is parenthesised: the text parses to the tree built',
      filter.and(
        filter.eq('favorite', true),
        filter.and(filter.eq('isSpam', false), filter.eq('type', 'Shared')),
      ),
      "favorite eq true and (isSpam eq false and type eq 'Shared')",
    ],
    [
      'not of a conjunction',
      filter.not(filter.and(filter.startswith('name', 'a'), filter.endswith('name', 'z'))),
      "not (startswith(name, 'a') and endswith(name, 'z'))",
    ],
    [
      'any over objects',
      filter.any('customerProfile/team', (m) => m.eq('email', 'r2d2@contoso.com')),
      "customerProfile/team/any(x0: x0/email eq 'r2d2@contoso.com')",
    ],
    ['any over scalars', filter.any('tags', (tag) => tag.eq('$this', 'x')), "tags/any(x0: x0 eq 'x')"],
    ['any without a predicate', filter.any('registrations'), 'registrations/any()'],
    [
      'nested lambdas',
      filter.all('registrations', (r) => r.any('solutionDetails', (s) => s.gt('value', 10))),
      'registrations/all(x0: x0/solutionDetails/any(x1: x1/value gt 10))',
    ],
  ]
  for (const [name, built, text] of cases) test(name, () => assert.equal(String(built), text))

  test('values $filter cannot hold are refused before a request is sent', () => {
    assert.throws(() => filter.eq('id', 'not-a-guid'), TypeError)
    assert.throws(() => filter.gt('details/dealValue', Number.NaN), TypeError)
    assert.throws(() => filter.lt('createdDateTime', new Date('nonsense')), TypeError)
    assert.throws(() => filter.lt('createdDateTime', new Date(Date.UTC(10000, 0, 1))), TypeError)
  })

  test('paths, operators and values of the wrong type do not compile', () => {
    // @ts-expect-error no such property
    assert.ok(filter.eq('dealValue', 1))
    // @ts-expect-error 'Open' is not a status
    assert.ok(filter.eq('status', 'Open'))
    // @ts-expect-error a number compared with text
    assert.ok(filter.eq('details/dealValue', '5'))
    // @ts-expect-error date-times compare with a Date
    assert.ok(filter.gt('createdDateTime', '2026-01-01'))
    // @ts-expect-error contains is for text
    assert.ok(filter.contains('details/dealValue', '5'))
    // @ts-expect-error a collection is not a value
    assert.ok(filter.eq('customerProfile/team', 'x'))
  })
})

// ---- the property ----

type Dynamic = {
  [K in 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'contains' | 'startswith' | 'endswith']: (
    path: string,
    value: unknown,
  ) => Filter
} & {
  in(path: string, values: unknown[]): Filter
  any(path: string, predicate: (element: Dynamic) => Filter): Filter
  all(path: string, predicate: (element: Dynamic) => Filter): Filter
  and(...filters: Filter[]): Filter
  or(...filters: Filter[]): Filter
  not(filter: Filter): Filter
}

type Scalar = Extract<CatalogueField, { kind: 'scalar' }>
type Collection = Extract<CatalogueField, { kind: 'array' }>

/** Paths of a field set: scalars and collections reached through objects. */
function paths(fields: Readonly<Record<string, CatalogueField>>, prefix = ''): [string, CatalogueField][] {
  return Object.entries(fields).flatMap(([name, field]): [string, CatalogueField][] =>
    field.kind === 'object' ? paths(field.fields, `${prefix}${name}/`) : [[`${prefix}${name}`, field]],
  )
}

/** A built filter and the tree it should parse to, as printAst writes it. */
type Built = { readonly build: (b: Dynamic) => Filter; readonly tree: (variable: string) => string }

/** fast-check shows a counterexample by its toString: the filter's text. */
const shown = (built: Built): Built & { toString(): string } => ({
  ...built,
  toString: () => built.build(filter as unknown as Dynamic).text,
})

const literal = (value: string | number | boolean | Date | null): string => {
  if (value === null) return 'null'
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`
  return value instanceof Date ? value.toISOString() : String(value)
}

function valueOf(field: Scalar, path: string): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 12 })
    case 'enum':
      return fc.constantFrom(...(field.enumValues ?? []))
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
    case 'boolean':
      return fc.boolean()
    case 'datetime':
      return fc.date({
        min: new Date(Date.UTC(0, 0, 1)),
        max: new Date(Date.UTC(9999, 11, 31)),
        noInvalidDate: true,
      })
    case 'guid':
      return fc.uuid().map((id) => ({ guid: id, path }))
  }
}

function predicate(fields: Readonly<Record<string, CatalogueField>>, depth: number): fc.Arbitrary<Built> {
  const entries = paths(fields)
  const scalars = entries.filter((e): e is [string, Scalar] => e[1].kind === 'scalar')
  const collections = entries.filter((e): e is [string, Collection] => e[1].kind === 'array')
  const comparison = fc.constantFrom(...scalars).chain(([path, field]) => {
    const ops = [
      'eq',
      'ne',
      ...(['number', 'datetime', 'string'].includes(field.type) ? ['gt', 'ge', 'lt', 'le'] : []),
    ]
    const functions = field.type === 'string' ? ['contains', 'startswith', 'endswith'] : []
    return fc.tuple(fc.constantFrom(...ops, ...functions), valueOf(field, path)).map(([op, raw]): Built => {
      const value = isGuid(raw) ? raw.guid : raw
      const shown = isGuid(raw) ? raw.guid : literal(value as string | number | boolean | Date | null)
      const at = (v: string) => (path === '$this' ? `(path ${v})` : `(path ${v ? `${v}/` : ''}${path})`)
      return functions.includes(op)
        ? { build: (b) => b[op as 'contains'](path, value), tree: (v) => `(${op} ${at(v)} ${shown})` }
        : { build: (b) => b[op as 'eq'](path, value), tree: (v) => `(${op} ${at(v)} ${shown})` }
    })
  })
  if (depth >= 2 || collections.length === 0) return comparison
  const lambda = fc.constantFrom(...collections).chain(([path, field]) => {
    const element = field.element.kind === 'object' ? field.element.fields : { $this: field.element }
    return fc
      .tuple(fc.constantFrom('any', 'all' as const), predicate(element, depth + 1))
      .map(([op, inner]): Built => ({
        build: (b) => b[op](path, (e) => inner.build(e)),
        tree: (v) => `(${op} (path ${v ? `${v}/` : ''}${path}) x${depth} ${inner.tree(`x${depth}`)})`,
      }))
  })
  return fc.oneof({ weight: 3, arbitrary: comparison }, { weight: 1, arbitrary: lambda })
}

function isGuid(value: unknown): value is { guid: string } {
  return typeof value === 'object' && value !== null && 'guid' in value
}

const logical = (depth: number): fc.Arbitrary<Built> =>
  depth === 0
    ? predicate(referralCatalogue, 0)
    : fc.oneof(
        predicate(referralCatalogue, 0),
        fc
          .tuple(
            fc.constantFrom('and', 'or' as const),
            fc.array(logical(depth - 1), { minLength: 1, maxLength: 3 }),
          )
          .map(([op, operands]): Built => ({
            build: (b) => b[op](...operands.map((o) => o.build(b))),
            tree: (v) => operands.map((o) => o.tree(v)).reduce((left, right) => `(${op} ${left} ${right})`),
          })),
        logical(depth - 1).map((o): Built => ({
          build: (b) => b.not(o.build(b)),
          tree: (v) => `(not ${o.tree(v)})`,
        })),
      )

test('every built filter is accepted by the server’s parser and checker, and parses to the tree built', () => {
  fc.assert(
    fc.property(logical(3).map(shown), (built) => {
      const text = built.build(filter as unknown as Dynamic).text
      const parsed = parseFilter(text)
      assert.ok(parsed.ok, `${text}: ${JSON.stringify(!parsed.ok && parsed.problems)}`)
      assert.equal(printAst(parsed.value), built.tree(''), text)
      const checked = checkFilter(parsed.value, { catalogue: referralCatalogue })
      assert.ok(checked.ok, `${text}: ${JSON.stringify(!checked.ok && checked.problems)}`)
    }),
    { numRuns: Number(process.env.FILTER_RUNS ?? 500) },
  )
})
