// fast-check generators shared by the query tests, and meant for reuse by the HTTP fuzz test and
// the benchmark: random referral documents (small value pools so that filters match, ties occur
// and nulls and missing members appear), random valid $filter and $orderby texts, and mutations
// that turn valid filters into near-misses.
import fc from 'fast-check'

const ids = [
  '0a1b2c3d-0000-4000-8000-000000000001',
  '0a1b2c3d-0000-4000-8000-000000000002',
  '0a1b2c3d-0000-4000-8000-0000000000e3',
] as const
const names = [
  'Contoso deal',
  'contoso',
  'Fabrikam',
  "O'Neil & Sons",
  'ÄBC',
  'abc',
  '',
  'x%_y',
  'Zeta',
  ' spaced ',
  '日本',
] as const
const countries = ['US', 'us', 'DE', 'GB'] as const
export const emails = ['r2d2@contoso.com', 'R2D2@Contoso.com', 'sue@fabrikam.com', 'x@y.z'] as const
const firstNames = ['Sue', 'John', 'ann', 'Ändre'] as const
const instants = [
  '2024-03-01T10:00:00.0000000Z',
  '2024-03-01T10:00:00.5000000Z',
  '2024-03-02T00:00:00.0000000Z',
  '2023-12-31T23:59:59.9999999Z',
  '2024-06-15T08:30:00.1234567Z',
] as const
const userDates = [
  '2024-11-14T00:00:00Z',
  '2024-03-01T10:00:00Z',
  '2023-01-01T00:00:00Z',
  '2025-02-28T12:00:00Z',
] as const
const amounts = [0, 1, 2.5, 100, 50000, -3, 1234.25, 7] as const
const tags = ['a', 'B', 'ab'] as const

const statuses = ['New', 'Active', 'Closed'] as const
const substatuses = ['Pending', 'Received', 'Accepted', 'Won', 'Lost'] as const
const types = ['Shared', 'Independent'] as const
const directions = ['Incoming', 'Outgoing'] as const
const qualifications = ['None', 'Direct', 'MarketingQualified', 'SalesQualified'] as const
const sources = ['AppSource', 'AzureMarketplace', 'AzurePortal', 'PowerBI'] as const
const solutionTypes = ['None', 'Category', 'Name'] as const

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { freq: 4, nil: null })
const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values)

const member = fc.record({
  firstName: maybe(pick(firstNames)),
  lastName: maybe(pick(names)),
  email: maybe(pick(emails)),
  phoneNumber: fc.constant(null),
  title: fc.constant(null),
  contactPreference: fc.record({
    locale: maybe(pick(['en-us', 'en-US'])),
    disableNotifications: maybe(fc.boolean()),
  }),
})

const registration = fc.record({
  id: fc.constant('reg-1'),
  registrationDateTime: maybe(pick(instants)),
  status: pick(['ReviewPending', 'Approved', 'Failed']),
  type: fc.constant('AzureIPCoSell'),
  contract: fc.record({
    value: maybe(pick(amounts)),
    currency: maybe(pick(['USD', 'EUR'])),
    term: maybe(pick(['Perpetual', 'Finite'])),
  }),
  solutionDetails: fc.array(
    fc.record({
      id: pick(['SOL-1', 'SOL-2']),
      value: maybe(pick(amounts)),
      incentives: fc.array(pick(tags), { maxLength: 2 }),
      isDeployedOnAzure: maybe(fc.boolean()),
    }),
    { maxLength: 2 },
  ),
})

/** A referral as the API emits it, with a unique lower-case id. */
export type GeneratedReferral = Record<string, unknown> & { id: string; createdDateTime: string }

export const referralDocument: fc.Arbitrary<GeneratedReferral> = fc
  .record({
    id: fc.uuid().map((id) => id.toLowerCase()),
    engagementId: pick(ids),
    name: maybe(pick(names)),
    organizationId: fc.constant('00000000-0000-4000-8000-0000000000a1'),
    createdDateTime: pick(instants),
    updatedDateTime: pick(instants),
    expirationDateTime: maybe(pick(userDates)),
    status: pick(statuses),
    substatus: pick(substatuses),
    type: pick(types),
    qualification: pick(qualifications),
    direction: pick(directions),
    referralSource: maybe(pick(sources)),
    eTag: pick(['"e1"', '"E1"', '"e2"']),
    favorite: maybe(fc.boolean()),
    isSpam: fc.boolean(),
    salesStage: maybe(pick(['100', 'Qualify'])),
    tags: fc.array(pick(tags), { maxLength: 3 }),
    customerProfile: fc.record({
      name: maybe(pick(names)),
      address: fc.record({ country: maybe(pick(countries)), city: maybe(pick(['Redmond', 'Berlin'])) }),
      team: fc.array(member, { maxLength: 3 }),
    }),
    details: fc.record(
      {
        dealValue: maybe(pick(amounts)),
        currency: maybe(pick(['USD', 'usd', 'EUR'])),
        closingDateTime: maybe(pick(userDates)),
        requirements: fc.record({
          solutions: fc.array(
            fc.record({
              id: pick(['SOL-1', 'SOL-2']),
              type: pick(solutionTypes),
              quantity: maybe(pick(amounts)),
            }),
            { maxLength: 2 },
          ),
        }),
      },
      { requiredKeys: ['dealValue', 'currency', 'requirements'] },
    ),
    team: fc.oneof(fc.array(member, { maxLength: 3 }), fc.constant(null)),
    registrations: fc.array(registration, { maxLength: 1 }),
  })
  .map((doc) => doc as GeneratedReferral)

/** Several referrals with distinct ids. */
export const referralDocuments = (maxLength = 25): fc.Arbitrary<GeneratedReferral[]> =>
  fc.uniqueArray(referralDocument, { maxLength, selector: (doc) => doc.id })

// ---- $filter texts -------------------------------------------------------------------------

const quoteText = (text: string): string => `'${text.replaceAll("'", "''")}'`
export const randomCase = (text: string): fc.Arbitrary<string> =>
  fc.constantFrom(text, text.toLowerCase(), text.toUpperCase())
const textLiteral = fc
  .oneof(pick(names), pick(countries), pick(emails), pick(['USD', 'a', 'ab', 'c', 'deal']))
  .chain(randomCase)
  .map(quoteText)
const numberLiteral = fc.oneof(pick(amounts), fc.integer({ min: -5, max: 60000 })).map(String)
const dateLiteral = fc.oneof(
  pick(instants),
  pick(userDates),
  pick(['2024-03-01', '2024-03-01T11:00:00+01:00', "'2024-03-01T10:00:00Z'"]),
)
const compareOp = pick(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])
const equalityOp = pick(['eq', 'ne'])

const stringPaths = [
  'name',
  'customerProfile/name',
  'customerProfile/address/country',
  'details/currency',
  'eTag',
  'salesStage',
] as const
const enumChoices: readonly (readonly [string, readonly string[]])[] = [
  ['status', statuses],
  ['substatus', substatuses],
  ['type', types],
  ['direction', directions],
  ['qualification', qualifications],
  ['referralSource', sources],
]
const dateTimePaths = [
  'createdDateTime',
  'updatedDateTime',
  'details/closingDateTime',
  'expirationDateTime',
] as const

const stringCondition = fc.oneof(
  fc
    .tuple(pick(stringPaths), compareOp, fc.oneof(textLiteral, fc.constant('null')))
    .map(([p, op, v]) => `${p} ${op} ${v}`),
  fc
    .tuple(pick(['contains', 'startswith', 'endswith']), pick(stringPaths), textLiteral)
    .map(([f, p, v]) => `${f}(${p},${v})`),
  fc
    .tuple(pick(['contains', 'startswith', 'endswith']), pick(stringPaths), textLiteral, fc.boolean())
    .map(([f, p, v, b]) => `${f}(${p}, ${v}) eq ${b}`),
  fc
    .tuple(pick(['tolower', 'toupper', 'trim']), pick(stringPaths), equalityOp, textLiteral)
    .map(([f, p, op, v]) => `${f}(${p}) ${op} ${v}`),
  fc
    .tuple(pick(stringPaths), compareOp, fc.integer({ min: 0, max: 12 }))
    .map(([p, op, n]) => `length(${p}) ${op} ${n}`),
  fc
    .tuple(pick(stringPaths), textLiteral, compareOp, fc.integer({ min: -1, max: 4 }))
    .map(([p, v, op, n]) => `indexof(${p}, ${v}) ${op} ${n}`),
  fc
    .tuple(
      pick(stringPaths),
      fc.integer({ min: -1, max: 4 }),
      fc.option(fc.integer({ min: -1, max: 4 }), { nil: undefined }),
      textLiteral,
    )
    .map(([p, s, l, v]) => `substring(${p}, ${s}${l === undefined ? '' : `, ${l}`}) eq ${v}`),
  fc.tuple(pick(stringPaths), textLiteral, textLiteral).map(([p, a, b]) => `concat(${p}, ${a}) eq ${b}`),
  fc
    .tuple(
      pick(stringPaths),
      fc.array(fc.oneof(textLiteral, fc.constant('null')), { minLength: 1, maxLength: 3 }),
    )
    .map(([p, vs]) => `${p} in (${vs.join(', ')})`),
  pick([
    'name eq customerProfile/name',
    'tolower(name) eq tolower(customerProfile/name)',
    'name gt customerProfile/name',
    'contains(name, customerProfile/name)',
  ]),
)

const enumCondition = fc.oneof(
  pick(enumChoices).chain(([path, values]) =>
    fc.tuple(compareOp, pick(values).chain(randomCase)).map(([op, v]) => `${path} ${op} ${quoteText(v)}`),
  ),
  pick(enumChoices).chain(([path, values]) =>
    fc
      .array(pick(values).chain(randomCase), { minLength: 1, maxLength: 3 })
      .map((vs) => `${path} in (${vs.map(quoteText).join(',')})`),
  ),
  pick([
    'referralSource eq null',
    'referralSource ne null',
    'status eq substatus',
    "tolower(status) eq 'active'",
  ]),
)

const numberExpression = fc.oneof(
  fc.constant('details/dealValue'),
  fc
    .tuple(pick(['add', 'sub', 'mul', 'div', 'mod']), numberLiteral)
    .map(([op, v]) => `details/dealValue ${op} ${v}`),
  fc.constant('-details/dealValue'),
  fc.constant('length(name)'),
  fc
    .array(fc.tuple(pick(['add', 'sub', 'mul', 'div', 'mod']), numberLiteral), { minLength: 2, maxLength: 4 })
    .map((ops) => ops.reduce((left, [op, v]) => `${left} ${op} ${v}`, 'details/dealValue')),
  fc.constant('details/dealValue mod (details/dealValue sub 3) mod 7'),
)
const numberCondition = fc.oneof(
  fc
    .tuple(numberExpression, compareOp, fc.oneof(numberLiteral, fc.constant('null'), fc.constant("'100'")))
    .map(([e, op, v]) => `${e} ${op} ${v}`),
  fc
    .tuple(fc.array(numberLiteral, { minLength: 1, maxLength: 3 }))
    .map(([vs]) => `details/dealValue in (${vs.join(', ')})`),
)

const dateCondition = fc.oneof(
  fc
    .tuple(pick(dateTimePaths), compareOp, fc.oneof(dateLiteral, fc.constant('null')))
    .map(([p, op, v]) => `${p} ${op} ${v}`),
  fc
    .tuple(
      pick(['year', 'month', 'day', 'hour', 'minute', 'second']),
      pick(dateTimePaths),
      compareOp,
      fc.integer({ min: 0, max: 2025 }),
    )
    .map(([f, p, op, n]) => `${f}(${p}) ${op} ${n}`),
  fc.tuple(pick(dateTimePaths), compareOp).map(([p, op]) => `date(${p}) ${op} 2024-03-01`),
  fc.tuple(pick(dateTimePaths), compareOp).map(([p, op]) => `${p} ${op} now()`),
  fc.constant('createdDateTime eq updatedDateTime'),
  fc.constant('details/closingDateTime gt createdDateTime'),
)

const otherCondition = fc.oneof(
  fc.tuple(pick(['id', 'engagementId']), equalityOp, pick(ids)).map(([p, op, v]) => `${p} ${op} ${v}`),
  fc.tuple(equalityOp, pick(ids)).map(([op, v]) => `engagementId ${op} '${v.toUpperCase()}'`),
  fc
    .tuple(pick(['favorite', 'isSpam']), equalityOp, pick(['true', 'false', 'null']))
    .map(([p, op, v]) => `${p} ${op} ${v}`),
  pick(['favorite', 'isSpam', 'true', 'false', 'favorite eq isSpam']),
)

const memberCondition = (variable: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(equalityOp, pick(emails).chain(randomCase))
      .map(([op, v]) => `${variable}/email ${op} ${quoteText(v)}`),
    fc
      .tuple(pick(['contains', 'startswith']), textLiteral)
      .map(([f, v]) => `${f}(${variable}/firstName, ${v})`),
    fc.constant(`${variable}/contactPreference/disableNotifications eq true`),
    fc.constant(`${variable}/firstName eq null`),
  )

const lambdaCondition = fc.oneof(
  fc
    .tuple(pick(['any', 'all']), pick(['team', 'customerProfile/team']))
    .chain(([op, path]) => memberCondition('t').map((inner) => `${path}/${op}(t: ${inner})`)),
  pick(['team/any()', 'customerProfile/team/any()', 'tags/any()', 'registrations/any()']),
  fc.tuple(pick(['any', 'all']), pick(tags).chain(randomCase)).map(([op, v]) => `tags/${op}(x: x eq '${v}')`),
  fc
    .tuple(pick(['any', 'all']), pick(solutionTypes))
    .map(([op, v]) => `details/requirements/solutions/${op}(s: s/type eq '${v}' or s/quantity gt 1)`),
  fc
    .tuple(pick(['any', 'all']), pick(['gt', 'le', 'eq']))
    .map(
      ([op, cmp]) =>
        `registrations/${op}(r: r/solutionDetails/any(s: s/value ${cmp} r/contract/value and status eq 'Active'))`,
    ),
  fc.constant("registrations/any(r: r/solutionDetails/any(s: s/incentives/any(i: i eq 'a')))"),
  fc.constant('team/any(t: customerProfile/team/any(c: c/email eq t/email))'),
)

const atom = fc.oneof(
  stringCondition,
  enumCondition,
  numberCondition,
  dateCondition,
  otherCondition,
  lambdaCondition,
)

/** A $filter the checker accepts: random atoms under and/or/not and parentheses. */
export const validFilter: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc
      .tuple(tie('expr'), pick(['and', 'or', 'AND', 'Or']), tie('expr'))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('expr').map((e) => `not (${e})`),
    tie('expr').map((e) => `(${e})`),
  ),
})).expr

const orderPaths = [
  'name',
  'customerProfile/name',
  'customerProfile/address/country',
  'details/dealValue',
  'details/closingDateTime',
  'createdDateTime',
  'updatedDateTime',
  'status',
  'referralSource',
  'favorite',
  'engagementId',
  'id',
  'eTag',
] as const

/** A valid $orderby, or undefined for the default order. */
export const validOrderBy: fc.Arbitrary<string | undefined> = fc.option(
  fc
    .uniqueArray(pick(orderPaths), { minLength: 1, maxLength: 3 })
    .chain((paths) =>
      fc.tuple(
        ...paths.map((path) =>
          pick(['', ' asc', ' desc', ' DESC']).map((direction) => `${path}${direction}`),
        ),
      ),
    )
    .map((keys) => keys.join(',')),
  { nil: undefined },
)

// ---- near-misses for fuzzing -----------------------------------------------------------------

const fragments = [
  "'",
  '(',
  ')',
  ',',
  '/',
  ':',
  ' and ',
  ' or ',
  ' not ',
  ' eq ',
  'any(',
  'x:',
  "''",
  '--',
  '/*',
  ';',
  '\u0000',
  '9'.repeat(30),
  'null',
  '$',
  '-',
  '%',
]

/** A valid filter with a random edit: a cut, an insertion, a duplicated slice or a truncation. */
export const mutatedFilter: fc.Arbitrary<string> = fc
  .tuple(validFilter, fc.nat(), fc.nat(), pick(fragments), pick(['cut', 'insert', 'duplicate', 'truncate']))
  .map(([text, a, b, fragment, edit]) => {
    const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [
      number,
      number,
    ]
    if (edit === 'cut') return text.slice(0, from) + text.slice(to)
    if (edit === 'insert') return text.slice(0, from) + fragment + text.slice(from)
    if (edit === 'duplicate') return text.slice(0, to) + text.slice(from, to) + text.slice(to)
    return text.slice(0, from)
  })

/** Any text at all, weighted toward OData-looking noise. */
export const noiseFilter: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc
    .array(
      pick([...fragments, 'name', 'status', 'team', 't', 'contains', '1', "'x'", ' ', '2024-01-01', 'eq']),
      { maxLength: 20 },
    )
    .map((parts) => parts.join('')),
)
