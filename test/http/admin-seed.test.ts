// Sample data (issue 4 item 7, `cosell seed`): realistic referrals made through the real create
// and PATCH use cases, the same for the same seed.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import type { SeedResult } from '../../src/domain/sandbox/seed.js'
import { assertInvalidRequest } from '../support/error-body.js'
import { collectionUrl, send, type ListEnvelope } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

/** The seeded sample organisation's fixed id, which scripts may rely on: a literal, not the code's constant. */
const sampleOrganization = '5eed0000-c05e-4000-8000-000000000001'

const apps: TestApp[] = []
after(async () => {
  for (const t of apps) await t.close()
})

async function app(): Promise<TestApp> {
  const t = await makeTestApp()
  apps.push(t)
  return t
}

async function seed(t: TestApp, body: object): Promise<SeedResult> {
  const res = await t.app.inject({ method: 'POST', url: '/_cosell/seed', payload: body })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<SeedResult>()
}

async function all(t: TestApp, tid: string): Promise<Referral[]> {
  const out: Referral[] = []
  for (let url: string | undefined = `${collectionUrl}?$orderby=createdDateTime`; url;) {
    const res = await send(t.app, 'GET', url, { tid })
    assert.equal(res.statusCode, 200, res.body)
    const page = res.json<ListEnvelope>()
    out.push(...page.value)
    url = page['@odata.nextLink']?.replace(/^https?:\/\/[^/]+/, '')
  }
  return out
}

/** What the seed decides: everything but server-made ids and eTags. */
function content(r: Referral): object {
  const { id: _id, engagementId: _e, eTag: _t, links: _l, ...rest } = r
  return rest
}

describe('admin API: seed', () => {
  test('creates the referrals for the organisation, listed through the public API', async () => {
    const t = await app()
    const result = await seed(t, { organizationId: tenantA, referrals: 120, seed: 7 })
    assert.equal(result.created, 120)
    assert.equal(result.organizationId, tenantA)
    assert.equal(
      Object.values(result.byStatus).reduce((a, b) => a + b, 0),
      120,
    )
    const referrals = await all(t, tenantA)
    assert.equal(referrals.length, 120)
    const states = new Set(referrals.map((r) => `${r.status}/${r.substatus}`))
    assert.deepEqual([...states].sort(), ['Active/Accepted', 'Closed/Lost', 'Closed/Won'])
    assert.ok(referrals.filter((r) => r.substatus === 'Lost').every((r) => r.statusReason))
  })

  test('the sample is varied: names, customers, countries, currencies, values, solutions, teams', async () => {
    const t = await app()
    await seed(t, { organizationId: tenantA, referrals: 100, seed: 3 })
    const referrals = await all(t, tenantA)
    const distinct = (f: (r: Referral) => unknown) => new Set(referrals.map((r) => JSON.stringify(f(r)))).size
    assert.ok(distinct((r) => r.name) > 80, 'names')
    assert.ok(distinct((r) => r.customerProfile.name) > 60, 'customers')
    assert.ok(distinct((r) => r.customerProfile.address.country) >= 8, 'countries')
    assert.ok(distinct((r) => r.details.currency) >= 6, 'currencies')
    assert.ok(distinct((r) => r.details.dealValue) > 50, 'values')
    assert.ok(distinct((r) => r.details.requirements.solutions.map((s) => s.id)) > 5, 'solutions')
    assert.ok(distinct((r) => r.team.map((m) => m.email)) > 10, 'teams')
    assert.ok(
      distinct((r) => r.consent.consentToShareReferralWithMicrosoftSellers) === 2,
      'private and partner-led',
    )
    assert.ok(distinct((r) => r.createdDateTime) > 90, 'creation times')
    const created = referrals.map((r) => r.createdDateTime)
    assert.ok(
      created.every((c) => c <= '2026-03-01T10:00:00.0000000Z' && c >= '2025-11-30'),
      'the last 90 days',
    )
  })

  test('the same seed gives the same referrals; another seed gives others', async () => {
    const [one, two, three] = [await app(), await app(), await app()]
    await seed(one, { organizationId: tenantA, referrals: 40, seed: 42 })
    await seed(two, { organizationId: tenantA, referrals: 40, seed: 42 })
    await seed(three, { organizationId: tenantA, referrals: 40, seed: 43 })
    const [a, b, c] = [await all(one, tenantA), await all(two, tenantA), await all(three, tenantA)]
    assert.deepEqual(a.map(content), b.map(content))
    assert.notDeepEqual(
      a.map((r) => r.name),
      c.map((r) => r.name),
    )
  })

  test('without an organisation, the only partner organisation is seeded, or a sample one', async () => {
    const t = await app()
    assert.equal((await seed(t, { referrals: 2 })).organizationId, sampleOrganization)
    assert.equal((await seed(t, { referrals: 2 })).organizationId, sampleOrganization)
    await seed(t, { organizationId: tenantB, referrals: 1 })
    const res = await t.app.inject({ method: 'POST', url: '/_cosell/seed', payload: { referrals: 2 } })
    assertInvalidRequest(res, [{ target: 'organizationId', allowed: [sampleOrganization, tenantB] }])
  })

  const bad: [string, object, string][] = [
    ['no referrals', { referrals: 0 }, 'referrals'],
    ['too many', { referrals: 10_001 }, 'referrals'],
    ['a fraction', { referrals: 2.5 }, 'referrals'],
    ['a negative seed', { referrals: 1, seed: -1 }, 'seed'],
    ["Microsoft's organisation", { referrals: 1, organizationId: 'msft' }, 'organizationId'],
  ]
  for (const [what, body, target] of bad) {
    test(`${what} answers 400 naming ${target}`, async () => {
      const t = await app()
      assertInvalidRequest(await t.app.inject({ method: 'POST', url: '/_cosell/seed', payload: body }), [
        { target },
      ])
    })
  }
})
