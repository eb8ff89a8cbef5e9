// The SDK's sync status calls against a real cosell server on 127.0.0.1: report() splits a large
// batch into requests within the server's limits and numbers refusals by the caller's own list,
// record() reads a referral's connections, records() pages (pages() and all() follow nextLink),
// summary() counts, and a malformed report rejects with an ApiError naming the field.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import {
  ApiError,
  HttpClient,
  ReferralsApi,
  SyncApi,
  emulatorToken,
  reportBatchLimits,
  type SyncReport,
} from '../../src/client/index.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantB } from '../support/tokens.js'
import { storeReferrals } from '../store/store-referrals.js'

let t: TestApp
let sync: SyncApi
let referrals: ReferralsApi
let requests = 0
before(async () => {
  t = await makeTestApp()
  t.app.addHook('onRequest', (request, _reply, done) => {
    if (request.url === '/_cosell/sync/reports') requests++
    done()
  })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  const http = new HttpClient({ baseUrl, token: emulatorToken({ tid: tenantB, upn: 'ann@b.example' }) })
  sync = new SyncApi(http)
  referrals = new ReferralsApi(http)
})
after(() => t.close())

const report = (referralId: string, overrides: Partial<SyncReport> = {}): SyncReport => ({
  connection: 'dynamics',
  connector: 'sql opportunities',
  referralId,
  crmId: `OPP-${referralId.slice(-4)}`,
  status: 'synced',
  lastSyncedAt: '2026-03-01T10:00:00Z',
  lastError: null,
  held: [],
  events: [
    { at: '2026-03-01T10:00:00Z', direction: 'toCrm', action: 'updated', fields: ['name'], message: null },
  ],
  ...overrides,
})

describe('client.sync', () => {
  test('report() sends 600 reports in two requests; refusals carry their place in the whole list', async () => {
    const many = storeReferrals(599, { from: 70_000 }).map((r) => ({ ...r, organizationId: tenantB }))
    await t.store.insertMany(many, { actor: 'test', channel: 'seed', requestId: null })
    const reports = many.map((r) => report(r.id))
    reports.splice(550, 0, report('00000000-0000-4000-8000-0000000000ff'))
    requests = 0
    const result = await sync.report(reports)
    assert.equal(requests, 2)
    assert.equal(result.accepted, 599)
    assert.deepEqual(
      result.refused.map((r) => [r.index, r.referralId, r.error.code]),
      [[550, '00000000-0000-4000-8000-0000000000ff', 'itemNotFound']],
    )
    assert.ok(reports.length > reportBatchLimits.reports)
  })

  test('record() answers each connection with its history; records() pages, and pages() and all() follow nextLink', async () => {
    const created = await referrals.create(partnerLedCreate())
    await sync.report([
      report(created.id, {
        status: 'error',
        lastError: { reason: 'unavailable', message: 'The CRM did not answer.' },
      }),
    ])
    const record = await sync.record(created.id)
    assert.equal(record.connections[0]?.status, 'error')
    assert.equal(record.connections[0]?.lastError?.reason, 'unavailable')
    assert.equal(record.connections[0]?.history.length, 1)

    const first = await sync.records({ $top: 250 })
    assert.equal(first.value.length, 250)
    assert.ok(first['@odata.nextLink'])
    const pages = []
    for await (const page of sync.pages({ $top: 250 })) pages.push(page.value.length)
    assert.deepEqual(pages, [250, 250, 100])
    const errors = []
    for await (const r of sync.all({ status: 'error' })) errors.push(r.referralId)
    assert.deepEqual(errors, [created.id])
  })

  test('summary() counts the records of each connection by status', async () => {
    const summary = await sync.summary()
    assert.deepEqual(
      summary.connections.map((c) => [c.connection, c.counts.synced, c.counts.error]),
      [['dynamics', 599, 1]],
    )
  })

  test('a malformed report rejects with an ApiError naming the field and the allowed values', async () => {
    const created = await referrals.create(partnerLedCreate())
    const error = await sync
      .report([report(created.id, { status: 'done' as never })])
      .then(() => assert.fail('a malformed report was accepted'))
      .catch((e: unknown) => e)
    assert.ok(error instanceof ApiError)
    assert.equal(error.status, 400)
    assert.equal(error.target, 'reports[0].status')
  })
})
