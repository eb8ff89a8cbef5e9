// HTTP behaviour real clients depend on (the documented endpoints, headers and errors; issue 2
// items 3, 8, 9): headers, body handling, routes and their aliases, authentication and tenant
// isolation.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { defaultRuleOptions } from '../../src/domain/referral/rules.js'
import type { Referral } from '../../src/domain/referral/schema.js'
import { buildApp } from '../../src/http/app.js'
import { randomIds } from '../../src/service/ids.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { assertErrorBody } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import {
  collectionUrl,
  createReferral,
  itemUrl,
  listReferrals,
  patchReferral,
  readReferral,
  send,
  replace,
} from '../support/referral-api.js'
import { ManualClock, makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB, token } from '../support/tokens.js'

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const connectorCallerId = '60858c1b-2062-40ad-b42c-996b6b5b047d' // X-Caller-Id default of the connector (the documented request headers)

let t: TestApp
let referral: Referral
before(async () => {
  t = await makeTestApp()
  referral = await createReferral(t.app, partnerLedCreate())
})
after(async () => {
  await t.close()
})

/** The server answers a plain list request: nothing above broke it. */
async function assertStillServing(app: FastifyInstance): Promise<void> {
  const res = await send(app, 'GET', collectionUrl)
  assert.equal(res.statusCode, 200, `the next request failed: ${res.body}`)
}

function raw(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
}

describe('Request-ID and correlation headers (the documented response headers)', () => {
  const requests: { name: string; run: () => Promise<LightMyRequestResponse> }[] = [
    { name: 'a list (200)', run: () => send(t.app, 'GET', collectionUrl) },
    { name: 'a create (200)', run: () => send(t.app, 'POST', collectionUrl, { body: partnerLedCreate() }) },
    {
      name: 'a PATCH (204)',
      run: () => patchReferral(t.app, referral.id, [replace('/name', 'n')]),
    },
    {
      name: 'an unknown referral (404)',
      run: () => send(t.app, 'GET', itemUrl('00000000-0000-0000-0000-000000000000')),
    },
    { name: 'an unknown route (404)', run: () => send(t.app, 'GET', '/v1.0/engagements/nothing-here') },
    { name: 'a wrong method (405)', run: () => send(t.app, 'DELETE', itemUrl(referral.id)) },
    { name: 'no token (401)', run: () => raw('GET', collectionUrl, {}) },
    {
      name: 'malformed JSON (400)',
      run: () =>
        raw('POST', collectionUrl, { ...authHeader(), 'content-type': 'application/json' }, '{"name":'),
    },
    {
      name: 'a stale If-Match (412)',
      run: () =>
        patchReferral(t.app, referral.id, [replace('/name', 'x')], {
          'if-match': '"old"',
        }),
    },
  ]

  for (const request of requests) {
    test(`${request.name} carries a Request-ID GUID`, async () => {
      const res = await request.run()
      assert.match(String(res.headers['request-id']), guid)
    })
  }

  test('each response has its own Request-ID', async () => {
    const ids = new Set<string>()
    for (let i = 0; i < 5; i++)
      ids.add(String((await send(t.app, 'GET', collectionUrl)).headers['request-id']))
    assert.equal(ids.size, 5)
  })

  for (const status of [200, 404]) {
    test(`client-request-id, MS-CorrelationId and MS-RequestId are echoed on a ${status}`, async () => {
      const sent = {
        'client-request-id': '3c1a5b7e-8d0f-4b2a-9c6e-1f2d3e4a5b6c',
        'MS-CorrelationId': '9f8bed52-e4df-4d0c-9ca6-929a187b0731',
        'MS-RequestId': '0b7d4a56-39a3-4c2c-a7f4-8e1f0b6a2d11',
      }
      const id = status === 200 ? referral.id : '00000000-0000-0000-0000-000000000000'
      const res = await send(t.app, 'GET', itemUrl(id), { headers: sent })
      assert.equal(res.statusCode, status)
      assert.equal(res.headers['client-request-id'], sent['client-request-id'])
      assert.equal(res.headers['ms-correlationid'], sent['MS-CorrelationId'])
      assert.equal(res.headers['ms-requestid'], sent['MS-RequestId'])
    })
  }
})

describe('request headers real clients send (the documented request headers)', () => {
  const headerSets: { name: string; headers: Record<string, string> }[] = [
    {
      name: 'content-type: application/json on a GET without a body',
      headers: { 'content-type': 'application/json' },
    },
    { name: "the connector's X-Caller-Id", headers: { 'x-caller-id': connectorCallerId } },
    { name: 'Accept: application/json', headers: { accept: 'application/json' } },
    {
      name: 'every connector header at once',
      headers: {
        'content-type': 'application/json',
        'x-caller-id': connectorCallerId,
        accept: 'application/json',
      },
    },
  ]
  for (const set of headerSets) {
    test(`a list and a GET by id with ${set.name} answer 200`, async () => {
      assert.equal((await send(t.app, 'GET', collectionUrl, { headers: set.headers })).statusCode, 200)
      assert.equal((await send(t.app, 'GET', itemUrl(referral.id), { headers: set.headers })).statusCode, 200)
    })
  }

  test("a create with the connector's X-Caller-Id answers 200", async () => {
    const res = await send(t.app, 'POST', collectionUrl, {
      body: partnerLedCreate(),
      headers: { 'x-caller-id': connectorCallerId },
    })
    assert.equal(res.statusCode, 200, res.body)
  })
})

describe('request bodies (the documented status codes)', () => {
  const json = { ...authHeader(), 'content-type': 'application/json' }

  for (const text of ['{"name":', '{name: "x"}', "{'name':'x'}", 'null x', '{"name":"x"}}']) {
    test(`malformed JSON ${JSON.stringify(text)} answers 400 invalidRequest with the error body`, async () => {
      assertErrorBody(await raw('POST', collectionUrl, json, text), 400, 'invalidRequest')
    })
  }

  test('a body over 1 MiB answers 413 with the error body', async () => {
    const body = JSON.stringify({ ...partnerLedCreate(), name: 'x'.repeat(1024 * 1024 + 1) })
    assertErrorBody(await raw('POST', collectionUrl, json, body), 413)
    await assertStillServing(t.app)
  })

  test('an empty body on a create answers 400 invalidRequest', async () => {
    assertErrorBody(await raw('POST', collectionUrl, json, ''), 400, 'invalidRequest')
  })

  // .NET's service reads any JSON media type, JSON Patch's own included; anything else is 415
  const contentTypes: { type: string; method: 'POST' | 'PATCH'; status: number }[] = [
    { type: 'application/json; charset=utf-8', method: 'POST', status: 200 },
    { type: 'Application/JSON', method: 'POST', status: 200 },
    { type: 'text/json', method: 'POST', status: 200 },
    { type: 'application/json-patch+json', method: 'PATCH', status: 204 },
    { type: 'text/plain', method: 'POST', status: 415 },
    { type: 'application/xml', method: 'POST', status: 415 },
    { type: 'application/x-www-form-urlencoded', method: 'POST', status: 415 },
    { type: 'multipart/form-data; boundary=x', method: 'POST', status: 415 },
    { type: 'text/plain', method: 'PATCH', status: 415 },
  ]
  for (const c of contentTypes) {
    test(`Content-Type ${c.type} on a ${c.method} answers ${c.status}`, async () => {
      const [url, body] =
        c.method === 'POST'
          ? [collectionUrl, partnerLedCreate()]
          : [itemUrl(referral.id), [replace('/details/notes', c.type)]]
      const res = await raw(c.method, url, { ...authHeader(), 'content-type': c.type }, JSON.stringify(body))
      if (c.status === 415) assertErrorBody(res, 415)
      else assert.equal(res.statusCode, c.status, res.body)
    })
  }

  const depth = 100_000
  const deepArray = '['.repeat(depth) + ']'.repeat(depth)
  const deepObject = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
  const sample = JSON.stringify({ ...partnerLedCreate(), lastRunId: 'DEEP' })
  const hostile: { name: string; method: 'POST' | 'PATCH'; body: () => string }[] = [
    { name: `an array nested ${depth} levels deep`, method: 'POST', body: () => deepArray },
    { name: `an object nested ${depth} levels deep`, method: 'POST', body: () => deepObject },
    {
      name: `the sample with salesPlays nested ${depth} levels deep`,
      method: 'POST',
      body: () =>
        JSON.stringify(partnerLedCreate()).replace(
          '"requirements":{',
          `"requirements":{"salesPlays":${deepArray},`,
        ),
    },
    {
      // even where any value is ignored (lastRunId is accepted and ignored): Newtonsoft's own MaxDepth is 64
      name: `the sample with the ignored lastRunId nested ${depth} levels deep`,
      method: 'POST',
      body: () => sample.replace('"DEEP"', deepObject),
    },
    {
      name: `a PATCH value nested ${depth} levels deep`,
      method: 'PATCH',
      body: () => `[{"op":"replace","path":"/details/requirements/salesPlays","value":${deepArray}}]`,
    },
    {
      name: 'a top-level array of 300,000 numbers',
      method: 'POST',
      body: () => `[${'1,'.repeat(300_000)}1]`,
    },
    {
      name: 'a team of 200,000 members',
      method: 'POST',
      body: () =>
        JSON.stringify({ ...partnerLedCreate(), team: [] }).replace(
          '"team":[]',
          `"team":[${'{},'.repeat(200_000)}{}]`,
        ),
    },
    {
      name: 'a JSON Patch of 20,000 operations',
      method: 'PATCH',
      body: () => `[${Array(20_000).fill('{"op":"add","path":"/team/-","value":{}}').join(',')}]`,
    },
  ]
  for (const h of hostile) {
    test(`${h.name} answers 4xx, and the next request is served`, async () => {
      const url = h.method === 'POST' ? collectionUrl : itemUrl(referral.id)
      const res = await raw(h.method, url, json, h.body())
      assert.ok(
        res.statusCode >= 400 && res.statusCode < 500,
        `answered ${res.statusCode}: ${res.body.slice(0, 300)}`,
      )
      assertErrorBody(res, res.statusCode)
      await assertStillServing(t.app)
      const { referral: after } = await readReferral(t.app, referral.id)
      assert.equal(after.id, referral.id)
    })
  }

  // issue 9 item 6: shapes that cost JSON.parse far more than their bytes are refused unparsed
  const shapes: { name: string; body: () => string; rule: string; mentions: string }[] = [
    {
      name: 'a create whose team holds 3,000 members (more than 10,000 values)',
      body: () =>
        JSON.stringify({
          ...partnerLedCreate(),
          team: Array.from({ length: 3_000 }, (_, i) => ({ firstName: `F${i}`, lastName: 'L', email: '' })),
        }),
      rule: 'maxValues',
      mentions: 'more than 10,000 JSON values',
    },
    {
      name: 'a create with 101 members at the top level',
      body: () =>
        JSON.stringify({
          ...partnerLedCreate(),
          ...Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`extra${i}`, i])),
        }),
      rule: 'maxMembers',
      mentions: 'more than 100 members',
    },
  ]
  for (const shape of shapes) {
    test(`${shape.name} answers 400 ${shape.rule} naming the limit`, async () => {
      const res = await raw('POST', collectionUrl, json, shape.body())
      const body = assertErrorBody(res, 400, 'invalidRequest')
      assert.equal(body.error.target, 'body')
      assert.match(body.error.message, new RegExp(shape.mentions))
      assert.deepEqual(
        (body.error.innerError?.details as { code: string }[]).map((d) => d.code),
        [shape.rule],
      )
    })
  }
})

describe('routes (the documented endpoints)', () => {
  const badUrls = [
    { name: 'a malformed percent-escape', url: `${collectionUrl}/%ZZ` },
    { name: 'an id of 300 characters', url: `${collectionUrl}/${'a'.repeat(300)}` },
  ]
  for (const bad of badUrls) {
    test(`a URL with ${bad.name} answers 4xx with the error body and a Request-ID`, async () => {
      const res = await send(t.app, 'GET', bad.url)
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `answered ${res.statusCode}`)
      assertErrorBody(res, res.statusCode)
      assert.match(String(res.headers['request-id']), guid)
    })
  }

  test('an unknown route answers 404 itemNotFound with the error body', async () => {
    // `/` is the dashboard once built (test/dashboard/serving.test.ts)
    for (const url of ['/v1.0/engagements/nothing-here', '/v2.0/engagements/referrals', '/nothing-here']) {
      assertErrorBody(await send(t.app, 'GET', url), 404, 'itemNotFound')
    }
  })

  test('an unknown referral id answers 404 itemNotFound on GET, PATCH and PUT', async () => {
    assertErrorBody(
      await send(t.app, 'GET', itemUrl('00000000-0000-0000-0000-000000000000')),
      404,
      'itemNotFound',
    )
    assertErrorBody(
      await patchReferral(t.app, '00000000-0000-0000-0000-000000000000', [replace('/name', 'x')]),
      404,
      'itemNotFound',
    )
    const put = await send(t.app, 'PUT', itemUrl('00000000-0000-0000-0000-000000000000'), {
      body: partnerLedCreate(),
      headers: { 'if-match': '*' },
    })
    assertErrorBody(put, 404, 'itemNotFound')
  })

  const wrongMethods: {
    method: 'DELETE' | 'POST' | 'PUT' | 'PATCH'
    on: 'item' | 'collection'
    allowed: string[]
  }[] = [
    { method: 'DELETE', on: 'item', allowed: ['GET', 'PATCH', 'PUT'] },
    { method: 'POST', on: 'item', allowed: ['GET', 'PATCH', 'PUT'] },
    { method: 'DELETE', on: 'collection', allowed: ['GET', 'POST'] },
    { method: 'PUT', on: 'collection', allowed: ['GET', 'POST'] },
    { method: 'PATCH', on: 'collection', allowed: ['GET', 'POST'] },
  ]
  for (const w of wrongMethods) {
    test(`${w.method} on the ${w.on} answers 405 with an Allow header listing ${w.allowed.join(', ')}`, async () => {
      const url = w.on === 'item' ? itemUrl(referral.id) : collectionUrl
      const res = await send(t.app, w.method, url, { body: w.method === 'DELETE' ? undefined : {} })
      assertErrorBody(res, 405)
      const allow = String(res.headers.allow)
        .split(',')
        .map((m) => m.trim())
      for (const method of w.allowed)
        assert.ok(allow.includes(method), `Allow: ${allow.join(', ')} lacks ${method}`)
      assert.ok(!allow.includes(w.method))
    })
  }
  test('a wrong method leaves the referral in place', async () => {
    await send(t.app, 'DELETE', itemUrl(referral.id))
    await readReferral(t.app, referral.id)
  })

  const aliases: { name: string; collection: string; item: (id: string) => string }[] = [
    {
      name: 'trailing slashes',
      collection: '/v1.0/engagements/referrals/',
      item: (id) => `/v1.0/engagements/referrals/${id}/`,
    },
    {
      name: "the connector's doubled trailing slash",
      collection: '/v1.0/engagements/referrals//',
      item: (id) => `/v1.0/engagements/referrals/${id}//`,
    },
    {
      name: 'doubled slashes inside',
      collection: '//v1.0//engagements//referrals',
      item: (id) => `/v1.0//engagements/referrals//${id}`,
    },
    {
      name: 'the docs\' misspelled "engagments"',
      collection: '/v1.0/engagments/referrals',
      item: (id) => `/v1.0/engagments/referrals/${id}`,
    },
    {
      name: '/v1.0/referrals without engagements',
      collection: '/v1.0/referrals',
      item: (id) => `/v1.0/referrals/${id}`,
    },
  ]
  for (const alias of aliases) {
    test(`${alias.name} reach the same list, referral, create and PATCH`, async () => {
      const list = await send(t.app, 'GET', alias.collection)
      assert.equal(list.statusCode, 200, list.body)
      const get = await send(t.app, 'GET', alias.item(referral.id))
      assert.equal(get.statusCode, 200, get.body)
      assert.equal(get.json<Referral>().id, referral.id)

      const create = await send(t.app, 'POST', alias.collection, { body: partnerLedCreate() })
      assert.equal(create.statusCode, 200, create.body)
      const created = create.json<Referral>()
      assert.ok(
        created.links?.self.uri.endsWith(`/v1.0/engagements/referrals/${created.id}`),
        'links keep the real path',
      )
      const patch = await send(t.app, 'PATCH', alias.item(created.id), {
        body: [replace('/name', alias.name)],
      })
      assert.equal(patch.statusCode, 204, patch.body)
      assert.equal((await readReferral(t.app, created.id)).referral.name, alias.name)
    })
  }
})

describe('PATCH responses (the documented PATCH)', () => {
  test('PATCH without Prefer answers 204 with an empty body', async () => {
    const res = await patchReferral(t.app, referral.id, [replace('/details/notes', 'empty')])
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    assert.ok(res.headers['content-length'] === undefined || res.headers['content-length'] === '0')
  })

  test('PATCH with Prefer: return=representation answers 200 with the updated referral', async () => {
    const res = await patchReferral(t.app, referral.id, [replace('/details/notes', 'shown')], {
      prefer: 'return=representation',
    })
    assert.equal(res.statusCode, 200)
    const body = res.json<Referral>()
    assert.equal(body.id, referral.id)
    assert.equal(body.details.notes, 'shown')
    assert.equal(res.headers.etag, body.eTag)
    const { referral: stored } = await readReferral(t.app, referral.id)
    assert.equal(stored.eTag, body.eTag)
  })

  test('PATCH with Prefer: return=minimal answers 204', async () => {
    const res = await patchReferral(t.app, referral.id, [replace('/details/notes', 'minimal')], {
      prefer: 'return=minimal',
    })
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
  })
})

describe('listing basics (the documented list)', () => {
  test('the list carries @odata.context …/v1.0/$metadata#Referrals, @odata.count and the referrals in value', async () => {
    const tenant = '33333333-3333-4333-8333-333333333333'
    const created = [
      await createReferral(t.app, partnerLedCreate(), tenant),
      await createReferral(t.app, partnerLedCreate(), tenant),
    ]
    const res = await send(t.app, 'GET', collectionUrl, { tid: tenant })
    assert.equal(res.statusCode, 200)
    const list = res.json<{ '@odata.context': string; '@odata.count': number; value: Referral[] }>()
    assert.match(list['@odata.context'], /^https?:\/\/[^/]+\/v1\.0\/\$metadata#Referrals$/)
    assert.equal(list['@odata.count'], 2)
    assert.deepEqual(list.value.map((r) => r.id).sort(), created.map((r) => r.id).sort())
  })
})

describe('authentication (the documented sign-in, issue 2 item 9)', () => {
  const noTid = token({ tid: undefined })
  const badTokens: { name: string; authorization: string | undefined }[] = [
    { name: 'no Authorization header', authorization: undefined },
    { name: 'a Basic credential', authorization: 'Basic dXNlcjpwYXNz' },
    { name: 'Bearer without a token', authorization: 'Bearer' },
    { name: 'a bearer token that is not a JWT', authorization: 'Bearer not-a-jwt' },
    {
      name: 'a JWT whose payload is not JSON',
      authorization: `Bearer eyJhbGciOiJub25lIn0.${Buffer.from('nope').toString('base64url')}.`,
    },
    { name: 'a JWT without a tid claim', authorization: `Bearer ${noTid}` },
    { name: 'a JWT whose tid is a number', authorization: `Bearer ${token({ tid: 12345 })}` },
  ]
  for (const bad of badTokens) {
    test(`${bad.name} answers 401 unauthenticated with the error body`, async () => {
      const headers: Record<string, string> =
        bad.authorization === undefined ? {} : { authorization: bad.authorization }
      assertErrorBody(await raw('GET', collectionUrl, headers), 401, 'unauthenticated')
      assertErrorBody(await raw('GET', itemUrl(referral.id), headers), 401, 'unauthenticated')
    })
  }

  test('an unauthenticated create is refused with 401 before its body is read', async () => {
    const res = await raw('POST', collectionUrl, { 'content-type': 'application/json' }, '{"name":')
    assertErrorBody(res, 401, 'unauthenticated')
  })
})

describe('tenants (issue 2 item 9)', () => {
  test("tenant B gets 404 for tenant A's referral on GET, PATCH and PUT, and it stays unchanged", async () => {
    const own = await createReferral(t.app, partnerLedCreate(), tenantA)
    const { referral: before, etag } = await readReferral(t.app, own.id, tenantA)
    assertErrorBody(await send(t.app, 'GET', itemUrl(own.id), { tid: tenantB }), 404, 'itemNotFound')
    const patch = await patchReferral(t.app, own.id, [replace('/name', 'taken')], {}, tenantB)
    assertErrorBody(patch, 404, 'itemNotFound')
    const put = await send(t.app, 'PUT', itemUrl(own.id), {
      body: { ...before, name: 'taken' },
      headers: { 'if-match': etag },
      tid: tenantB,
    })
    assertErrorBody(put, 404, 'itemNotFound')
    const { referral: after } = await readReferral(t.app, own.id, tenantA)
    assert.deepEqual(after, before)
  })

  test("tenant B's list does not show tenant A's referrals", async () => {
    const own = await createReferral(t.app, partnerLedCreate(), tenantA)
    const listB = await listReferrals(t.app, tenantB)
    assert.ok(!listB.value.some((r) => r.id === own.id))
    assert.ok(listB.value.every((r) => r.organizationId === tenantB))
    assert.equal(listB['@odata.count'], listB.value.length)
    const listA = await listReferrals(t.app, tenantA)
    assert.ok(listA.value.some((r) => r.id === own.id))
  })

  test('an unknown tenant is created on first use with a generated organizationName and mpnId', async () => {
    const tid = '44444444-4444-4444-8444-444444444444'
    const empty = await listReferrals(t.app, tid)
    assert.equal(empty['@odata.count'], 0)
    assert.deepEqual(empty.value, [])
    const r = await createReferral(t.app, partnerLedCreate(), tid)
    assert.equal(r.organizationId, tid)
    assert.ok(r.organizationName.length > 0)
    assert.match(String(r.mpnId), /^\d+$/)
    assert.deepEqual(r.inviteContext.invitedBy, { organizationId: tid, organizationName: r.organizationName })
    const again = await createReferral(t.app, partnerLedCreate(), tid)
    assert.deepEqual(
      [again.organizationName, again.mpnId],
      [r.organizationName, r.mpnId],
      'the tenant is remembered',
    )
  })

  test('ten parallel first requests of a new tenant all succeed as one organisation', async () => {
    const tid = '55555555-5555-4555-8555-555555555555'
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => send(t.app, 'POST', collectionUrl, { body: partnerLedCreate(), tid })),
    )
    assert.deepEqual(
      responses.map((res) => res.statusCode),
      Array<number>(10).fill(200),
    )
    const organisations = new Set(
      responses.map((res) => JSON.stringify(res.json<Referral>().inviteContext.invitedBy)),
    )
    assert.equal(organisations.size, 1)
    assert.equal((await listReferrals(t.app, tid))['@odata.count'], 10)
  })
})

describe('unexpected failures (issue 2 item 8)', () => {
  test('a failing store answers 500 generalException carrying the Request-ID, and the next request is served', async () => {
    const store = SqliteReferralStore.open(':memory:')
    let failing = true
    const flaky = Object.create(store) as SqliteReferralStore
    flaky.get = (organizationId, id) =>
      failing ? Promise.reject(new Error('disk on fire')) : store.get(organizationId, id)
    flaky.getStored = (organizationId, id) =>
      failing ? Promise.reject(new Error('disk on fire')) : store.getStored(organizationId, id)
    const app = await buildApp(
      { store: flaky, clock: new ManualClock(), ids: randomIds, rules: defaultRuleOptions },
      { publicUrl: null, createStatus: 200, logLevel: 'silent' },
    )
    try {
      const created = await createReferral(app, partnerLedCreate())
      const res = await app.inject({ method: 'GET', url: itemUrl(created.id), headers: authHeader() })
      const body = assertErrorBody(res, 500, 'generalException')
      const requestId = String(res.headers['request-id'])
      assert.match(requestId, guid)
      assert.ok(JSON.stringify(body).includes(requestId), 'the error body quotes the Request-ID')
      assert.ok(!JSON.stringify(body).includes('disk on fire'), 'internal details stay internal')
      failing = false
      const next = await app.inject({ method: 'GET', url: itemUrl(created.id), headers: authHeader() })
      assert.equal(next.statusCode, 200)
    } finally {
      await app.close()
      await store.close()
    }
  })
})
