import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { privateCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'

const api = '/v1.0/engagements/referrals'
const tenantC = '33333333-3333-4333-8333-333333333333'

describe('a Referral User sees and changes only referrals whose team lists them', () => {
  let t: TestApp
  let theirs: Referral
  let others: Referral
  const user = authHeader(tenantA, { upn: 'Ursula@Fabrikam.example', roles: ['Referral User'] })

  before(async () => {
    t = await makeTestApp()
    const withUrsula = {
      ...privateCreate(),
      team: [{ firstName: 'Ursula', email: 'ursula@fabrikam.example' }],
    }
    theirs = (
      await t.app.inject({ method: 'POST', url: api, headers: authHeader(), payload: withUrsula })
    ).json<Referral>()
    others = (
      await t.app.inject({ method: 'POST', url: api, headers: authHeader(), payload: privateCreate() })
    ).json<Referral>()
  })
  after(() => t.close())

  test('lists and reads only their own referrals; others answer 404', async () => {
    const list = (await t.app.inject({ method: 'GET', url: api, headers: user })).json<{
      '@odata.count': number
      value: Referral[]
    }>()
    assert.deepEqual(
      list.value.map((r) => r.id),
      [theirs.id],
    )
    assert.equal(list['@odata.count'], 1)
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `${api}/${theirs.id}`, headers: user })).statusCode,
      200,
    )
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `${api}/${others.id}`, headers: user })).statusCode,
      404,
    )
  })

  test('changing a referral of the organisation they are not on the team of answers 403 accessDenied', async () => {
    const ops = [{ op: 'replace', path: '/details/notes', value: 'x' }]
    const denied = await t.app.inject({
      method: 'PATCH',
      url: `${api}/${others.id}`,
      headers: user,
      payload: ops,
    })
    assert.equal(denied.statusCode, 403)
    assert.equal(denied.json<{ error: { code: string } }>().error.code, 'accessDenied')
    assert.equal(
      (await t.app.inject({ method: 'PATCH', url: `${api}/${theirs.id}`, headers: user, payload: ops }))
        .statusCode,
      204,
    )
  })

  test('the role comes from the user directory when the token names none', async () => {
    await t.app.inject({
      method: 'PUT',
      url: `/_cosell/organizations/${tenantA}/users/viktor@fabrikam.example`,
      payload: { role: 'Referral User' },
    })
    const viktor = authHeader(tenantA, { upn: 'viktor@fabrikam.example' })
    const list = (await t.app.inject({ method: 'GET', url: api, headers: viktor })).json<{
      value: Referral[]
    }>()
    assert.equal(list.value.length, 0)
  })

  test('a Referral Admin and a Global Admin see everything in their organisation', async () => {
    for (const role of ['Referral Admin', 'Global Admin']) {
      const headers = authHeader(tenantA, { upn: 'boss@fabrikam.example', roles: [role] })
      assert.equal(
        (await t.app.inject({ method: 'GET', url: api, headers })).json<{ value: unknown[] }>().value.length,
        2,
      )
    }
  })
})

test('three organisations working at once never see or change each other’s referrals', async () => {
  const t = await makeTestApp()
  try {
    const tenants = [tenantA, tenantB, tenantC]
    const created = await Promise.all(
      tenants.flatMap((tid) =>
        Array.from({ length: 15 }, async (_, i) => {
          const body = { ...privateCreate(), name: `${tid.slice(0, 4)}-${i}` }
          const response = await t.app.inject({
            method: 'POST',
            url: api,
            headers: authHeader(tid),
            payload: body,
          })
          return { tid, referral: response.json<Referral>() }
        }),
      ),
    )
    // every organisation reads, lists and tries to change the others' referrals, all at once
    const probes = await Promise.all(
      created.flatMap(({ tid, referral }) =>
        tenants
          .filter((other) => other !== tid)
          .map(async (other) => {
            const read = await t.app.inject({
              method: 'GET',
              url: `${api}/${referral.id}`,
              headers: authHeader(other),
            })
            const write = await t.app.inject({
              method: 'PATCH',
              url: `${api}/${referral.id}`,
              headers: authHeader(other),
              payload: [{ op: 'replace', path: '/name', value: 'hijacked' }],
            })
            return [read.statusCode, write.statusCode]
          }),
      ),
    )
    assert.ok(probes.every(([read, write]) => read === 404 && write === 404))
    for (const tid of tenants) {
      const list = (await t.app.inject({ method: 'GET', url: api, headers: authHeader(tid) })).json<{
        value: Referral[]
      }>()
      assert.equal(list.value.length, 15)
      assert.ok(
        list.value.every((r) => r.organizationId === tid && r.name?.startsWith(tid.slice(0, 4)) === true),
      )
    }
  } finally {
    await t.close()
  }
})

test('a role changed through the admin API applies to the very next request of a token already in use', async () => {
  const t = await makeTestApp()
  try {
    const headers = authHeader(tenantB, { upn: 'kim@northwind.example' })
    await t.app.inject({ method: 'POST', url: api, headers, payload: privateCreate() })
    const before = await t.app.inject({ method: 'GET', url: api, headers })
    assert.equal(before.json<{ value: unknown[] }>().value.length, 1) // Referral Admin on first use
    const demoted = await t.app.inject({
      method: 'PUT',
      url: `/_cosell/organizations/${tenantB}/users/kim@northwind.example`,
      payload: { role: 'Referral User' },
    })
    assert.equal(demoted.statusCode, 200)
    const after = await t.app.inject({ method: 'GET', url: api, headers })
    assert.equal(after.json<{ value: unknown[] }>().value.length, 0) // not on the referral's team
  } finally {
    await t.close()
  }
})
