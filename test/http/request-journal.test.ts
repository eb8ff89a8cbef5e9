// The request journal as the public API fills it and the admin API reads it: entries in order and
// bounded per tenant, what cosell noted on a request, and the client report over real traffic.
// The journal's clock is injected, so time between requests passes without sleeping.
import assert from 'node:assert/strict'
import { after, beforeEach, describe, test } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import Fastify from 'fastify'
import { CosellError } from '../../src/domain/errors.js'
import type { ClientReport } from '../../src/domain/journal/client-report.js'
import { registerErrorEnvelope } from '../../src/http/error-envelope.js'
import { openApiDocument } from '../../src/http/openapi/document.js'
import { registerRequestJournal } from '../../src/http/request-journal.js'
import { noteOnRequest, registerRequestNotes } from '../../src/http/request-notes.js'
import { reportOnJournal, type JournalPage } from '../../src/service/read-journal.js'
import { RequestJournal } from '../../src/service/request-journal.js'
import { assertInvalidRequest } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import {
  collectionUrl,
  createReferral,
  itemUrl,
  patchReferral,
  postReferral,
  putReferral,
  readReferral,
  replace,
  send,
} from '../support/referral-api.js'
import { makeTestApp, ManualMonotonicClock, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

class JournalClock {
  ms = Date.parse('2026-03-01T10:00:00Z')
  readonly now = () => this.ms
  advance(seconds: number): void {
    this.ms += seconds * 1000
  }
}

const apps: TestApp[] = []
after(async () => {
  for (const app of apps) await app.close()
})

async function appWithJournal(size = 1000): Promise<{ t: TestApp; clock: JournalClock }> {
  const clock = new JournalClock()
  const t = await makeTestApp({ journal: new RequestJournal({ size, tenants: 10, now: clock.now }) })
  apps.push(t)
  return { t, clock }
}

async function journalOf(t: TestApp, query: string): Promise<JournalPage> {
  const res = await t.app.inject({ method: 'GET', url: `/_cosell/journal?${query}` })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<JournalPage>()
}

async function reportOf(t: TestApp, tenant = tenantA): Promise<ClientReport> {
  const res = await t.app.inject({ method: 'GET', url: `/_cosell/report?tenant=${tenant}` })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<ClientReport>()
}

const findingsOf = (report: ClientReport, kind: string) =>
  report.clients.flatMap((c) => c.findings.filter((f) => f.kind === kind))

describe('request journal: what the public API records', () => {
  let t: TestApp
  let clock: JournalClock
  beforeEach(async () => ({ t, clock } = await appWithJournal()))

  test('each request is recorded with method, URL and query, status, ids, User-Agent and timing, newest first', async () => {
    const created = await createReferral(t.app)
    clock.advance(1)
    const res = await send(t.app, 'GET', `${collectionUrl}?$filter=status eq 'New'&$top=5`, {
      headers: { 'user-agent': 'crm-sync/1.0', 'ms-correlationid': 'corr-1', 'ms-requestid': 'mine-1' },
    })
    const page = await journalOf(t, `tenant=${tenantA}`)
    assert.equal(page.capacity, 1000)
    assert.deepEqual(
      page.value.map((e) => [e.method, e.url, e.status]),
      [
        ['GET', `${collectionUrl}?$filter=status%20eq%20%27New%27&$top=5`, 200],
        ['POST', collectionUrl, 200],
      ],
    )
    const [get, post] = page.value
    assert.equal(get?.requestId, res.headers['request-id'])
    assert.equal(get?.correlationId, 'corr-1')
    assert.equal(get?.clientRequestId, 'mine-1')
    assert.equal(get?.userAgent, 'crm-sync/1.0')
    assert.equal(get?.user, 'john@partner.example')
    const arrived = Date.parse(get?.at ?? '') // the journal's clock, less the time to answer
    assert.ok(arrived > clock.ms - 1000 && arrived <= clock.ms, get?.at)
    assert.ok(typeof get?.ms === 'number' && get.ms >= 0)
    assert.equal(post?.answer, created.eTag)
  })

  test('the limit bounds the answer; the journal keeps the last N requests of a tenant', async () => {
    ;({ t, clock } = await appWithJournal(3))
    const referral = await createReferral(t.app)
    for (let i = 0; i < 4; i++) await send(t.app, 'GET', `${itemUrl(referral.id)}?n=${i}`)
    const page = await journalOf(t, `tenant=${tenantA}&limit=10`)
    assert.deepEqual(
      page.value.map((e) => e.url),
      [3, 2, 1].map((i) => `${itemUrl(referral.id)}?n=${i}`),
    )
    assert.equal((await journalOf(t, `tenant=${tenantA}&limit=1`)).value.length, 1)
  })

  test('tenants see only their own requests; a request refused 401 names no tenant and is not kept', async () => {
    await createReferral(t.app, partnerLedCreate(), tenantB)
    await t.app.inject({ method: 'GET', url: collectionUrl })
    assert.equal((await journalOf(t, `tenant=${tenantA}`)).value.length, 0)
    assert.deepEqual(
      (await journalOf(t, `tenant=${tenantB.toUpperCase()}`)).value.map((e) => e.method),
      ['POST'],
    )
  })

  test('a 400 records the rules it named; If-Match and the ETag of the answer are recorded', async () => {
    const referral = await createReferral(t.app)
    const { etag } = await readReferral(t.app, referral.id)
    const bad = await postReferral(t.app, { ...partnerLedCreate(), customerProfile: undefined })
    assertInvalidRequest(bad, [{ target: 'customerProfile' }])
    await patchReferral(t.app, referral.id, [replace('/name', 'Renamed')], { 'if-match': etag })
    const [patch, refused] = (await journalOf(t, `tenant=${tenantA}`)).value
    assert.equal(patch?.ifMatch, true)
    assert.notEqual(patch?.answer, etag)
    assert.equal(refused?.error, 'invalidRequest')
    assert.deepEqual(refused?.refused?.[0], { target: 'customerProfile', rule: 'required' })
  })

  test('a list answer, which has no ETag, is known by a hash of its body: the same until it changes', async () => {
    for (let i = 0; i < 2; i++) await send(t.app, 'GET', collectionUrl)
    await createReferral(t.app)
    await send(t.app, 'GET', collectionUrl)
    const [changed, , second, first] = (await journalOf(t, `tenant=${tenantA}`)).value
    assert.match(first?.answer ?? '', /^[\w-]{16}$/)
    assert.equal(second?.answer, first?.answer)
    assert.notEqual(changed?.answer, first?.answer)
  })

  test('the eligibility route is journaled too; the admin API is not', async () => {
    const referral = await createReferral(t.app)
    await send(t.app, 'GET', `/_cosell/referrals/${referral.id}/dealRegistrationEligibility`)
    await t.app.inject({ method: 'GET', url: '/_cosell/clock' })
    const urls = (await journalOf(t, `tenant=${tenantA}`)).value.map((e) => e.url)
    assert.deepEqual(urls, [`/_cosell/referrals/${referral.id}/dealRegistrationEligibility`, collectionUrl])
  })

  test('the journal needs a tenant and a limit in range, named in a 400', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/_cosell/journal' })
    assertInvalidRequest(missing, [{ target: 'tenant' }])
    const tooMany = await t.app.inject({ method: 'GET', url: `/_cosell/journal?tenant=x&limit=0` })
    assertInvalidRequest(tooMany, [{ target: 'limit' }])
    assertInvalidRequest(await t.app.inject({ method: 'GET', url: '/_cosell/report' }), [
      { target: 'tenant' },
    ])
  })

  test('COSELL_JOURNAL_SIZE=0 keeps nothing, and the journal says it is off', async () => {
    const off = await makeTestApp({ journal: new RequestJournal({ size: 0, tenants: 10, now: () => 0 }) })
    apps.push(off)
    await createReferral(off.app)
    assert.deepEqual(await journalOf(off, `tenant=${tenantA}`), { tenant: tenantA, capacity: 0, value: [] })
  })
})

describe('client report over real traffic', () => {
  let t: TestApp
  let clock: JournalClock
  beforeEach(async () => ({ t, clock } = await appWithJournal()))

  test('PUTs and PATCHes without If-Match are counted', async () => {
    const referral = await createReferral(t.app)
    await patchReferral(t.app, referral.id, [replace('/name', 'A')])
    await patchReferral(t.app, referral.id, [replace('/name', 'B')])
    await putReferral(t.app, referral.id, referral)
    const [finding] = findingsOf(await reportOf(t), 'writeWithoutIfMatch')
    assert.equal(finding?.count, 3)
    assert.equal(finding?.what, '1 PUT and 2 PATCHes were sent without an If-Match header.')
  })

  test('the same GET every 5 s with the same answer is polling; with answers changing it is not', async () => {
    const referral = await createReferral(t.app)
    for (let i = 0; i < 10; i++) {
      clock.advance(5)
      await readReferral(t.app, referral.id)
    }
    const [finding] = findingsOf(await reportOf(t), 'polling')
    assert.equal(finding?.count, 10)

    ;({ t, clock } = await appWithJournal())
    const changing = await createReferral(t.app)
    for (let i = 0; i < 10; i++) {
      clock.advance(5)
      const { etag } = await readReferral(t.app, changing.id)
      await patchReferral(t.app, changing.id, [replace('/name', `Name ${i}`)], { 'if-match': etag })
    }
    assert.deepEqual(findingsOf(await reportOf(t), 'polling'), [])
  })

  test('the journal and the report answer what their OpenAPI schemas describe', async () => {
    const referral = await createReferral(t.app)
    await patchReferral(t.app, referral.id, [replace('/name', 'A')], { 'user-agent': 'x/1' })
    await postReferral(t.app, { ...partnerLedCreate(), customerProfile: undefined })
    const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { 'date-time': true } })
    ajv.addSchema({ $id: 'openapi', components: openApiDocument().components })
    for (const [name, value] of [
      ['JournalPage', await journalOf(t, `tenant=${tenantA}`)],
      ['ClientReport', await reportOf(t)],
    ] as const) {
      const validate = ajv.getSchema(`openapi#/components/schemas/${name}`)
      assert.ok(validate?.(value), `${name}: ${ajv.errorsText(validate?.errors)}`)
    }
  })

  test('refusals are grouped by rule and field, with the request ids to look up', async () => {
    const ids: string[] = []
    for (const size of ['huge', 'tiny']) {
      clock.advance(1)
      const body = { ...partnerLedCreate(), customerProfile: { ...customerProfile(), size } }
      ids.push(String((await postReferral(t.app, body)).headers['request-id']))
    }
    const [finding] = findingsOf(await reportOf(t), 'refusedByValidation')
    assert.deepEqual([finding?.rule, finding?.target, finding?.count], ['enum', 'customerProfile.size', 2])
    assert.deepEqual(finding?.examples, ids)
  })
})

function customerProfile(): Record<string, unknown> {
  return partnerLedCreate().customerProfile as Record<string, unknown>
}

describe('client report: the throttle’s own 429', () => {
  async function throttledApp() {
    const clock = new JournalClock()
    const throttleClock = new ManualMonotonicClock()
    const t = await makeTestApp({
      journal: new RequestJournal({ size: 100, tenants: 10, now: clock.now }),
      throttle: {
        profile: 'custom',
        read: { limit: 100, periodSeconds: 60 },
        write: { limit: 1, periodSeconds: 10 },
      },
      throttleClock,
    })
    apps.push(t)
    const advance = (seconds: number) => {
      clock.advance(seconds)
      throttleClock.advance(seconds * 1000)
    }
    return { t, advance, clock }
  }

  test('a create retried 1 s after a 429 with Retry-After: 10 is flagged, with the throttle’s note', async () => {
    const { t, advance, clock } = await throttledApp()
    await createReferral(t.app)
    clock.advance(0.1) // the journal's clock only: the throttle's budget stays spent
    const refused = await postReferral(t.app)
    assert.equal(refused.headers['retry-after'], '10')
    advance(1)
    const retry = await postReferral(t.app)
    const [finding] = findingsOf(await reportOf(t), 'earlyRetry')
    assert.deepEqual([finding?.count, finding?.examples], [1, [retry.headers['request-id']]])
    const [, first] = (await journalOf(t, `tenant=${tenantA}`)).value.reverse()
    assert.deepEqual([first?.status, first?.retryAfter, first?.notes?.[0]?.kind], [429, 10, 'throttle'])
  })

  test('a create retried once the Retry-After has passed is not flagged', async () => {
    const { t, advance, clock } = await throttledApp()
    await createReferral(t.app)
    clock.advance(0.1)
    await postReferral(t.app)
    advance(11)
    assert.equal((await postReferral(t.app)).statusCode, 200)
    assert.deepEqual(findingsOf(await reportOf(t), 'earlyRetry'), [])
  })
})

describe('request journal: throttles, faults and Retry-After', () => {
  // A stand-in for the throttle: the first call to a path is refused 429 with Retry-After: 5.
  function throttledApp() {
    const clock = new JournalClock()
    const journal = new RequestJournal({ size: 100, tenants: 10, now: clock.now })
    const app = Fastify()
    app.decorateRequest('identity', undefined)
    app.decorateRequest('caller', undefined)
    registerRequestNotes(app)
    registerErrorEnvelope(app)
    app.addHook('onRequest', (request, _reply, done) => {
      request.identity = { tenantId: 't1', user: 'u', name: undefined, roles: [], trust: 'cosell' }
      done()
    })
    registerRequestJournal(app, journal)
    let calls = 0
    app.post('/v1.0/engagements/referrals', (request) => {
      if (calls++ > 0) return { ok: true }
      noteOnRequest(request, { kind: 'throttle', detail: 'write budget of tenant t1 exhausted' })
      noteOnRequest(request, { kind: 'fault', detail: 'fault f1: 429', rule: 'f1' })
      throw new CosellError('tooManyRequests', 'Slow down.', 'request', undefined, 5)
    })
    const post = () => app.inject({ method: 'POST', url: '/v1.0/engagements/referrals', payload: {} })
    return { app, clock, journal, post }
  }

  test('what the throttle and a fault noted is recorded with the Retry-After given', async () => {
    const { app, journal, post } = throttledApp()
    assert.equal((await post()).statusCode, 429)
    const [entry] = journal.entries('t1')
    assert.equal(entry?.retryAfter, 5)
    assert.equal(entry?.error, 'tooManyRequests')
    assert.deepEqual(
      entry?.notes?.map((n) => [n.kind, n.rule]),
      [
        ['throttle', undefined],
        ['fault', 'f1'],
      ],
    )
    await app.close()
  })

  test('a retry 1 s after a 429 with Retry-After: 5 is flagged; one 6 s after is not', async () => {
    for (const [wait, flagged] of [
      [1, true],
      [6, false],
    ] as const) {
      const { app, clock, journal, post } = throttledApp()
      await post()
      clock.advance(wait)
      assert.equal((await post()).statusCode, 200)
      const retry = journal.entries('t1')[1]?.requestId
      const early = reportOnJournal(journal, { tenant: 't1' }).clients[0]?.findings ?? []
      assert.deepEqual(
        early.map((f) => [f.kind, f.examples]),
        flagged ? [['earlyRetry', [retry]]] : [],
        `retry after ${wait} s`,
      )
      await app.close()
    }
  })
})
