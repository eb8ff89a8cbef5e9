// Sync status (/_cosell/sync/…): a CRM sync engine reports each referral's status, and whoever may
// read the referral reads it back; the organisation's records and their summary are for Referral
// Admins. Reports on another organisation's referral are refused one by one; a malformed body is
// refused whole, naming every bad field.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { SyncReport } from '../../src/domain/sync-status/sync-report.js'
import type {
  SyncListedRecord,
  SyncRecord,
  SyncReportResult,
  SyncSummary,
} from '../../src/domain/sync-status/sync-record.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { createReferral, send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'

const reportsUrl = '/_cosell/sync/reports'
const recordUrl = (id: string) => `/_cosell/sync/records/${id}`

function report(referralId: string, overrides: Partial<SyncReport> = {}): SyncReport {
  return {
    connection: 'dynamics',
    connector: 'sql opportunities',
    referralId,
    crmId: 'OPP-1',
    status: 'synced',
    lastSyncedAt: '2026-03-01T10:00:00Z',
    lastError: null,
    held: [],
    events: [
      { at: '2026-03-01T09:59:00Z', direction: 'toCrm', action: 'created', fields: ['name'], message: null },
    ],
    ...overrides,
  }
}

interface Page {
  value: SyncListedRecord[]
  '@odata.nextLink'?: string
}

describe('sync status', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
  })
  after(() => t.close())

  const post = (reports: unknown, tid = tenantA, headers?: Record<string, string>) =>
    send(t.app, 'POST', reportsUrl, { body: { reports }, tid, ...(headers ? { headers } : {}) })
  const get = (url: string, tid = tenantA, headers?: Record<string, string>) =>
    send(t.app, 'GET', url, { tid, ...(headers ? { headers } : {}) })
  const accepted = async (reports: unknown[]) => {
    const res = await post(reports)
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.headers['x-cosell-extension'], 'sync')
    return res.json<SyncReportResult>()
  }
  const recordOf = async (id: string) => {
    const res = await get(recordUrl(id))
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.headers['x-cosell-extension'], 'sync')
    return res.json<SyncRecord>()
  }

  test('a report is kept per referral and connection and read back with its history, newest first', async () => {
    const referral = await createReferral(t.app)
    assert.deepEqual(await accepted([report(referral.id)]), { accepted: 1, refused: [] })
    const held = {
      field: 'estimatedvalue',
      referralPath: 'details.dealValue',
      toSide: 'crm' as const,
      value: { amount: 5, currency: 'EUR' },
      reason: 'the CRM changed it too',
      since: '2026-03-01T11:00:00+01:00',
    }
    await accepted([
      report(referral.id, {
        status: 'held',
        held: [held],
        lastError: { reason: 'conflict', message: 'Both sides changed the deal value.' },
        events: [
          {
            at: '2026-03-01T10:30:00Z',
            direction: 'none',
            action: 'held',
            fields: ['details.dealValue'],
            message: 'held',
          },
        ],
      }),
      report(referral.id, {
        connection: 'salesforce',
        connector: 'rest',
        crmId: null,
        status: 'pending',
        events: [],
      }),
    ])
    const record = await recordOf(referral.id.toUpperCase())
    assert.equal(record.referralId, referral.id)
    assert.deepEqual(
      record.connections.map((c) => [c.connection, c.connector, c.crmId, c.status]),
      [
        ['dynamics', 'sql opportunities', 'OPP-1', 'held'],
        ['salesforce', 'rest', null, 'pending'],
      ],
    )
    const dynamics = record.connections[0]!
    assert.deepEqual(dynamics.held, [{ ...held, since: '2026-03-01T10:00:00.0000000Z' }])
    assert.deepEqual(Object.keys(dynamics.held[0]!.value as object), ['amount', 'currency'])
    assert.deepEqual(dynamics.lastError, {
      reason: 'conflict',
      message: 'Both sides changed the deal value.',
    })
    assert.equal(dynamics.lastSyncedAt, '2026-03-01T10:00:00.0000000Z')
    assert.deepEqual(
      dynamics.history.map((e) => [e.at, e.action]),
      [
        ['2026-03-01T10:30:00.0000000Z', 'held'],
        ['2026-03-01T09:59:00.0000000Z', 'created'],
      ],
    )
    assert.match(dynamics.reportedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/)
  })

  test('the history keeps the last 100 events, the oldest dropped', async () => {
    const referral = await createReferral(t.app)
    const event = (n: number) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
      direction: 'toReferral' as const,
      action: 'updated' as const,
      fields: [`field${n}`],
      message: `event ${n}`,
    })
    for (let round = 0; round < 3; round++)
      await accepted([
        report(referral.id, { events: Array.from({ length: 60 }, (_, i) => event(round * 60 + i)) }),
      ])
    const history = (await recordOf(referral.id)).connections[0]!.history
    assert.equal(history.length, 100)
    assert.equal(history[0]!.message, 'event 179')
    assert.equal(history.at(-1)!.message, 'event 80')
  })

  test('a referral nobody reported on has no connections; an unknown or invisible referral answers 404', async () => {
    const referral = await createReferral(t.app)
    assert.deepEqual(await recordOf(referral.id), { referralId: referral.id, connections: [] })
    assert.equal((await get(recordUrl('00000000-0000-4000-8000-00000000dead'))).statusCode, 404)
    assert.equal((await get(recordUrl(referral.id), tenantB)).statusCode, 404)
  })

  test("reports on another organisation's or an unknown referral are refused one by one; the others are kept", async () => {
    const mine = await createReferral(t.app)
    const theirs = await createReferral(t.app, undefined, tenantB)
    const result = await accepted([
      report(theirs.id),
      report(mine.id, { crmId: 'OPP-9' }),
      report('00000000-0000-4000-8000-00000000beef'),
    ])
    assert.equal(result.accepted, 1)
    assert.deepEqual(
      result.refused.map((r) => [r.index, r.referralId, r.error.code]),
      [
        [0, theirs.id, 'itemNotFound'],
        [2, '00000000-0000-4000-8000-00000000beef', 'itemNotFound'],
      ],
    )
    assert.equal((await recordOf(mine.id)).connections[0]!.crmId, 'OPP-9')
    const seen = await send(t.app, 'GET', recordUrl(theirs.id), { tid: tenantB })
    assert.deepEqual(seen.json<SyncRecord>().connections, [])
  })

  test('a malformed body answers 400 naming every bad field, the rule and the allowed values; nothing is kept', async () => {
    const referral = await createReferral(t.app)
    const res = await post([
      report(referral.id, {
        connection: 'has space',
        status: 'fine' as never,
        lastSyncedAt: 'yesterday',
        events: [
          {
            at: '2026-03-01T00:00:00Z',
            direction: 'up',
            action: 'created',
            fields: [],
            message: null,
          } as never,
        ],
      }),
      { ...report(referral.id), colour: 'red', held: [{ field: 'x' }] },
    ])
    assert.equal(res.statusCode, 400, res.body)
    const details = res.json<{
      error: { innerError: { details: { target: string; code: string; allowedValues?: string[] }[] } }
    }>().error.innerError.details
    const byTarget = new Map(details.map((d) => [d.target, d]))
    for (const target of [
      'reports[0].connection',
      'reports[0].status',
      'reports[0].lastSyncedAt',
      'reports[0].events[0].direction',
      'reports[1].colour',
      'reports[1].held[0].since',
      'reports[1].held[0].reason',
    ])
      assert.ok(byTarget.has(target), `${target} in ${JSON.stringify(details)}`)
    assert.deepEqual(byTarget.get('reports[0].status')!.allowedValues, [
      'synced',
      'pending',
      'held',
      'conflict',
      'error',
    ])
    assert.equal(byTarget.get('reports[1].colour')!.code, 'unknown')
    assert.deepEqual((await recordOf(referral.id)).connections, [])
    for (const body of [
      { reports: [] },
      {},
      { reports: Array.from({ length: 501 }, () => report(referral.id, { events: [] })) },
    ]) {
      const refused = await send(t.app, 'POST', reportsUrl, { body })
      assert.equal(refused.statusCode, 400, JSON.stringify(body).slice(0, 80))
      assert.match(refused.json<{ error: { target: string } }>().error.target, /^reports/)
    }
  })

  test("a Referral User reads a listed referral's status but may not report, list or summarise", async () => {
    const ruthUser = await send(
      t.app,
      'PUT',
      `/_cosell/organizations/${tenantA}/users/ruth@partner.example`,
      {
        body: { name: 'Ruth', role: 'Referral User' },
      },
    )
    assert.equal(ruthUser.statusCode, 200, ruthUser.body)
    const onTeam = await createReferral(t.app, {
      ...partnerLedCreate(),
      team: [
        { firstName: 'Ruth', lastName: 'R', email: 'ruth@partner.example', phoneNumber: '+1 425 555 0100' },
      ],
    })
    const other = await createReferral(t.app)
    await accepted([report(onTeam.id), report(other.id)])
    const ruth = authHeader(tenantA, { upn: 'ruth@partner.example' })
    assert.equal((await get(recordUrl(onTeam.id), tenantA, ruth)).json<SyncRecord>().connections.length, 1)
    assert.equal((await get(recordUrl(other.id), tenantA, ruth)).statusCode, 404)
    for (const res of [
      await post([report(onTeam.id)], tenantA, ruth),
      await get('/_cosell/sync/records', tenantA, ruth),
      await get('/_cosell/sync/summary', tenantA, ruth),
    ]) {
      assert.equal(res.statusCode, 403, res.body)
      assert.equal(res.json<{ error: { target: string } }>().error.target, 'role')
    }
  })

  test("a referral of Microsoft's, readable through the engagement, keeps its sync status to Microsoft (403)", async () => {
    const own = await createReferral(t.app)
    const invited = await send(t.app, 'POST', '/v1.0/engagements/referrals', {
      body: { engagementId: own.engagementId, target: [{ type: 'BusinessProfileLocation', id: 'msft' }] },
    })
    assert.equal(invited.statusCode, 200, invited.body)
    const res = await get(recordUrl(invited.json<{ id: string }>().id))
    assert.equal(res.statusCode, 403)
  })

  describe("the organisation's records and summary", () => {
    let app: TestApp
    const ids: string[] = []
    before(async () => {
      app = await makeTestApp()
      for (let i = 0; i < 5; i++) ids.push((await createReferral(app.app, undefined, tenantB)).id)
      ids.sort()
      const statuses = ['synced', 'error', 'synced', 'held', 'pending'] as const
      const res = await send(app.app, 'POST', reportsUrl, {
        tid: tenantB,
        body: {
          reports: [
            ...ids.map((id, i) => report(id, { status: statuses[i]!, events: [] })),
            report(ids[0]!, { connection: 'hubspot', connector: 'rest', status: 'conflict', events: [] }),
          ],
        },
      })
      assert.equal(res.statusCode, 200, res.body)
    })
    after(() => app.close())
    const read = async (url: string) => {
      const res = await send(app.app, 'GET', url, { tid: tenantB })
      assert.equal(res.statusCode, 200, res.body)
      return res
    }

    test('records page through nextLink in (referral, connection) order, without history, filtered by status and connection', async () => {
      const seen: SyncListedRecord[] = []
      let pages = 0
      for (let url: string | undefined = '/_cosell/sync/records?$top=2'; url; pages++) {
        const page: Page = (await read(url)).json<Page>()
        seen.push(...page.value)
        url =
          page['@odata.nextLink'] &&
          new URL(page['@odata.nextLink']).pathname + new URL(page['@odata.nextLink']).search
      }
      assert.equal(pages, 3)
      assert.deepEqual(
        seen.map((r) => [r.referralId, r.connection]),
        [[ids[0], 'dynamics'], [ids[0], 'hubspot'], ...ids.slice(1).map((id) => [id, 'dynamics'])],
      )
      assert.ok(seen.every((r) => !('history' in r)))
      const synced = (await read('/_cosell/sync/records?status=synced')).json<Page>().value
      assert.deepEqual(
        synced.map((r) => r.referralId),
        [ids[0], ids[2]],
      )
      const hubspot = (await read('/_cosell/sync/records?connection=hubspot')).json<Page>().value
      assert.deepEqual(
        hubspot.map((r) => r.status),
        ['conflict'],
      )
      assert.deepEqual(
        (await send(t.app, 'GET', '/_cosell/sync/records')).json<Page>().value.length > 0,
        true,
      )
      assert.ok(
        (await send(t.app, 'GET', '/_cosell/sync/records?$top=500'))
          .json<Page>()
          .value.every((r) => !ids.includes(r.referralId)),
        "another organisation's records stay its own",
      )
    })

    test('unknown or bad parameters answer 400 naming them', async () => {
      for (const [query, target] of [
        ['colour=red', 'colour'],
        ['status=fine', 'status'],
        ['$top=0', '$top'],
        ['$top=501', '$top'],
        ['connection=a%20b', 'connection'],
        ['$skiptoken=nonsense', '$skiptoken'],
      ] as const) {
        const res = await send(app.app, 'GET', `/_cosell/sync/records?${query}`, { tid: tenantB })
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`)
        assert.equal(res.json<{ error: { target: string } }>().error.target, target, query)
      }
    })

    test('the summary counts each connection’s records by status', async () => {
      const summary = (await read('/_cosell/sync/summary')).json<SyncSummary>()
      assert.deepEqual(
        summary.connections.map((c) => [c.connection, c.connector, c.counts]),
        [
          ['dynamics', 'sql opportunities', { synced: 2, pending: 1, held: 1, conflict: 0, error: 1 }],
          ['hubspot', 'rest', { synced: 0, pending: 0, held: 0, conflict: 1, error: 0 }],
        ],
      )
      assert.ok(summary.connections.every((c) => /Z$/.test(c.lastReportAt)))
      assert.deepEqual(
        (await send(t.app, 'GET', '/_cosell/sync/summary', { tid: tenantB })).json<SyncSummary>(),
        {
          connections: [],
        },
      )
    })
  })

  test('a reset empties the records; a snapshot saves and restores them with the referrals', async () => {
    const app = await makeTestApp()
    try {
      const referral = await createReferral(app.app)
      const posted = await send(app.app, 'POST', reportsUrl, { body: { reports: [report(referral.id)] } })
      assert.equal(posted.statusCode, 200, posted.body)
      const saved = await app.app.inject({ method: 'PUT', url: '/_cosell/snapshots/with-sync' })
      assert.equal(saved.statusCode, 200, saved.body)
      assert.equal(saved.json<{ counts: { syncRecords: number } }>().counts.syncRecords, 1)
      const reset = await app.app.inject({ method: 'POST', url: '/_cosell/reset' })
      assert.equal(reset.statusCode, 200, reset.body)
      assert.equal(reset.json<{ removed: { syncRecords: number } }>().removed.syncRecords, 1)
      assert.equal(await app.store.syncStatus.connections(tenantA, referral.id).then((c) => c.length), 0)
      const restored = await app.app.inject({ method: 'POST', url: '/_cosell/snapshots/with-sync/restore' })
      assert.equal(restored.statusCode, 200, restored.body)
      const record = (await send(app.app, 'GET', recordUrl(referral.id))).json<SyncRecord>()
      assert.equal(record.connections[0]?.crmId, 'OPP-1')
    } finally {
      await app.close()
    }
  })
})
