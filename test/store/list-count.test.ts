// @odata.count is kept between identical requests only while no write has happened since.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { privateCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader } from '../support/tokens.js'

const api = '/v1.0/engagements/referrals'
let t: TestApp
before(async () => {
  t = await makeTestApp()
})
after(() => t.close())

const count = async (filter = '') => {
  const url = `${api}?$top=0${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`
  return (await t.app.inject({ method: 'GET', url, headers: authHeader() })).json<{
    '@odata.count': number
  }>()['@odata.count']
}
const create = async () =>
  (await t.app.inject({ method: 'POST', url: api, headers: authHeader(), payload: privateCreate() })).json<{
    id: string
  }>().id

test('the count follows every create, update and reset between identical requests', async () => {
  const first = await create()
  await create()
  assert.equal(await count(), 2)
  assert.equal(await count(), 2)
  await create()
  assert.equal(await count(), 3)
  assert.equal(await count("status eq 'Active'"), 3)
  const closed = await t.app.inject({
    method: 'PATCH',
    url: `${api}/${first}`,
    headers: authHeader(),
    payload: [
      { op: 'replace', path: '/status', value: 'Closed' },
      { op: 'replace', path: '/substatus', value: 'Won' },
    ],
  })
  assert.equal(closed.statusCode, 204)
  assert.equal(await count("status eq 'Active'"), 2)
  assert.equal((await t.app.inject({ method: 'POST', url: '/_cosell/reset' })).statusCode, 200)
  assert.equal(await count(), 0)
})
