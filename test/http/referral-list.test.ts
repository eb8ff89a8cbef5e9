import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'
import { partnerLedCreate, privateCreate } from '../support/fixtures.js'

interface ListBody {
  '@odata.context': string
  '@odata.count': number
  '@odata.nextLink'?: string
  value: Record<string, unknown>[]
}

describe('listing referrals', () => {
  let t: TestApp
  const ids: string[] = []

  const list = async (query: string, tid = tenantA) => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/v1.0/engagements/referrals${query}`,
      headers: authHeader(tid),
    })
    return { status: response.statusCode, body: response.json<ListBody>() }
  }

  before(async () => {
    t = await makeTestApp()
    for (let i = 0; i < 7; i++) {
      const body = i % 3 === 0 ? partnerLedCreate() : privateCreate()
      body.name = `Deal ${i}`
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1.0/engagements/referrals',
        headers: authHeader(),
        payload: body,
      })
      assert.equal(response.statusCode, 200, response.body)
      ids.push(response.json<{ id: string }>().id)
      t.clock.advance(1000)
    }
    await t.app.inject({
      method: 'POST',
      url: '/v1.0/engagements/referrals',
      headers: authHeader(tenantB),
      payload: privateCreate(),
    })
  })
  after(() => t.close())

  test('the envelope has context, count and value, newest first', async () => {
    const { status, body } = await list('')
    assert.equal(status, 200)
    assert.deepEqual(Object.keys(body), ['@odata.context', '@odata.count', 'value'])
    assert.equal(body['@odata.context'], 'http://localhost:80/v1.0/$metadata#Referrals')
    assert.equal(body['@odata.count'], 7)
    assert.deepEqual(
      body.value.map((r) => r.id),
      [...ids].reverse(),
    )
  })

  test('$filter selects by derived type and nested paths, case-insensitively', async () => {
    const { body } = await list(
      `?$filter=${encodeURIComponent("type eq 'shared' and customerProfile/address/country eq 'us'")}`,
    )
    assert.equal(body['@odata.count'], 3)
    assert.ok(body.value.every((r) => r.type === 'Shared'))
  })

  test('the relatedReferrals link of a referral, followed as returned, lists its engagement', async () => {
    const { body } = await list('?$top=1')
    const links = body.value[0]!.links as { relatedReferrals: { uri: string } }
    const url = new URL(links.relatedReferrals.uri)
    const related = await list(`?${url.searchParams.toString()}`)
    assert.equal(related.status, 200)
    assert.deepEqual(
      related.body.value.map((r) => r.id),
      [body.value[0]!.id],
    )
  })

  test('$select returns only the chosen properties, nested paths trimmed', async () => {
    const { body } = await list('?$select=id,customerProfile/name')
    assert.deepEqual(Object.keys(body.value[0]!), ['id', 'customerProfile'])
    assert.deepEqual(body.value[0]!.customerProfile, { name: 'Contoso Customer Inc' })
  })

  test('another organisation sees only its own referrals', async () => {
    const { body } = await list('', tenantB)
    assert.equal(body['@odata.count'], 1)
    assert.ok(!body.value.some((r) => ids.includes(r.id as string)))
  })

  test('bad options answer 400 invalidRequest naming the option, the offset and what was expected', async () => {
    const cases: [string, string, RegExp][] = [
      ["$filter=status eq 'Active' and (", '$filter', /offset/],
      ["$filter=nope eq 'x'", '$filter', /nope/],
      ["$filter=status eq 'Bogus'", '$filter', /Bogus/],
      ['$orderby=team', '$orderby', /team/],
      ['$top=-1', '$top', /\$top/],
      ['$search=contoso', '$search', /\$search/],
      ['$skiptoken=forged', '$skiptoken', /\$skiptoken/],
    ]
    for (const [query, target, message] of cases) {
      const [name, value] = query.split(/=(.*)/s) as [string, string]
      const response = await list(`?${name}=${encodeURIComponent(value)}`)
      assert.equal(response.status, 400, query)
      const error = (response.body as unknown as { error: { code: string; target: string; message: string } })
        .error
      assert.equal(error.code, 'invalidRequest', query)
      assert.equal(error.target, target, query)
      assert.match(error.message, message, query)
    }
  })
})

describe('paging through more than one page', () => {
  let t: TestApp
  const tenantC = '33333333-3333-4333-8333-333333333333'
  const total = 230

  before(async () => {
    t = await makeTestApp()
    for (let i = 0; i < total; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1.0/engagements/referrals',
        headers: authHeader(tenantC),
        payload: privateCreate(),
      })
      assert.equal(response.statusCode, 200)
      if (i % 7 === 0) t.clock.advance(1000) // several referrals share a createdDateTime: the id breaks the tie
    }
  })
  after(() => t.close())

  const follow = async (first: string, tid = tenantC) => {
    const pages: ListBody[] = []
    let next: string | undefined = first
    while (next && pages.length < 10) {
      const url: URL = new URL(next, 'http://localhost')
      const response = await t.app.inject({
        method: 'GET',
        url: `${url.pathname}${url.search}`,
        headers: authHeader(tid),
      })
      assert.equal(response.statusCode, 200, response.body)
      const body = response.json<ListBody>()
      pages.push(body)
      next = body['@odata.nextLink']
    }
    return pages
  }

  test('pages hold 100 rows and nextLinks reach every referral once, in order', async () => {
    const pages = await follow('/v1.0/engagements/referrals?$select=id,createdDateTime')
    assert.deepEqual(
      pages.map((p) => p.value.length),
      [100, 100, 30],
    )
    assert.ok(pages.every((p) => p['@odata.count'] === total))
    const rows = pages.flatMap((p) => p.value) as { id: string; createdDateTime: string }[]
    assert.equal(new Set(rows.map((r) => r.id)).size, total)
    const sorted = [...rows].sort(
      (a, b) => b.createdDateTime.localeCompare(a.createdDateTime) || a.id.localeCompare(b.id),
    )
    assert.deepEqual(rows, sorted)
  })

  test('the nextLink is absolute and repeats the original options', async () => {
    const [first] = await follow("/v1.0/engagements/referrals?$filter=status%20eq%20'Active'&$select=id")
    const next = new URL(first!['@odata.nextLink']!)
    assert.equal(`${next.origin}${next.pathname}`, 'http://localhost/v1.0/engagements/referrals') // URL drops :80
    assert.deepEqual([...next.searchParams.keys()], ['$filter', '$select', '$skiptoken'])
    assert.equal(next.searchParams.get('$filter'), "status eq 'Active'")
  })

  test('$top is the total across pages and $skip applies once', async () => {
    assert.deepEqual(
      (await follow('/v1.0/engagements/referrals?$top=150&$select=id')).map((p) => p.value.length),
      [100, 50],
    )
    const skipped = await follow('/v1.0/engagements/referrals?$skip=200&$select=id')
    assert.deepEqual(
      skipped.map((p) => p.value.length),
      [30],
    )
  })

  test('the legacy /v1.0/referrals route pages the same way', async () => {
    const pages = await follow('/v1.0/referrals?$select=id')
    assert.deepEqual(
      pages.map((p) => p.value.length),
      [100, 100, 30],
    )
    assert.match(pages[0]!['@odata.nextLink']!, /\/v1\.0\/referrals\?/)
  })

  test('a paging token of one organisation is refused by another', async () => {
    const [first] = await follow('/v1.0/engagements/referrals?$select=id')
    const token = new URL(first!['@odata.nextLink']!).searchParams.get('$skiptoken')!
    const response = await t.app.inject({
      method: 'GET',
      url: `/v1.0/engagements/referrals?$select=id&$skiptoken=${encodeURIComponent(token)}`,
      headers: authHeader(tenantA),
    })
    assert.equal(response.statusCode, 400)
    assert.equal(response.json<{ error: { target: string } }>().error.target, '$skiptoken')
  })
})
