// fast-check generators of whole HTTP requests for the fuzz test and `npm run fuzz`: Microsoft's
// sample bodies mutated (wrong types, missing, extra, odd-cased and prototype-named keys, huge, deep
// and odd values), JSON Patch documents, OData options, headers (If-Match, Prefer, content-type,
// malformed, expired and foreign tokens) and paths with odd ids. `{id}`, `{foreignId}` and `{etag}`
// stand for a seeded referral and its current eTag; fuzz-target.ts fills them in when sending.
import fc from 'fast-check'
import { writablePaths } from '../../src/domain/patch/patch-paths.js'
import { acceptedOptions } from '../../src/query/options.js'
import { mutatedFilter, noiseFilter, validFilter, validOrderBy } from '../query/arbitraries.js'
import { partnerLedCreate, privateCreate } from './fixtures.js'
import { tenantA, tenantB, token } from './tokens.js'

export type FuzzRequest = {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values)
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined })

const prototypeNames = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype']

// ---- values and bodies ---------------------------------------------------------------------

/** Builds `{ [key]: value }` with the key as an own member, `__proto__` included. */
const member = (key: string, value: unknown): Record<string, unknown> =>
  Object.defineProperty({}, key, { value, enumerable: true, writable: true, configurable: true })

const nested = (depth: number, leaf: unknown): unknown =>
  Array.from({ length: depth }).reduce<unknown>((inner, _, i) => (i % 2 ? [inner] : { a: inner }), leaf)

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  pick<unknown>(null, true, false, 0, -1, 1e308, -1e-308, 0.1, 2 ** 53 + 1, '', ' ', '0', 'true', 'null'),
  pick<unknown>(
    '2024-13-45',
    '9999-12-31T23:59:59Z',
    '0001-01-01',
    'NaN',
    '\u0000',
    '<b>',
    "'; --",
    'ÄÖ日本',
  ),
  pick(...prototypeNames),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.tuple(pick(...prototypeNames), fc.jsonValue({ maxDepth: 1 })).map(([k, v]) => member(k, v)),
  fc.integer({ min: 1, max: 80 }).map((depth) => nested(depth, 1)),
  fc.jsonValue({ maxDepth: 3 }),
)

/** Every dot path of a body, so an edit can land anywhere in it. */
function pathsOf(value: unknown, prefix: readonly string[] = []): (readonly string[])[] {
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, inner]) => [
    [...prefix, key],
    ...pathsOf(inner, [...prefix, key]),
  ])
}

const samples = [privateCreate(), partnerLedCreate()]
const samplePaths = samples.map((sample) => pathsOf(sample))

type Edit =
  | { readonly kind: 'set'; readonly value: unknown }
  | { readonly kind: 'delete' }
  | { readonly kind: 'rename'; readonly to: (key: string) => string }
  | { readonly kind: 'extra'; readonly key: string; readonly value: unknown }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: oddValue.map((value) => ({ kind: 'set', value }) as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' } as const) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        pick<(key: string) => string>(
          (k) => k.toUpperCase(),
          (k) => k.toLowerCase(),
          (k) => ` ${k}`,
        ),
        pick(...prototypeNames).map((name) => () => name),
      )
      .map((to) => ({ kind: 'rename', to }) as const),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(pick(...prototypeNames), fc.string({ maxLength: 10 })), oddValue)
      .map(([key, value]) => ({ kind: 'extra', key, value }) as const),
  },
)

function applyEdit(body: Record<string, unknown>, path: readonly string[], change: Edit): void {
  let parent: unknown = body
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, unknown> | undefined)?.[key]
  const last = path[path.length - 1]
  if (typeof parent !== 'object' || parent === null || last === undefined || !Object.hasOwn(parent, last))
    return
  const owner = parent as Record<string, unknown>
  const held = owner[last]
  if (change.kind === 'set') owner[last] = change.value
  else if (change.kind === 'delete') delete owner[last]
  else if (change.kind === 'extra') Object.assign(owner, member(change.key, change.value))
  else {
    delete owner[last]
    Object.assign(owner, member(change.to(last), held))
  }
}

/** A sample create body with up to five edits anywhere in it. */
const referralBody: fc.Arbitrary<unknown> = fc
  .tuple(fc.nat({ max: samples.length - 1 }), fc.array(fc.tuple(fc.nat(), edit), { maxLength: 5 }))
  .map(([which, edits]) => {
    const body = structuredClone(samples[which]) as Record<string, unknown>
    const paths = samplePaths[which] ?? []
    for (const [at, change] of edits) applyEdit(body, paths[at % paths.length] ?? [], change)
    return body
  })

const patchPath = fc.oneof(
  { weight: 4, arbitrary: pick(...writablePaths).map((path) => `/${path}`) },
  {
    weight: 2,
    arbitrary: pick(
      '/status',
      '/team/-',
      '/team/0/email',
      '/team/999',
      '/details/dealValue/x',
      '/registrations/0/status',
      '/id',
      '/eTag',
      '/customerProfile/name',
      '/qualification',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      pick('', '/', '//', 'status', '/~1', '/~2', '/-', '/0'),
      pick(...prototypeNames).map((name) => `/${name}`),
      pick(...prototypeNames).map((name) => `/details/${name}/x`),
      fc.string({ maxLength: 20 }),
    ),
  },
)

const patchValue = fc.oneof(
  pick<unknown>('Active', 'Closed', 'Won', 'Lost', 'Accepted', 'Declined', 60000, '60000', 'USD'),
  pick<unknown>({ email: 'x@y.example' }, [{ email: 'x@y.example' }], '2026-05-01T00:00:00Z'),
  oddValue,
)

/** Operations the service accepts on a referral it has just created, so that writes succeed too. */
const sensibleOperation = fc
  .tuple(
    pick<[string, unknown]>(
      ['/details/dealValue', 60000],
      ['/details/dealValue', '75000'],
      ['/details/notes', 'Called the customer.'],
      ['/name', 'Renamed deal'],
      ['/favorite', true],
      ['/details/currency', 'eur'],
      ['/details/closingDateTime', '2026-09-30T00:00:00Z'],
      ['/team', [{ firstName: 'Sue', lastName: 'Lee', email: 'sue@partner.example' }]],
      ['/team/-', { firstName: 'Ann', lastName: 'Ng', email: 'ann@partner.example' }],
    ),
    pick('replace', 'add'),
  )
  .map(([[path, value], op]) => ({ op, path, value }))

const operation = fc
  .record(
    {
      op: pick<unknown>('replace', 'add', 'Replace', 'ADD', 'remove', 'test', 'move', '', 1, null),
      path: patchPath,
      value: patchValue,
    },
    { requiredKeys: [] },
  )
  .chain((op) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(op as Record<string, unknown>) },
      {
        weight: 1,
        arbitrary: fc.constant(Object.fromEntries(Object.entries(op).map(([k, v]) => [k.toUpperCase(), v]))),
      },
      {
        weight: 1,
        arbitrary: pick(...prototypeNames).map((name) => ({ ...op, ...member(name, op.value) })),
      },
    ),
  )

const patchBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(sensibleOperation, { minLength: 1, maxLength: 3 }) },
  { weight: 8, arbitrary: fc.array(fc.oneof(sensibleOperation, operation), { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant([]), operation, oddValue) },
)

/** JSON text of a body, or text that is not quite JSON. */
const bodyText = (body: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: body.map((value) => JSON.stringify(value) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.oneof(
        pick(
          '',
          ' ',
          'null',
          '[]',
          '{}',
          '"x"',
          '1',
          '{',
          '{"a":1,}',
          '[1,]',
          '\uFEFF{}',
          '{"__proto__":{"x":1}}',
        ),
        pick('{"constructor":{"prototype":{"x":1}}}', '{"a":1}{"b":2}', '{"a":NaN}', "{'a':1}"),
        body.map((value) => (JSON.stringify(value) ?? '').slice(0, -1)),
        fc.string({ maxLength: 60 }),
      ),
    },
  )

// ---- headers ---------------------------------------------------------------------------------

const authorization = fc.oneof(
  { weight: 12, arbitrary: fc.constant(`Bearer ${token()}`) },
  { weight: 2, arbitrary: fc.constant(`Bearer ${token({ tid: tenantB })}`) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      pick(
        undefined,
        '',
        'Bearer',
        'Bearer ',
        'Bearer a.b.c',
        'Bearer x',
        'Basic dXNlcjpwYXNz',
        `bearer ${token()}`,
        `Bearer ${token()} extra`,
        `Bearer ${token()}.${'x'.repeat(50)}`,
      ),
      pick<Record<string, unknown>>(
        { exp: 1_000_000_000 }, // expired in 2001
        { nbf: 4_000_000_000 }, // not valid before 2096
        { tid: 'msft' },
        { tid: '' },
        { tid: 42 },
        { tid: { a: 1 } },
        { tid: 'x'.repeat(80) },
        { tid: '../..' },
        { tid: 'constructor' },
        { upn: 5, roles: 'x' },
        { roles: ['Referral Admin', 7, null] },
        { roles: { constructor: 1 } },
        { exp: 'soon', iat: -1 },
        { iss: 'https://login.microsoftonline.com/foreign/v2.0', aud: 'someone-else' },
      ).map((claims) => `Bearer ${token(claims)}`),
      fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 })).map(([header, claims]) => {
        const part = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')
        return `Bearer ${part(header)}.${part(claims)}.sig`
      }),
      fc.constant(
        `Bearer ${Buffer.from('{"alg":"RS256","kid":"foreign"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({ tid: tenantA, exp: 4_000_000_000 }),
        ).toString('base64url')}.${'A'.repeat(342)}`,
      ),
    ),
  },
)

const ifMatch = fc.oneof(
  { weight: 4, arbitrary: fc.constant('{etag}') },
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: pick(
      '*',
      'W/{etag}',
      '"{etag}"',
      '{etag}, "x"',
      '"stale"',
      '""',
      'W/',
      '"',
      'garbage',
      ' {etag} ',
      'x'.repeat(300),
    ),
  },
)

const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: pick(
      'application/json-patch+json',
      'text/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
      undefined,
    ),
  },
)

const optionalHeaders = fc.record(
  {
    prefer: pick('return=representation', 'return=minimal', 'return="representation"', 'odata.x', ''),
    'client-request-id': fc.oneof(fc.uuid(), fc.string({ maxLength: 30 }), fc.constant('x'.repeat(300))),
    'ms-correlationid': fc.string({ maxLength: 20 }),
    accept: pick('application/json', '*/*', 'text/html', 'application/xml'),
  },
  { requiredKeys: [] },
)

function headersOf(parts: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(parts).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}

// ---- paths and query strings -----------------------------------------------------------------

const prefixes = ['/v1.0/engagements', '/v1.0/engagments', '/v1.0', '/engagements/v1']
const prefix = fc.oneof(
  { weight: 6, arbitrary: fc.constant('/v1.0/engagements') },
  { weight: 1, arbitrary: pick(...prefixes, '/V1.0/ENGAGEMENTS', '/v1.0/engagements/') },
)

const id = fc.oneof(
  { weight: 8, arbitrary: fc.constant('{id}') },
  { weight: 2, arbitrary: pick('{foreignId}', '{ID}') },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.uuid(),
      pick(...prototypeNames),
      pick('%00', '..', '%2e%2e', '%2F', "'", '%27', 'ÄÖ', '%E0%A4%A', ' ', '%20{id}', '{id}%20', '-1', '0'),
      pick('{id}/extra', '{id}/', 'a'.repeat(199), 'a'.repeat(260), '{id}?x=1', '{id}%3Bx'),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    ),
  },
)

const selectPath = pick('id', 'status', 'customerProfile/name', 'details', '*', 'team', 'constructor', 'x/y')
const oddOption = fc.oneof(
  fc.string({ maxLength: 12 }),
  pick('-1', '1e3', '*', '99999999999999999', '0x10', ' 5'),
)
const mostly = <T>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: odd })
/** Present about one time in six. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb })

/** Flat chains and piles of calls around the limits (100 operators, 20 calls), past them and far past. */
const longFilter: fc.Arbitrary<string> = fc
  .tuple(
    pick(
      (n: number) => `details/dealValue${' mod 7'.repeat(n)} eq 1`,
      (n: number) => `details/dealValue${' add 1'.repeat(n)} eq 1`,
      (n: number) => Array.from({ length: n + 1 }, () => 'true').join(' or '),
      (n: number) => Array.from({ length: n }, (_, i) => `contains(name,'u${i}')`).join(' or '),
      (n: number) => `${'not '.repeat(n)}favorite`,
      (n: number) => `${'-'.repeat(n)}details/dealValue eq 1`,
    ),
    fc.oneof(
      fc.integer({ min: 15, max: 25 }),
      fc.integer({ min: 95, max: 105 }),
      fc.integer({ min: 500, max: 1100 }),
    ),
  )
  .map(([shape, n]) => shape(n))

const listQuery: fc.Arbitrary<string> = fc
  .record({
    $filter: maybe(
      fc.oneof(
        { weight: 6, arbitrary: validFilter },
        { weight: 2, arbitrary: mutatedFilter },
        { weight: 1, arbitrary: noiseFilter },
        { weight: 1, arbitrary: pick(...prototypeNames).map((name) => `${name} eq 'x'`) },
        { weight: 1, arbitrary: longFilter },
      ),
    ),
    $orderby: maybe(mostly(validOrderBy, fc.oneof(pick(...prototypeNames), fc.string({ maxLength: 12 })))),
    $select: rarely(
      mostly(
        fc.array(selectPath, { minLength: 1, maxLength: 4 }).map((paths) => paths.join(',')),
        fc.string({ maxLength: 12 }),
      ),
    ),
    $top: rarely(mostly(fc.nat({ max: 300 }).map(String), oddOption)),
    $skip: rarely(mostly(fc.nat({ max: 5 }).map(String), oddOption)),
    $count: rarely(mostly(pick('true', 'false', 'TRUE'), oddOption)),
    $skiptoken: rarely(fc.oneof(fc.string({ maxLength: 30 }), fc.base64String({ maxLength: 80 }))),
    odd: rarely(
      fc.tuple(
        fc.oneof(pick(...acceptedOptions, '$FILTER', '$apply', '$', 'pagesize'), fc.string({ maxLength: 6 })),
        oddOption,
      ),
    ),
  })
  .map(({ odd, ...options }) => {
    const pairs = Object.entries(options).filter((entry): entry is [string, string] => entry[1] !== undefined)
    if (odd !== undefined) pairs.push(odd)
    return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')
  })

// ---- whole requests --------------------------------------------------------------------------

const apiHeaders = fc
  .tuple(authorization, optionalHeaders)
  .map(([auth, optional]) => headersOf({ authorization: auth, ...optional }))

const list = fc
  .tuple(prefix, listQuery, apiHeaders)
  .map(([at, query, headers]): FuzzRequest => ({ method: 'GET', url: `${at}/referrals?${query}`, headers }))

const read = fc
  .tuple(prefix, id, pick('GET', 'HEAD'), apiHeaders)
  .map(([at, which, method, headers]): FuzzRequest => ({ method, url: `${at}/referrals/${which}`, headers }))

const create = fc
  .tuple(prefix, bodyText(referralBody), contentType, apiHeaders)
  .map(([at, body, type, headers]): FuzzRequest => ({
    method: 'POST',
    url: `${at}/referrals`,
    headers: headersOf({ ...headers, 'content-type': type }),
    body,
  }))

const write = (method: 'PUT' | 'PATCH', body: fc.Arbitrary<unknown>) =>
  fc
    .tuple(prefix, id, bodyText(body), contentType, ifMatch, apiHeaders)
    .map(([at, which, text, type, match, headers]): FuzzRequest => ({
      method,
      url: `${at}/referrals/${which}`,
      headers: headersOf({ ...headers, 'content-type': type, 'if-match': match }),
      body: text,
    }))

const other = fc.oneof(
  fc.tuple(id, apiHeaders).map(([which, headers]): FuzzRequest => ({
    method: 'GET',
    url: `/_cosell/referrals/${which}/dealRegistrationEligibility`,
    headers,
  })),
  fc
    .tuple(pick('DELETE', 'OPTIONS', 'PUT', 'PATCH'), prefix, maybe(id), apiHeaders)
    .map(([method, at, which, headers]): FuzzRequest => ({
      method,
      url: which === undefined ? `${at}/referrals` : `${at}/referrals/${which}`,
      headers,
      body: '{}',
    })),
  fc
    .tuple(
      pick(tenantA, 'common', 'constructor', '__proto__', 'x'.repeat(70)),
      pick('oauth2/token', 'oauth2/v2.0/token'),
      fc.array(
        fc.tuple(
          fc.oneof(
            pick('grant_type', 'client_id', 'username', 'password', 'scope', 'resource', 'refresh_token'),
            pick(...prototypeNames),
          ),
          fc.oneof(
            pick('password', 'client_credentials', 'refresh_token', 'x'),
            fc.string({ maxLength: 10 }),
          ),
        ),
        { maxLength: 6 },
      ),
    )
    .map(([tenant, path, fields]): FuzzRequest => ({
      method: 'POST',
      url: `/${encodeURIComponent(tenant)}/${path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    })),
)

/** One request to the API, weighted toward the referral operations. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 5, arbitrary: list },
  { weight: 2, arbitrary: read },
  { weight: 4, arbitrary: create },
  { weight: 4, arbitrary: write('PUT', referralBody) },
  { weight: 5, arbitrary: write('PATCH', patchBody) },
  { weight: 1, arbitrary: other },
)
