// The change record written with every referral write (docs/changes.md): one record
// per committed write, in the same transaction, naming who, through what and which request;
// none for a write that did not commit.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ChangeRecord } from '../../src/domain/change/change-record.js'
import type { Referral } from '../../src/domain/referral/schema.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { testCause } from '../support/change-cause.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'

const api = '/v1.0/engagements/referrals'

/** A referral's records, oldest first. */
async function history(t: TestApp, referral: Referral): Promise<ChangeRecord[]> {
  const page = await t.store.activities(referral.organizationId, { referralId: referral.id, limit: 200 })
  return page.records.reverse()
}

describe('change records', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
  })
  after(() => t.close())

  const newRecords = async (since: number): Promise<ChangeRecord[]> => t.store.changesAfter(since, 100)

  const create = async (tid = tenantA) => {
    const response = await t.app.inject({
      method: 'POST',
      url: api,
      headers: authHeader(tid),
      payload: partnerLedCreate(),
    })
    assert.equal(response.statusCode, 200, response.body)
    return { referral: response.json<Referral>(), requestId: String(response.headers['request-id']) }
  }

  test("a partner's create and PATCH each write one record naming the user, the channel and the request", async () => {
    const start = await t.store.lastChange()
    const { referral, requestId } = await create()
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `${api}/${referral.id}`,
      headers: { ...authHeader(tenantA), 'if-match': referral.eTag },
      payload: [{ op: 'replace', path: '/details/dealValue', value: 12345 }],
    })
    assert.equal(patched.statusCode, 204, patched.body)
    const records = await newRecords(start)
    assert.equal(records.length, 2)
    const [created, updated] = records as [ChangeRecord, ChangeRecord]
    assert.deepEqual(
      { ...created, seq: 0 },
      {
        seq: 0,
        kind: 'created',
        referralId: referral.id,
        organizationId: tenantA,
        engagementId: referral.engagementId,
        at: referral.createdDateTime,
        eTag: referral.eTag,
        actor: 'john@partner.example',
        channel: 'api',
        requestId,
        fields: [],
      },
    )
    assert.equal(updated.kind, 'updated')
    assert.equal(updated.requestId, patched.headers['request-id'])
    assert.equal(updated.eTag, patched.headers.etag)
    assert.deepEqual(updated.fields, [
      { path: 'details.dealValue', from: referral.details.dealValue, to: 12345 },
    ])
    assert.ok(updated.seq > created.seq)
    assert.deepEqual(await history(t, referral), [created, updated])
  })

  test('a PATCH that changes nothing and a PATCH refused (412, 400) write no record', async () => {
    const { referral } = await create()
    const start = await t.store.lastChange()
    const send = (ifMatch: string, value: unknown) =>
      t.app.inject({
        method: 'PATCH',
        url: `${api}/${referral.id}`,
        headers: { ...authHeader(tenantA), 'if-match': ifMatch },
        payload: [{ op: 'replace', path: '/details/dealValue', value }],
      })
    assert.equal((await send(referral.eTag, referral.details.dealValue)).statusCode, 204)
    assert.equal((await send('"stale"', 1)).statusCode, 412)
    assert.equal((await send(referral.eTag, 'not a number')).statusCode, 400)
    assert.deepEqual(await newRecords(start), [])
  })

  test("Microsoft's accept through the admin API is recorded as Microsoft's, with the MSX id it gives every referral of the engagement", async () => {
    const { referral } = await create()
    const invited = await t.app.inject({
      method: 'POST',
      url: api,
      headers: authHeader(tenantA),
      payload: {
        engagementId: referral.engagementId,
        target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
        inviteContext: { notes: 'Please help', assistanceRequestCode: 'ProofOfConceptOrDemo' },
      },
    })
    assert.equal(invited.statusCode, 200, invited.body)
    const microsoftReferral = invited.json<Referral>()
    const start = await t.store.lastChange()
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/_cosell/microsoft/referrals/${microsoftReferral.id}/accept`,
      payload: {},
    })
    assert.equal(accepted.statusCode, 200, accepted.body)
    const records = await newRecords(start)
    assert.ok(records.length >= 2, JSON.stringify(records))
    for (const r of records) {
      assert.equal(r.channel, 'microsoft')
      assert.equal(r.requestId, accepted.headers['request-id'])
      assert.equal(r.engagementId, referral.engagementId)
    }
    const ownRecord = records.find((r) => r.referralId === referral.id)
    assert.ok(ownRecord, "the partner's referral got the MSX id")
    assert.deepEqual(
      ownRecord.fields.map((f) => f.path),
      ['trackingInfo.microsoftMsxId'],
    )
  })

  test('an expiry the clock makes due is recorded by the timeline at its due time, not at the end of the jump', async () => {
    await t.app.inject({ method: 'GET', url: api, headers: authHeader(tenantB) }) // signs tenant B in
    const sent = await t.app.inject({
      method: 'POST',
      url: '/_cosell/microsoft/leads',
      payload: { organizationId: tenantB, kind: 'qualifiedLead', referral: partnerLedCreate() },
    })
    assert.equal(sent.statusCode, 200, sent.body)
    const lead = sent.json<{ referral: Referral }>().referral
    const start = await t.store.lastChange()
    const moved = await t.app.inject({ method: 'POST', url: '/_cosell/clock', payload: { advance: 'P40D' } })
    assert.equal(moved.statusCode, 200, moved.body)
    const expiry = (await newRecords(start)).find((r) => r.referralId === lead.id)
    assert.ok(expiry, 'the expiry was recorded')
    assert.equal(expiry.channel, 'timeline')
    assert.equal(expiry.actor, 'expiry')
    assert.equal(expiry.requestId, null)
    assert.equal(expiry.at, lead.expirationDateTime)
    assert.deepEqual(
      expiry.fields.filter((f) => f.path === 'status' || f.path === 'substatus'),
      [
        { path: 'status', from: 'New', to: 'Closed' },
        { path: 'substatus', from: 'Pending', to: 'Expired' },
      ],
    )
  })

  test('a stale replace writes no record; a listener hears of a commit that wrote one', async () => {
    const { referral } = await create()
    const start = await t.store.lastChange()
    let heard = 0
    const stop = t.store.onCommitted(() => heard++)
    try {
      const stale = { ...referral, eTag: '"next"' }
      assert.equal(await t.store.replace(stale, { ...referral, eTag: '"other"' }, testCause), 'stale')
      await new Promise((resolve) => setImmediate(resolve))
      assert.equal(heard, 0)
      assert.equal(await t.store.replace({ ...stale, name: 'renamed' }, referral, testCause), 'written')
      await new Promise((resolve) => setImmediate(resolve))
      assert.equal(heard, 1)
    } finally {
      stop()
    }
    const records = await newRecords(start)
    assert.deepEqual(
      records.map((r) => [r.kind, r.actor, r.fields.map((f) => f.path)]),
      [['updated', testCause.actor, ['name']]],
    )
  })

  test("a snapshot carries the log: a restore brings back each referral's history as it was, a reset empties it, and seq never goes back", async () => {
    const { referral } = await create()
    const saved = await t.app.inject({ method: 'PUT', url: '/_cosell/snapshots/history' })
    assert.equal(saved.statusCode, 200, saved.body)
    const savedHistory = await history(t, referral)
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `${api}/${referral.id}`,
      headers: authHeader(tenantA),
      payload: [{ op: 'replace', path: '/name', value: 'after the snapshot' }],
    })
    assert.equal(patched.statusCode, 204, patched.body)
    const before = await t.store.lastChange()
    const restored = await t.app.inject({ method: 'POST', url: '/_cosell/snapshots/history/restore' })
    assert.equal(restored.statusCode, 200, restored.body)
    assert.deepEqual(await history(t, referral), savedHistory)
    assert.equal(
      await t.store.changesAfter(before, 10).then((r) => r.length),
      0,
      'a restore is no new change',
    )
    assert.equal((await t.app.inject({ method: 'POST', url: '/_cosell/reset' })).statusCode, 200)
    assert.deepEqual(await t.store.changesAfter(0, 10), [])
    const next = await create()
    const [record] = await history(t, next.referral)
    assert.ok(record && record.seq > before, 'seq goes on rising after a reset')
  })
})
