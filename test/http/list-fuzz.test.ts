// Whatever a client puts in the OData options, the list endpoint answers 200 or a 400 with the
// error body — never a 500 — and keeps serving.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import { acceptedOptions } from '../../src/query/options.js'
import { mutatedFilter, noiseFilter, validFilter, validOrderBy } from '../query/arbitraries.js'
import { partnerLedCreate, privateCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader } from '../support/tokens.js'

let t: TestApp

before(async () => {
  t = await makeTestApp()
  for (const body of [privateCreate(), partnerLedCreate(), privateCreate()]) {
    await t.app.inject({
      method: 'POST',
      url: '/v1.0/engagements/referrals',
      headers: authHeader(),
      payload: body,
    })
  }
})
after(() => t.close())

const option = fc.constantFrom(...acceptedOptions)

async function answer(query: string): Promise<{ status: number; body: string }> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/v1.0/engagements/referrals?${query}`,
    headers: authHeader(),
  })
  return { status: response.statusCode, body: response.body }
}

function assertHandled(query: string, { status, body }: { status: number; body: string }): void {
  assert.ok(status === 200 || status === 400, `${status} for ${query}: ${body.slice(0, 300)}`)
  if (status === 400) {
    const error = (JSON.parse(body) as { error: { code: string; target: string } }).error
    assert.equal(error.code, 'invalidRequest', query)
    assert.match(error.target, /^\$|^query|^request/, query)
  }
}

test('valid, mutated and random filters and orderings answer 200 or 400', async () => {
  const filter = fc.oneof(validFilter, mutatedFilter, noiseFilter)
  await fc.assert(
    fc.asyncProperty(filter, validOrderBy, async (f, orderBy) => {
      const query = `$filter=${encodeURIComponent(f)}${orderBy ? `&$orderby=${encodeURIComponent(orderBy)}` : ''}`
      assertHandled(query, await answer(query))
    }),
    { numRuns: 600, seed: 20261121 },
  )
})

test('random text in any option answers 200 or 400', async () => {
  await fc.assert(
    fc.asyncProperty(option, fc.string({ maxLength: 60 }), async (name, value) => {
      const query = `${name}=${encodeURIComponent(value)}`
      assertHandled(query, await answer(query))
    }),
    { numRuns: 600, seed: 7 },
  )
})

test('an over-long filter is refused with 400, and the server keeps serving', async () => {
  const query = `$filter=${encodeURIComponent(Array.from({ length: 2000 }, () => "name eq 'x'").join(' or '))}`
  assertHandled(query, await answer(query))
  const deep = `$filter=${encodeURIComponent('('.repeat(5000) + "name eq 'x'" + ')'.repeat(5000))}`
  assert.equal((await answer(deep)).status, 400)
  assert.equal((await answer('$top=1')).status, 200)
})
