import { test } from 'node:test'
import assert from 'node:assert/strict'
import { printAst } from '../../src/query/ast.js'
import { defaultParseLimits } from '../../src/query/parse-limits.js'
import { parseFilter } from '../../src/query/parser.js'

const cases: readonly { name: string; query: string; expected: string }[] = [
  { name: 'equality', query: "status eq 'New'", expected: "(eq (path status) 'New')" },
  {
    name: 'and binds tighter than or',
    query: 'a eq 1 or b eq 2 and c eq 3',
    expected: '(or (eq (path a) 1) (and (eq (path b) 2) (eq (path c) 3)))',
  },
  {
    name: 'parentheses override precedence',
    query: '(a eq 1 or b eq 2) and c eq 3',
    expected: '(and (or (eq (path a) 1) (eq (path b) 2)) (eq (path c) 3))',
  },
  {
    name: 'and is left-associative',
    query: 'a and b and c',
    expected: '(and (and (path a) (path b)) (path c))',
  },
  {
    name: 'not binds looser than comparison',
    query: "not status eq 'New'",
    expected: "(not (eq (path status) 'New'))",
  },
  { name: 'not binds tighter than and', query: 'not a and b', expected: '(and (not (path a)) (path b))' },
  {
    name: 'keywords are case-insensitive',
    query: "Status EQ 'x' AND NOT b Or c",
    expected: "(or (and (eq (path Status) 'x') (not (path b))) (path c))",
  },
  {
    name: 'nested paths',
    query: "customerProfile/address/country eq 'US'",
    expected: "(eq (path customerProfile/address/country) 'US')",
  },
  {
    name: 'an any lambda',
    query: "team/any(t:t/email eq 'r2d2@contoso.com')",
    expected: "(any (path team) t (eq (path t/email) 'r2d2@contoso.com'))",
  },
  { name: 'an empty any', query: 'team/any()', expected: '(any (path team))' },
  {
    name: 'nested lambdas',
    query: 'registrations/all(r: r/solutionDetails/any(s: s/value gt 5))',
    expected: '(all (path registrations) r (any (path r/solutionDetails) s (gt (path s/value) 5)))',
  },
  {
    name: 'ANY in capitals',
    query: 'team/ANY(t: t/email eq null)',
    expected: '(any (path team) t (eq (path t/email) null))',
  },
  {
    name: 'in with a list',
    query: "status in ('New', 'Active')",
    expected: "(in (path status) ('New' 'Active'))",
  },
  { name: 'in with negative numbers', query: 'x in (-1, 2)', expected: '(in (path x) (-1 2))' },
  {
    name: 'arithmetic precedence',
    query: 'a add b mul c sub d gt 0',
    expected: '(gt (sub (add (path a) (mul (path b) (path c))) (path d)) 0)',
  },
  { name: 'div and mod', query: 'a div 2 mod 3 eq 1', expected: '(eq (mod (div (path a) 2) 3) 1)' },
  { name: 'unary minus on a path', query: '-a lt -5', expected: '(lt (- (path a)) -5)' },
  { name: 'string escapes', query: "name eq 'O''Neil'", expected: "(eq (path name) 'O''Neil')" },
  {
    name: 'literals',
    query: 'a eq true or b eq FALSE or c eq Null or d eq 2.5',
    expected: '(or (or (or (eq (path a) true) (eq (path b) false)) (eq (path c) null)) (eq (path d) 2.5))',
  },
  {
    name: 'an unquoted GUID',
    query: 'engagementId eq 1352e03d-0000-4000-8000-00000000abcd',
    expected: '(eq (path engagementId) 1352e03d-0000-4000-8000-00000000abcd)',
  },
  {
    name: 'a date-time',
    query: 'createdDateTime ge 2024-03-01T10:00:00Z',
    expected: '(ge (path createdDateTime) 2024-03-01T10:00:00Z)',
  },
  {
    name: 'a date',
    query: 'date(createdDateTime) eq 2024-03-01',
    expected: '(eq (date (path createdDateTime)) 2024-03-01)',
  },
  {
    name: 'functions',
    query: "contains(name,'x') and startswith(tolower(name), 'a')",
    expected: "(and (contains (path name) 'x') (startswith (tolower (path name)) 'a'))",
  },
  {
    name: 'function names are case-insensitive',
    query: "Contains(name,'x')",
    expected: "(contains (path name) 'x')",
  },
  {
    name: 'substring with two and three arguments',
    query: "substring(name, 1) eq 'a' or substring(name, 1, 2) eq 'b'",
    expected: "(or (eq (substring (path name) 1) 'a') (eq (substring (path name) 1 2) 'b'))",
  },
  {
    name: 'now without arguments',
    query: 'createdDateTime lt now()',
    expected: '(lt (path createdDateTime) (now))',
  },
  {
    name: 'a boolean compared with true',
    query: "contains(name,'x') eq true",
    expected: "(eq (contains (path name) 'x') true)",
  },
  { name: 'a bare boolean path', query: 'favorite', expected: '(path favorite)' },
  { name: 'redundant parentheses', query: "((status eq 'New'))", expected: "(eq (path status) 'New')" },
  {
    name: 'the documented Microsoft example',
    query:
      "status eq 'Active' and direction eq 'Outgoing' and type eq 'Shared' and team/any(t:t/email eq 'r2d2@contoso.com')",
    expected:
      "(and (and (and (eq (path status) 'Active') (eq (path direction) 'Outgoing')) (eq (path type) 'Shared')) (any (path team) t (eq (path t/email) 'r2d2@contoso.com')))",
  },
]

for (const { name, query, expected } of cases) {
  test(`parse: ${name}`, () => {
    const result = parseFilter(query)
    assert.ok(result.ok, result.ok ? '' : result.problems[0]?.message)
    assert.equal(printAst(result.value), expected)
  })
}

const errors: readonly { query: string; message: string }[] = [
  {
    query: "(status eq 'New' and direction",
    message: "$filter: expected ')' at offset 30, found end of input",
  },
  {
    query: "contains(name, 'x' and status eq 'New'",
    message: "$filter: expected ')' at offset 38, found end of input",
  },
  { query: "status eq 'New' status", message: "$filter: expected end of input at offset 16, found 'status'" },
  {
    query: 'status eq',
    message: "$filter: expected a property, literal, function or '(' at offset 9, found end of input",
  },
  {
    query: "status eq eq 'x'",
    message: "$filter: expected a property, literal, function or '(' at offset 10, found 'eq'",
  },
  {
    query: 'frobnicate(name) eq 1',
    message:
      "$filter: unknown function 'frobnicate' at offset 0, expected one of contains, startswith, endswith, tolower, toupper, trim, length, indexof, substring, concat, year, month, day, hour, minute, second, date, now",
  },
  { query: 'contains(name) eq true', message: '$filter: contains() at offset 0 takes 2 arguments, found 1' },
  { query: "team/any(t t/email eq 'x')", message: "$filter: expected ':' at offset 11, found 't'" },
  { query: 'team/any(: t)', message: "$filter: expected a lambda variable name at offset 9, found ':'" },
  { query: "status in 'New'", message: "$filter: expected '(' at offset 10, found 'New'" },
  { query: 'status in (name)', message: "$filter: expected a literal at offset 11, found 'name'" },
  { query: "status in ('a' 'b')", message: "$filter: expected ',' or ')' at offset 15, found 'b'" },
  { query: "customerProfile/ eq 'x'", message: "$filter: expected a property name at offset 17, found 'eq'" },
  {
    query: "status eq 'x' and",
    message: "$filter: expected a property, literal, function or '(' at offset 17, found end of input",
  },
  { query: "status eq 'x')", message: "$filter: expected end of input at offset 13, found ')'" },
  {
    query: '',
    message: "$filter: expected a property, literal, function or '(' at offset 0, found end of input",
  },
]

for (const { query, message } of errors) {
  test(`parse error names offset, found and expected: ${JSON.stringify(query)}`, () => {
    const result = parseFilter(query)
    assert.ok(!result.ok)
    assert.equal(result.problems[0]?.message, message)
    assert.equal(result.problems[0]?.option, '$filter')
  })
}

test('nesting deeper than the limit is a problem, not a stack overflow', () => {
  const deep = `${'('.repeat(5000)}a eq 1${')'.repeat(5000)}`
  const result = parseFilter(deep)
  assert.ok(!result.ok)
  assert.match(result.problems[0]?.message ?? '', /nests deeper than 32 levels/)
  const nots = parseFilter(`${'not '.repeat(40)}a`)
  assert.ok(!nots.ok)
})

test('lambdas nested deeper than the limit are a problem', () => {
  const query = 'a/any(x: x/b/any(y: y/c/any(z: z/d/any(w: w eq 1))))'
  const result = parseFilter(query)
  assert.ok(!result.ok)
  assert.equal(result.problems[0]?.message, '$filter: lambda at offset 35 nests deeper than 3 levels')
  assert.ok(parseFilter(query, '$filter', { ...defaultParseLimits, maxLambdaDepth: 4 }).ok)
})

const chain = (count: number, item: string, operator: string): string =>
  Array.from({ length: count }, () => item).join(` ${operator} `)

test('a flat chain of more operators than the limit is one problem naming the limit and the count', () => {
  const shapes = [
    { query: chain(1000, 'true', 'or'), found: 999 },
    { query: `details/dealValue ${chain(999, 'add 1', '')} eq 1`.replaceAll('  ', ' '), found: 1000 },
    { query: chain(60, "name eq 'x'", 'and'), found: 119 },
    { query: chain(51, 'team/any(t: true)', 'or'), found: 101 },
  ]
  for (const { query, found } of shapes) {
    const result = parseFilter(query)
    assert.ok(!result.ok, query.slice(0, 40))
    assert.deepEqual(result.problems, [
      {
        option: '$filter',
        message: `$filter: at most 100 operators (comparisons, in, and, or, not, arithmetic, any/all) are allowed, found ${found}`,
      },
    ])
  }
})

test('more function calls than the limit are a problem naming the limit and the count', () => {
  const result = parseFilter(chain(21, "contains(name,'x')", 'or'))
  assert.ok(!result.ok)
  assert.equal(result.problems[0]?.message, '$filter: at most 20 function calls are allowed, found 21')
})

test('a filter at every limit parses', () => {
  assert.ok(parseFilter(chain(50, "name eq 'x'", 'or')).ok) // 99 operators
  assert.ok(parseFilter(`details/dealValue${' mod 2'.repeat(99)} eq 1`).ok) // 100 operators
  assert.ok(parseFilter(chain(20, "contains(name,'x')", 'or')).ok)
})

test('a flat chain of 200,000 operators is read in a loop and refused, not a stack overflow', () => {
  const result = parseFilter(chain(200_001, 'true', 'or'))
  assert.ok(!result.ok)
  assert.match(result.problems[0]?.message ?? '', /found 200000$/)
})

test('names of Object.prototype members are unknown functions', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    const result = parseFilter(`${name}(name) eq 1`)
    assert.ok(!result.ok, name)
    assert.match(
      result.problems[0]?.message ?? '',
      new RegExp(`^\\$filter: unknown function '${name}' at offset 0`),
    )
  }
})
