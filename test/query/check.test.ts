import { test } from 'node:test'
import assert from 'node:assert/strict'
import { printAst } from '../../src/query/ast.js'
import { checkFilter } from '../../src/query/check.js'
import { parseFilter } from '../../src/query/parser.js'
import { referralCatalogue } from '../../src/domain/referral/field-catalogue.js'

function check(query: string) {
  const parsed = parseFilter(query)
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems[0]?.message)
  return checkFilter(parsed.value, { catalogue: referralCatalogue, now: '2024-03-01T12:00:00Z' })
}

const accepted: readonly { name: string; query: string; expected: string }[] = [
  {
    name: 'enum literals take the catalogue spelling',
    query: "status eq 'active' and Direction eq 'INCOMING'",
    expected: "(and (eq (path status) 'Active') (eq (path direction) 'Incoming'))",
  },
  {
    name: 'property names bind case-insensitively',
    query: "CustomerProfile/Address/COUNTRY eq 'US'",
    expected: "(eq (path customerProfile/address/country) 'US')",
  },
  {
    name: 'unquoted GUIDs are lower-cased',
    query: 'engagementId eq 1352E03D-0000-4000-8000-00000000ABCD',
    expected: '(eq (path engagementId) 1352e03d-0000-4000-8000-00000000abcd)',
  },
  {
    name: 'quoted GUIDs become GUIDs',
    query: "id eq '1352E03D-0000-4000-8000-00000000ABCD'",
    expected: '(eq (path id) 1352e03d-0000-4000-8000-00000000abcd)',
  },
  {
    name: 'date-times become UTC with 7 digits',
    query: 'createdDateTime gt 2024-03-01T12:00:00.5+02:00',
    expected: '(gt (path createdDateTime) 2024-03-01T10:00:00.5000000Z)',
  },
  {
    name: 'dates compared with date-times mean midnight UTC',
    query: 'details/closingDateTime ge 2024-01-01',
    expected: '(ge (path details/closingDateTime) 2024-01-01T00:00:00.0000000Z)',
  },
  {
    name: 'quoted date-times are accepted',
    query: "createdDateTime lt '2024-03-01T10:00:00Z'",
    expected: '(lt (path createdDateTime) 2024-03-01T10:00:00.0000000Z)',
  },
  {
    name: 'now() is the caller’s instant',
    query: 'expirationDateTime lt now()',
    expected: '(lt (path expirationDateTime) 2024-03-01T12:00:00.0000000Z)',
  },
  {
    name: 'numeric strings compare as numbers',
    query: "details/dealValue ge '10000'",
    expected: '(ge (path details/dealValue) 10000)',
  },
  {
    name: 'condition eq true is the condition',
    query: "contains(name,'x') eq true",
    expected: "(contains (path name) 'x')",
  },
  {
    name: 'condition eq false is its negation',
    query: "contains(name,'x') eq false",
    expected: "(not (contains (path name) 'x'))",
  },
  {
    name: 'condition ne false is the condition',
    query: "true ne startswith(name,'x')",
    expected: "(not (startswith (path name) 'x'))",
  },
  {
    name: 'lambda variables bind inside the lambda only',
    query: "team/any(t: t/email eq 'a' and status eq 'new')",
    expected: "(any (path team) t (and (eq (path t/email) 'a') (eq (path status) 'New')))",
  },
  {
    name: 'inner lambdas see outer variables',
    query: 'registrations/any(r: r/solutionDetails/any(s: s/value gt r/contract/value))',
    expected:
      '(any (path registrations) r (any (path r/solutionDetails) s (gt (path s/value) (path r/contract/value))))',
  },
  {
    name: 'scalar collections bind the element itself',
    query: "tags/any(x: x eq 'a')",
    expected: "(any (path tags) x (eq (path x) 'a'))",
  },
  {
    name: 'in lists take the operand type',
    query: "status in ('new', 'CLOSED')",
    expected: "(in (path status) ('New' 'Closed'))",
  },
  {
    name: 'boolean properties are conditions',
    query: 'favorite and not isSpam',
    expected: '(and (path favorite) (not (path isSpam)))',
  },
  {
    name: 'string functions accept enums and GUIDs',
    query: "startswith(id, '0a') or tolower(status) eq 'new'",
    expected: "(or (startswith (path id) '0a') (eq (tolower (path status)) 'new'))",
  },
  {
    name: 'date parts of date-times',
    query: 'year(createdDateTime) eq 2024 and date(createdDateTime) eq 2024-03-01',
    expected: '(and (eq (year (path createdDateTime)) 2024) (eq (date (path createdDateTime)) 2024-03-01))',
  },
  {
    name: 'null compares with anything',
    query: 'referralSource eq null and null ne details/dealValue',
    expected: '(and (eq (path referralSource) null) (ne null (path details/dealValue)))',
  },
]

for (const { name, query, expected } of accepted) {
  test(`check: ${name}`, () => {
    const result = check(query)
    assert.ok(result.ok, result.ok ? '' : result.problems.map((p) => p.message).join('; '))
    assert.equal(printAst(result.value), expected)
  })
}

const rejected: readonly { name: string; query: string; message: string }[] = [
  {
    name: 'an unknown property',
    query: "nmae eq 'x'",
    message: "$filter: unknown property 'nmae' at offset 0; did you mean 'name'?",
  },
  {
    name: 'a top-level name of a nested property',
    query: 'dealValue gt 5',
    message: "$filter: unknown property 'dealValue' at offset 0; did you mean 'details/dealValue'?",
  },
  {
    name: 'an unknown nested property',
    query: "customerProfile/adress/country eq 'US'",
    message: "$filter: unknown property 'adress' of 'customerProfile' at offset 16; did you mean 'address'?",
  },
  {
    name: 'a number compared with text',
    query: "details/dealValue eq 'abc'",
    message:
      "$filter: expected a number to compare with 'details/dealValue' at offset 21, found string 'abc'",
  },
  {
    name: 'text compared with a number',
    query: 'name eq 5',
    message: "$filter: expected text to compare with 'name' at offset 8, found number '5'",
  },
  {
    name: 'an invalid enum value lists the allowed ones',
    query: "status eq 'Open'",
    message:
      "$filter: expected one of 'None', 'New', 'Active', 'Closed' to compare with 'status' at offset 10, found string 'Open'",
  },
  {
    name: 'an invalid enum value in a list',
    query: "direction in ('Incoming', 'Sideways')",
    message:
      "$filter: expected one of 'Incoming', 'Outgoing' to compare with 'direction' at offset 26, found string 'Sideways'",
  },
  {
    name: 'a collection without a lambda',
    query: "team/email eq 'x'",
    message: "$filter: 'team' at offset 5 is a collection; use team/any(x: x/email …) or team/all(…)",
  },
  {
    name: 'a collection compared whole',
    query: "tags eq 'x'",
    message: "$filter: 'tags' at offset 0 is a collection; use tags/any(x: …) or tags/all(x: …)",
  },
  {
    name: 'an object compared whole',
    query: "consent eq 'x'",
    message:
      "$filter: 'consent' at offset 0 is an object; compare one of its properties (consentToToShareInfoWithOthers, consentToContact, consentToShareReferralWithMicrosoftSellers, consentToMicrosoftToContactSpecificPartners…)",
  },
  {
    name: 'a lambda variable out of scope',
    query: "team/any(t: t/email eq 'a') and t/email eq 'b'",
    message: "$filter: unknown property 't' (nor a lambda variable in scope) at offset 32, expected one of",
  },
  {
    name: 'a lambda over a single value',
    query: "name/any(x: x eq 'a')",
    message: "$filter: 'name' at offset 0 is not a collection; any() needs one",
  },
  {
    name: 'a reused lambda variable',
    query: "team/any(t: t/contactPreference/locale eq 'x' and customerProfile/team/any(t: t/email eq 'y'))",
    message: "$filter: lambda variable 't' at offset 71 is already in scope",
  },
  {
    name: 'all without a condition',
    query: 'team/all()',
    message: '$filter: all() at offset 5 needs a condition such as all(x: x/… eq …)',
  },
  {
    name: 'a non-condition as the filter',
    query: 'name',
    message: "$filter: expected a condition at offset 0, found string 'name'",
  },
  {
    name: 'a non-condition under and',
    query: "status eq 'New' and details/dealValue",
    message: "$filter: expected a condition at offset 20, found number 'details/dealValue'",
  },
  {
    name: 'arithmetic on text',
    query: 'name add 1 gt 2',
    message: "$filter: expected a number at offset 0, found string 'name'",
  },
  {
    name: 'a condition compared with a value',
    query: "contains(name,'x') eq 'yes'",
    message: '$filter: a condition can only be compared with true, false or null using eq or ne (offset 19)',
  },
  {
    name: 'an invalid date-time',
    query: 'createdDateTime gt 2024-02-30T00:00:00Z',
    message: "$filter: invalid date-time '2024-02-30T00:00:00Z' at offset 19",
  },
  {
    name: 'a date-time compared with text',
    query: "createdDateTime gt 'yesterday'",
    message:
      "$filter: expected a date-time such as 2024-03-01T10:00:00Z to compare with 'createdDateTime' at offset 19, found string 'yesterday'",
  },
  {
    name: 'a GUID compared with text',
    query: "engagementId eq 'abc'",
    message: "$filter: expected a GUID to compare with 'engagementId' at offset 16, found string 'abc'",
  },
  {
    name: 'incompatible paths',
    query: 'name eq details/dealValue',
    message: "$filter: cannot compare string 'name' with number 'details/dealValue' at offset 5",
  },
  {
    name: 'a text function on a number',
    query: "contains(details/dealValue, '1')",
    message:
      "$filter: expected text as argument 1 of contains() at offset 9, found number 'details/dealValue'",
  },
  {
    name: 'hour() of a date',
    query: 'hour(date(createdDateTime)) eq 1',
    message: '$filter: expected a date-time as argument 1 of hour() at offset 5, found a date expression',
  },
  {
    name: 'substring with a computed position',
    query: "substring(name, length(name)) eq 'x'",
    message: '$filter: expected a whole-number literal as argument 2 of substring() at offset 16',
  },
]

for (const { name, query, message } of rejected) {
  test(`check rejects ${name}`, () => {
    const result = check(query)
    assert.ok(!result.ok, 'expected a problem')
    assert.ok(
      result.problems[0]?.message.startsWith(message),
      `${result.problems[0]?.message}\n  does not start with\n${message}`,
    )
    assert.equal(result.problems[0]?.option, '$filter')
  })
}

test('names of Object.prototype members are unknown properties, never its members', () => {
  const queries = [
    "constructor eq 'x'",
    "__proto__ eq 'x'",
    "toString eq 'x'",
    "valueOf eq 'x'",
    "hasOwnProperty eq 'x'",
    'customerProfile/constructor eq 1',
    "team/any(t: t/__proto__ eq 'x')",
    "CONSTRUCTOR/name eq 'x'",
  ]
  for (const query of queries) {
    const result = check(query)
    assert.ok(!result.ok, query)
    assert.match(
      result.problems[0]?.message ?? '',
      /unknown property '(constructor|__proto__|toString|valueOf|hasOwnProperty|CONSTRUCTOR)'/,
      query,
    )
  }
})

test('check reports every mistake at once', () => {
  const result = check("nmae eq 'x' and status eq 'Open' and details/dealValue eq 'abc'")
  assert.ok(!result.ok)
  assert.equal(result.problems.length, 3)
})

test('now() without a clock is a problem', () => {
  const parsed = parseFilter('createdDateTime lt now()')
  assert.ok(parsed.ok)
  const result = checkFilter(parsed.value, { catalogue: referralCatalogue })
  assert.ok(!result.ok)
  assert.equal(result.problems[0]?.message, '$filter: now() at offset 19 is not available here')
})
