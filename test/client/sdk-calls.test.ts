// The SDK's call-level promises against a real cosell server on 127.0.0.1: update() as read →
// change → PATCH with If-Match under concurrent writers and injected 412s, one MS-CorrelationId per
// call kept across its retries, retries never earlier than an injected 429/503 asks, and all()
// over more than a thousand referrals.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, test } from 'node:test'
import {
  ActivitiesApi,
  AdminApi,
  ApiError,
  HttpClient,
  ReferralsApi,
  emulatorToken,
  filter,
} from '../../src/client/index.js'
import { partnerClient } from '../../src/cli/connection.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

interface Sent {
  readonly method: string
  readonly correlationId: string | null
  readonly sentAt: number
  answeredAt?: number
}

/** fetch that records each request to the public API: method, correlation id, when sent and answered. */
function recordingFetch(): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = []
  const recording: typeof fetch = async (input, init) => {
    const entry: Sent = {
      method: init?.method ?? 'GET',
      correlationId: new Headers(init?.headers).get('ms-correlationid'),
      sentAt: performance.now(),
    }
    sent.push(entry)
    const response = await fetch(input, init)
    entry.answeredAt = performance.now()
    return response
  }
  return { fetch: recording, sent }
}

let t: TestApp
let baseUrl: string
let admin: AdminApi
before(async () => {
  t = await makeTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  admin = new AdminApi(new HttpClient({ baseUrl }))
})
after(() => t.close())
beforeEach(async () => {
  await admin.clearFaults()
})

function partner(options: { fetch?: typeof fetch; tid?: string } = {}): ReferralsApi {
  const token = emulatorToken({ tid: options.tid ?? tenantA, upn: 'john@partner.example' })
  return new ReferralsApi(
    new HttpClient({ baseUrl, token, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  )
}

const create = () => partner().create(partnerLedCreate())

describe('update(): read → change → PATCH with If-Match', () => {
  test('twelve concurrent updates each adding 1 to dealValue all land, exactly once each', async () => {
    const referral = await create()
    const start = referral.details.dealValue ?? 0
    const writers = 12
    const referrals = partner()
    await Promise.all(
      Array.from({ length: writers }, () =>
        referrals.update(
          referral.id,
          (current) => [
            { op: 'replace', path: '/details/dealValue', value: (current.details.dealValue ?? 0) + 1 },
          ],
          { maxAttempts: writers },
        ),
      ),
    )
    assert.equal((await referrals.get(referral.id)).details.dealValue, start + writers)
  })

  test('an injected 412 makes update() read again and change the fresh referral', async () => {
    const referral = await create()
    await admin.addFault({ operation: 'updateReferral', status: 412, times: 1 })
    const seen: string[] = []
    const updated = await partner().update(referral.id, (current) => {
      seen.push(current.eTag)
      return { ...current, name: 'Renamed by update', details: { ...current.details, notes: 'diffed' } }
    })
    assert.equal(seen.length, 2, 'the change ran once per round')
    assert.deepEqual([updated.name, updated.details.notes], ['Renamed by update', 'diffed'])
  })

  test('412s beyond maxAttempts end update() with the 412 ApiError', async () => {
    const referral = await create()
    await admin.addFault({ operation: 'updateReferral', status: 412, times: 3 })
    const rounds: number[] = []
    const change = () => {
      rounds.push(rounds.length)
      return [{ op: 'replace' as const, path: '/name', value: 'never' }]
    }
    await assert.rejects(
      partner().update(referral.id, change, { maxAttempts: 2 }),
      (error: unknown) =>
        error instanceof ApiError && error.status === 412 && error.code === 'preconditionFailed',
    )
    assert.equal(rounds.length, 2)
    assert.equal((await partner().get(referral.id)).name, referral.name)
  })

  test('a change that changes nothing sends no PATCH', async () => {
    const referral = await create()
    const { fetch, sent } = recordingFetch()
    const same = await partner({ fetch }).update(referral.id, (current) => current)
    assert.equal(same.eTag, referral.eTag)
    assert.deepEqual(
      sent.map((s) => s.method),
      ['GET'],
    )
  })

  test('operations given where update() takes a change are refused before any request, naming patch()', async () => {
    const { fetch, sent } = recordingFetch()
    const operations = [{ op: 'replace', path: '/name', value: 'x' }]
    await assert.rejects(partner({ fetch }).update('any', operations as never), /patch\(id, operations\)/)
    assert.equal(sent.length, 0)
  })
})

describe('MS-CorrelationId', () => {
  test('each call sends a new one, the server echoes it, and an override is sent as given', async () => {
    const { fetch, sent } = recordingFetch()
    const http = new HttpClient({
      baseUrl,
      token: emulatorToken({ tid: tenantA, upn: 'j@p.example' }),
      fetch,
    })
    const first = await http.request('GET', '/v1.0/engagements/referrals')
    const second = await http.request('GET', '/v1.0/engagements/referrals')
    assert.notEqual(first.correlationId, second.correlationId)
    assert.match(first.correlationId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.equal(first.headers.get('ms-correlationid'), first.correlationId)
    const chosen = await http.request('GET', '/v1.0/engagements/referrals', { correlationId: 'trace-7' })
    assert.deepEqual(
      sent.map((s) => s.correlationId),
      [first.correlationId, second.correlationId, 'trace-7'],
    )
    assert.equal(chosen.headers.get('ms-correlationid'), 'trace-7')
  })

  test('the retries of one call keep its id, and its ApiError carries it', async () => {
    await admin.addFault({ operation: 'getReferral', status: 503, retryAfter: 0, times: 2 })
    const { fetch, sent } = recordingFetch()
    const error = await partner({ fetch })
      .get('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e)
    assert.ok(error instanceof ApiError)
    assert.equal(error.status, 404)
    assert.equal(sent.length, 3, 'two 503s, then the 404')
    assert.deepEqual(new Set(sent.map((s) => s.correlationId)), new Set([error.correlationId]))
    assert.ok(error.requestId)
  })
})

describe('retries against injected faults never come early', () => {
  for (const status of [429, 503] as const) {
    test(`a GET answered ${status} with Retry-After: 1 is sent again no sooner than a second later`, async () => {
      await admin.addFault({ operation: 'listReferrals', status, retryAfter: 1, times: 1 })
      const { fetch, sent } = recordingFetch()
      await partner({ fetch }).list()
      assert.equal(sent.length, 2)
      const waited = sent[1]!.sentAt - sent[0]!.answeredAt!
      assert.ok(waited >= 1000, `retried after ${waited.toFixed(0)} ms`)
    })
  }

  test('a create answered 503 is not sent again: the server may have acted', async () => {
    const [rule] = [
      await admin.addFault({ operation: 'createReferral', status: 503, retryAfter: 0, times: 1 }),
    ]
    await assert.rejects(create(), (error: unknown) => error instanceof ApiError && error.status === 503)
    const after = await admin.fault(rule.id)
    assert.equal(after.fired, 1)
  })
})

describe('all()', () => {
  test('walks every page of 1,050 referrals, each referral once, 100 a page', async () => {
    const seeded = await admin.seed({ organizationId: tenantB, referrals: 1050, seed: 2 })
    assert.equal(seeded.created, 1050)
    const { fetch, sent } = recordingFetch()
    const ids: string[] = []
    for await (const referral of partner({ fetch, tid: tenantB }).all()) ids.push(referral.id)
    assert.equal(ids.length, 1050)
    assert.equal(new Set(ids).size, 1050)
    assert.equal(sent.length, 11)
  })

  test('with a built $filter, pages hold only what it selects', async () => {
    const { fetch, sent } = recordingFetch()
    const active = partner({ fetch, tid: tenantB }).all({ $filter: filter.eq('status', 'Active') })
    let count = 0
    for await (const referral of active) {
      assert.equal(referral.status, 'Active')
      count++
    }
    const expected = (await partner({ tid: tenantB }).list({ $filter: "status eq 'Active'" }))['@odata.count']
    assert.equal(count, expected)
    assert.equal(sent.length, Math.max(1, Math.ceil(count / 100)))
  })
})

describe('channels and the activity history', () => {
  test('the channel option names the client in the change records; the CLI names itself cli', async () => {
    const token = emulatorToken({ tid: tenantA, upn: 'john@partner.example' })
    const dashboard = new ReferralsApi(new HttpClient({ baseUrl, token, channel: 'dashboard' }))
    const created = await dashboard.create(partnerLedCreate())
    const cli = new ReferralsApi(
      partnerClient({ url: baseUrl, tenant: tenantA, user: 'john@partner.example' }),
    )
    await cli.patch(created.id, [{ op: 'replace', path: '/details/notes', value: 'From the CLI.' }])
    const activities = new ActivitiesApi(new HttpClient({ baseUrl, token }))
    const first = await activities.ofReferral(created.id, { $top: 1 })
    const rest = await activities.next(first['@odata.nextLink']!)
    assert.deepEqual(
      [...first.value, ...rest.value].map((r) => [r.kind, r.channel]),
      [
        ['updated', 'cli'],
        ['created', 'dashboard'],
      ],
    )
    assert.equal(rest['@odata.nextLink'], undefined)
  })
})
