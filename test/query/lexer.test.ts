import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tokenize } from '../../src/query/lexer.js'

const cases: readonly { name: string; input: string; expected: string }[] = [
  {
    name: 'words and a string',
    input: "status eq 'New'",
    expected: 'identifier:status identifier:eq string:New',
  },
  {
    name: 'doubled quotes inside a string',
    input: "name eq 'O''Neil'",
    expected: "identifier:name identifier:eq string:O'Neil",
  },
  { name: 'an empty string', input: "''", expected: 'string:' },
  {
    name: 'an unquoted GUID',
    input: 'engagementId eq 1352e03d-0000-4000-8000-00000000abcd',
    expected: 'identifier:engagementId identifier:eq guid:1352e03d-0000-4000-8000-00000000abcd',
  },
  {
    name: 'a GUID starting with letters',
    input: 'ABCDEF12-0000-4000-8000-00000000ABCD',
    expected: 'guid:ABCDEF12-0000-4000-8000-00000000ABCD',
  },
  {
    name: 'a word that names an Object.prototype member before a quote is a plain word',
    input: "constructor'x' __proto__'y'",
    expected: 'identifier:constructor string:x identifier:__proto__ string:y',
  },
  {
    name: 'a typed guid literal',
    input: "guid'1352e03d-0000-4000-8000-00000000abcd'",
    expected: 'guid:1352e03d-0000-4000-8000-00000000abcd',
  },
  {
    name: 'a date-time with fraction and zone',
    input: '2024-03-01T10:00:00.1234567+02:00',
    expected: 'datetime:2024-03-01T10:00:00.1234567+02:00',
  },
  { name: 'a date-time without seconds', input: '2024-03-01T10:00Z', expected: 'datetime:2024-03-01T10:00Z' },
  {
    name: 'a typed datetime literal',
    input: "datetime'2024-03-01T10:00:00Z'",
    expected: 'datetime:2024-03-01T10:00:00Z',
  },
  {
    name: 'a date',
    input: 'date(createdDateTime) eq 2024-03-01',
    expected: 'identifier:date open:( identifier:createdDateTime close:) identifier:eq date:2024-03-01',
  },
  {
    name: 'integers, decimals and exponents',
    input: '5 2.50 1e3 7E-2',
    expected: 'number:5 number:2.50 number:1e3 number:7E-2',
  },
  { name: 'a negative number is a minus and a number', input: '-3', expected: 'minus:- number:3' },
  {
    name: 'a lambda',
    input: 'team/any(t:t/email eq null)',
    expected:
      'identifier:team slash:/ identifier:any open:( identifier:t colon:: identifier:t slash:/ identifier:email identifier:eq identifier:null close:)',
  },
  { name: 'a list', input: "('a', 'b')", expected: 'open:( string:a comma:, string:b close:)' },
  { name: 'whitespace of all kinds', input: ' \tname\r\n', expected: 'identifier:name' },
  { name: 'a star for $select', input: '*', expected: 'star:*' },
]

for (const { name, input, expected } of cases) {
  test(`tokenize: ${name}`, () => {
    const result = tokenize(input)
    assert.ok(result.ok)
    const printed = result.value
      .filter((token) => token.kind !== 'end')
      .map((token) => `${token.kind}:${token.value ?? token.text}`)
      .join(' ')
    assert.equal(printed, expected)
  })
}

test('tokens record their offsets', () => {
  const result = tokenize("a  eq 'x'")
  assert.ok(result.ok)
  assert.deepEqual(
    result.value.map((token) => token.offset),
    [0, 3, 6, 9],
  )
})

const errors: readonly { input: string; message: string }[] = [
  { input: "name eq 'unterminated", message: '$filter: unterminated string starting at offset 8' },
  { input: 'name eq #', message: "$filter: unexpected character '#' at offset 8" },
  { input: 'name eq "x"', message: `$filter: unexpected character '"' at offset 8` },
  { input: "name eq guid'oops", message: '$filter: unterminated string starting at offset 12' },
]

for (const { input, message } of errors) {
  test(`tokenize rejects ${JSON.stringify(input)} with the offset`, () => {
    const result = tokenize(input)
    assert.ok(!result.ok)
    assert.equal(result.problems[0]?.message, message)
  })
}
