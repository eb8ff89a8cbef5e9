// Every SDK method against a real cosell server listening on 127.0.0.1: the
// typed methods reach the routes they name and read the answers back, the nextLink iterator walks
// every page, and the server's error bodies arrive as ApiError with code, target and request id.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import {
  AdminApi,
  ApiError,
  HttpClient,
  MicrosoftApi,
  ReferralsApi,
  RegistrationsApi,
  emulatorToken,
  type Referral,
  type ReferralCreate,
} from '../../src/client/index.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { eligibleSolution, registrationBody } from '../support/registration-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => assert.fail('the request succeeded'),
    (error: unknown) => error,
  )
  assert.ok(error instanceof ApiError, String(error))
  return error
}

describe('the SDK against a real cosell server', () => {
  let t: TestApp
  let http: HttpClient // the partner's client, as tenant A's Referral Admin
  let loopback: HttpClient // the admin API, which trusts loopback clients in emulator mode
  let referrals: ReferralsApi
  let registrations: RegistrationsApi
  let microsoft: MicrosoftApi
  let admin: AdminApi

  before(async () => {
    t = await makeTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/`
    http = new HttpClient({
      baseUrl,
      token: () => emulatorToken({ tid: tenantA, upn: 'john@partner.example' }),
    })
    loopback = new HttpClient({ baseUrl })
    referrals = new ReferralsApi(http)
    registrations = new RegistrationsApi(http)
    microsoft = new MicrosoftApi(loopback)
    admin = new AdminApi(loopback)
  })
  after(() => t.close())

  test('referrals: create, get, update with If-Match, replace; a stale eTag is a 412 ApiError', async () => {
    const created = await referrals.create(partnerLedCreate())
    assert.equal((await referrals.get(created.id)).name, created.name)
    const updated = await referrals.patch(
      created.id,
      [{ op: 'replace', path: '/details/dealValue', value: 60000 }],
      { ifMatch: created.eTag },
    )
    assert.equal(updated.details.dealValue, 60000)
    assert.notEqual(updated.eTag, created.eTag)
    const stale = await rejection(
      referrals.patch(created.id, [{ op: 'replace', path: '/name', value: 'x' }], { ifMatch: created.eTag }),
    )
    assert.deepEqual([stale.status, stale.code, stale.target], [412, 'preconditionFailed', 'ETag'])
    assert.ok(stale.requestId)
    const replaced = await referrals.replace(created.id, { ...updated, name: 'Renamed by PUT' }, updated.eTag)
    assert.equal(replaced.name, 'Renamed by PUT')
    assert.equal((await rejection(referrals.replace(created.id, replaced, updated.eTag))).status, 412)
  })

  test('referrals: a refused create is an ApiError naming every field at fault', async () => {
    const error = await rejection(
      referrals.create({
        ...partnerLedCreate(),
        qualification: 'Sure',
        type: 'Odd',
      } as unknown as ReferralCreate),
    )
    assert.deepEqual([error.status, error.code], [400, 'invalidRequest'])
    assert.deepEqual(error.problems.map((p) => p.target).sort(), ['qualification', 'type'])
    assert.equal(
      (await rejection(referrals.get('00000000-0000-4000-8000-000000000000'))).code,
      'itemNotFound',
    )
  })

  test('referrals: list, and all() following @odata.nextLink across pages (seeded by the admin API)', async () => {
    const seeded = await admin.seed({ organizationId: tenantB, referrals: 105, seed: 1 })
    assert.equal(seeded.created, 105)
    const token = emulatorToken({ tid: tenantB, upn: 'ann@other.example' })
    const other = new ReferralsApi(new HttpClient({ baseUrl: http.baseUrl, token }))
    const first = await other.list()
    assert.deepEqual([first.value.length, first['@odata.count']], [100, 105])
    assert.ok(first['@odata.nextLink'], 'a full first page has a nextLink')
    const ids = new Set<string>()
    for await (const referral of other.all()) ids.add(referral.id)
    assert.equal(ids.size, 105)
  })

  test('referrals: inviteMicrosoft joins the engagement and related() lists both sides', async () => {
    const own = await referrals.create(partnerLedCreate())
    const invitation = await referrals.inviteMicrosoft(own, { notes: 'Please help' })
    assert.equal(invitation.engagementId, own.engagementId)
    const related = await referrals.related(await referrals.get(own.id))
    assert.ok(related.some((r) => r.id === own.id))
    assert.ok(related.length >= 2, `related: ${related.map((r) => r.id).join(', ')}`)
    const fallback = await referrals.related({ engagementId: own.engagementId, links: null })
    assert.ok(fallback.some((r) => r.id === own.id))
  })

  test('registrations: eligibility, create, review, update, and the review policy', async () => {
    const profile = {
      solutionProfiles: [{ id: eligibleSolution, name: 'Contoso Ale', incentives: ['Azure IP co-sell'] }],
    }
    await admin.saveOrganization(tenantA, profile)
    const deal = await referrals.create(partnerLedCreate())
    assert.ok(await registrations.eligibility(deal.id))
    const registered = await registrations.create(deal.id, registrationBody())
    assert.equal(registered.registrations?.[0]?.status, 'Approved')
    const sentBack = await registrations.review(deal.id, 'requireAction', 'Attach the signed contract.')
    assert.equal(sentBack.registrations?.[0]?.status, 'ActionRequired')
    const corrected = await registrations.update(deal.id, [
      { op: 'replace', path: '/registrations/0/contract/signDateTime', value: '2026-02-21T00:00:00Z' },
    ])
    assert.equal(corrected.registrations?.[0]?.contract?.signDateTime?.slice(0, 10), '2026-02-21')
    assert.equal((await registrations.review(deal.id, 'pass')).registrations?.[0]?.status, 'Passed')
    const saved = await registrations.setPolicy({ seed: 'sdk', rules: [] })
    assert.equal(saved.policy.seed, 'sdk')
    assert.equal((await registrations.policy()).seed, 'sdk')
    assert.equal(typeof (await registrations.runPolicy()).reviewed, 'number')
  })

  test('microsoft: leads, its referrals, acting on them, and its policy', async () => {
    const sent = await microsoft.sendLead({
      organizationId: tenantA,
      kind: 'coSellInvitation',
      referral: partnerLedCreate(),
    })
    const own = sent.microsoftReferral
    assert.ok(own, 'a co-sell invitation comes with Microsoft’s referral')
    assert.ok((await microsoft.referrals({ $top: 100 })).value.some((r) => r.id === own.id))
    const invitation = await referrals.inviteMicrosoft(await referrals.create(partnerLedCreate()))
    const accepted = await microsoft.act(invitation.id, { action: 'accept' })
    assert.equal(accepted.status, 'Active')
    const policy = await microsoft.savePolicy({ mode: 'scripted', seed: 7 })
    assert.equal(policy.seed, 7)
    assert.deepEqual(await microsoft.policy(), policy)
    const ran = await microsoft.runPolicy()
    assert.deepEqual(Object.keys(ran).sort(), ['accepted', 'closed', 'declined'])
  })

  test('admin: organisations and users, and a taken domain as a 409 ApiError naming domains', async () => {
    const contoso = '77777777-7777-4777-8777-777777777777'
    const created = await admin.saveOrganization(contoso, { name: 'Contoso', domains: ['Contoso.example'] })
    assert.deepEqual([created.id, created.name, created.domains], [contoso, 'Contoso', ['contoso.example']])
    const located = await admin.saveOrganization(contoso, {
      locations: [{ id: 'loc-1', name: 'Oslo', country: 'NO' }],
    })
    assert.deepEqual([located.name, located.domains], ['Contoso', ['contoso.example']])
    assert.deepEqual((await admin.organization(contoso)).locations, located.locations)
    assert.ok((await admin.organizations()).some((o) => o.id === contoso))
    const taken = await rejection(admin.saveOrganization(tenantB, { domains: ['contoso.example'] }))
    assert.deepEqual([taken.status, taken.code, taken.target], [409, 'resourceModified', 'domains'])
    assert.deepEqual(taken.problems, [], 'a 409 carries no field problems')
    const user = await admin.saveUser(contoso, 'Ann@Contoso.example', { role: 'Referral User', name: 'Ann' })
    assert.deepEqual([user.email, user.role, user.name], ['ann@contoso.example', 'Referral User', 'Ann'])
    assert.equal((await admin.user(contoso, 'ann@contoso.example')).role, 'Referral User')
    assert.deepEqual(
      (await admin.users(contoso)).map((u) => u.email),
      ['ann@contoso.example'],
    )
    await admin.deleteUser(contoso, 'ann@contoso.example')
    assert.deepEqual(await admin.users(contoso), [])
    assert.equal((await rejection(admin.user(contoso, 'ann@contoso.example'))).status, 404)
  })

  test('admin: clock, snapshots, seed and reset', async () => {
    const before = await admin.clock()
    const moved = await admin.changeClock({ advance: 'P1D' })
    assert.equal(Date.parse(moved.now) - Date.parse(before.now), 86_400_000)
    await admin.saveSnapshot('sdk-before')
    assert.ok((await admin.snapshots()).some((s) => s.name === 'sdk-before'))
    const later: Referral = await referrals.create(partnerLedCreate())
    await admin.restoreSnapshot('sdk-before')
    assert.equal((await rejection(referrals.get(later.id))).status, 404)
    await admin.deleteSnapshot('sdk-before')
    assert.ok(!(await admin.snapshots()).some((s) => s.name === 'sdk-before'))
    const reset = await admin.reset()
    assert.ok(reset.removed)
    assert.equal((await referrals.list())['@odata.count'], 0)
  })

  test("admin: a tenant's throttle set, read and cleared; its 429 arrives as an ApiError with Retry-After", async () => {
    const set = await admin.setTenantThrottle(tenantB, {
      profile: 'custom',
      read: { limit: 1, periodSeconds: 3600 },
    })
    assert.deepEqual(set, {
      tenantId: tenantB,
      profile: { profile: 'custom', read: { limit: 1, periodSeconds: 3600 } },
      source: 'override',
    })
    assert.deepEqual((await admin.throttling()).tenants, [set])
    const once = new ReferralsApi(
      new HttpClient({
        baseUrl: http.baseUrl,
        token: emulatorToken({ tid: tenantB, upn: 'kim@partner-b.example' }),
        retry: false,
      }),
    )
    await once.list()
    const throttled = await rejection(once.list())
    assert.equal(throttled.status, 429)
    assert.match(throttled.message, /^Rate limit is exceeded\. Try again in \d+ seconds\.$/)
    assert.ok(throttled.retryAfterMs !== undefined && throttled.retryAfterMs > 3_500_000)
    await admin.clearTenantThrottle(tenantB)
    assert.deepEqual(await admin.tenantThrottle(tenantB), {
      tenantId: tenantB,
      profile: { profile: 'off' },
      source: 'default',
    })
    await once.list()
  })
})
