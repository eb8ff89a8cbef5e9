// cosell roles in a token's `roles` claim, and how the authenticator hands them on.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { createAuthSetup } from '../../src/auth/auth-setup.js'
import { issueAccessToken } from '../../src/auth/issue-token.js'
import { cosellRole, rolesOfClaim } from '../../src/auth/roles.js'
import { authenticator } from '../../src/http/auth.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { ManualClock } from '../support/test-app.js'

test('role names are read whatever their case and spacing', () => {
  const cases: [string, string | undefined][] = [
    ['Referral Admin', 'Referral Admin'],
    ['referral-user', 'Referral User'],
    ['GLOBALADMIN', 'Global Admin'],
    ['Referrals Admin', undefined],
    ['Owner', undefined],
  ]
  for (const [name, role] of cases) assert.equal(cosellRole(name), role, name)
})

test('a roles claim keeps cosell roles once each and ignores other app roles', () => {
  assert.deepEqual(rolesOfClaim(['Referral User', 'Task.Read', 'referral user', 'Global Admin']), [
    'Referral User',
    'Global Admin',
  ])
  assert.deepEqual(rolesOfClaim('Referral Admin'), ['Referral Admin'])
  assert.deepEqual(rolesOfClaim(undefined), [])
})

test("the authenticator sets the caller and the identity with the token's roles", async () => {
  const store = SqliteReferralStore.open(':memory:')
  try {
    const auth = await createAuthSetup({ mode: 'verify' })
    const tenantId = '88888888-8888-4888-8888-888888888888'
    const token = await issueAccessToken(auth.key, {
      principal: {
        tenantId,
        objectId: tenantId,
        clientId: 'cli',
        username: 'ann@contoso.com',
        name: 'Ann',
        roles: ['Referral User'],
      },
      issuerBase: 'http://127.0.0.1:8080',
      version: '2.0',
      now: auth.clock.now(),
      lifetimeSeconds: 60,
    })
    const request = { headers: { authorization: `Bearer ${token}` } } as FastifyRequest
    await authenticator(store, new ManualClock(), auth, 'http://127.0.0.1:8080')(request)
    assert.equal(request.caller?.organization.id, tenantId)
    assert.equal(request.caller?.user, 'ann@contoso.com')
    assert.deepEqual(request.identity, {
      tenantId,
      user: 'ann@contoso.com',
      name: 'Ann',
      roles: ['Referral User'],
      trust: 'cosell',
    })
  } finally {
    await store.close()
  }
})
