// The activity history (/_cosell/referrals/{id}/activities and /_cosell/activities): the change
// log of a referral and of an organisation, newest first, paged, filtered, and kept within the
// organisation.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ChangeRecord } from '../../src/domain/change/change-record.js'
import { ChangeLog } from '../../src/store/sqlite/change-log.js'
import { testCause } from '../support/change-cause.js'
import { createReferral, patchReferral, replace, send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'
import { storeReferrals } from '../store/store-referrals.js'

interface Page {
  value: ChangeRecord[]
  '@odata.nextLink'?: string
}

describe('activity history', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
  })
  after(() => t.close())

  const read = async (url: string, tid = tenantA, claims?: Record<string, unknown>) => {
    const res = await send(t.app, 'GET', url, { tid, ...(claims ? { headers: bearer(tid, claims) } : {}) })
    return {
      status: res.statusCode,
      body: res.json<Page & { error?: { target: string; message: string } }>(),
    }
  }
  const ok = async (url: string, tid = tenantA) => {
    const res = await read(url, tid)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    return res.body
  }
  /** Every record, following nextLink from `url`. */
  const all = async (url: string): Promise<{ records: ChangeRecord[]; pages: number }> => {
    const records: ChangeRecord[] = []
    let pages = 0
    for (let next: string | undefined = url; next; pages++) {
      const page = await ok(next)
      records.push(...page.value)
      next =
        page['@odata.nextLink'] &&
        new URL(page['@odata.nextLink']).pathname + new URL(page['@odata.nextLink']).search
    }
    return { records, pages }
  }

  async function historyOfThree() {
    const referral = await createReferral(t.app)
    for (const notes of ['First call done.', 'Demo booked.'])
      assert.equal(
        (await patchReferral(t.app, referral.id, [replace('/details/notes', notes)])).statusCode,
        204,
      )
    return referral
  }

  test("a referral's history: every change, newest first, with who, through what and what changed", async () => {
    const referral = await historyOfThree()
    const page = await ok(`/_cosell/referrals/${referral.id}/activities`)
    assert.deepEqual(
      page.value.map((r) => [r.kind, r.channel, r.actor, r.fields.map((f) => `${f.path}: ${String(f.to)}`)]),
      [
        ['updated', 'api', 'john@partner.example', ['details.notes: Demo booked.']],
        ['updated', 'api', 'john@partner.example', ['details.notes: First call done.']],
        ['created', 'api', 'john@partner.example', []],
      ],
    )
    assert.equal(page['@odata.nextLink'], undefined)
    assert.ok(page.value[0]!.seq > page.value[1]!.seq)
  })

  test('the dashboard, the CLI and the CRM sync name their channel with x-cosell-channel; any other value is api', async () => {
    const referral = await createReferral(t.app)
    for (const [channel, notes] of [
      ['dashboard', 'From the dashboard.'],
      [' CLI ', 'From the CLI.'],
      ['microsoft', 'Claims to be Microsoft.'],
      ['sync', 'From the CRM sync.'],
    ] as const) {
      const headers = { 'x-cosell-channel': channel }
      const res = await patchReferral(t.app, referral.id, [replace('/details/notes', notes)], headers)
      assert.equal(res.statusCode, 204, res.body)
    }
    const page = await ok(`/_cosell/referrals/${referral.id}/activities`)
    assert.deepEqual(
      page.value.map((r) => r.channel),
      ['sync', 'api', 'cli', 'dashboard', 'api'],
    )
  })

  test('$top pages through nextLink to the same records, and the filters narrow them', async () => {
    const referral = await historyOfThree()
    const url = `/_cosell/referrals/${referral.id}/activities`
    const whole = (await ok(url)).value
    const paged = await all(`${url}?$top=1`)
    assert.deepEqual(paged.records, whole)
    assert.equal(paged.pages, 3)
    assert.deepEqual((await ok(`${url}?channel=timeline`)).value, [])
    assert.equal((await ok(`${url}?actor=john@partner.example`)).value.length, 3)
    const created = whole.at(-1)!
    assert.deepEqual((await ok(`${url}?until=${encodeURIComponent(created.at)}`)).value, [])
    assert.equal((await ok(`${url}?since=${encodeURIComponent(created.at)}`)).value.length, 3)
    const feed = await ok(`/_cosell/activities?referralId=${referral.id}`)
    assert.deepEqual(feed.value, whole)
  })

  test("the organisation's feed holds its own changes only; another organisation's referral or history is not reachable", async () => {
    const mine = await createReferral(t.app)
    const theirs = await createReferral(t.app, undefined, tenantB)
    const feedA = (await all('/_cosell/activities')).records
    assert.ok(feedA.some((r) => r.referralId === mine.id))
    assert.ok(feedA.every((r) => r.organizationId === tenantA))
    assert.ok(!feedA.some((r) => r.referralId === theirs.id))
    const probe = await read(`/_cosell/referrals/${theirs.id}/activities`)
    assert.equal(probe.status, 404)
    assert.deepEqual((await ok(`/_cosell/activities?referralId=${theirs.id}`)).value, [])
  })

  test("a referral of Microsoft's, readable through the engagement, keeps its history to Microsoft (403)", async () => {
    const own = await createReferral(t.app)
    const invited = await send(t.app, 'POST', '/v1.0/engagements/referrals', {
      body: { engagementId: own.engagementId, target: [{ type: 'BusinessProfileLocation', id: 'msft' }] },
    })
    assert.equal(invited.statusCode, 200, invited.body)
    const res = await read(`/_cosell/referrals/${invited.json<{ id: string }>().id}/activities`)
    assert.equal(res.status, 403)
    assert.equal(res.body.error?.target, 'referral')
  })

  test("a Referral User reads the history of referrals whose team lists them, not the organisation's feed", async () => {
    const admin = await send(t.app, 'PUT', `/_cosell/organizations/${tenantA}/users/ruth@partner.example`, {
      body: { name: 'Ruth', role: 'Referral User' },
    })
    assert.equal(admin.statusCode, 200, admin.body)
    const onTeam = await createReferral(t.app, {
      ...(await import('../support/fixtures.js')).partnerLedCreate(),
      team: [
        { firstName: 'Ruth', lastName: 'R', email: 'ruth@partner.example', phoneNumber: '+1 425 555 0100' },
      ],
    })
    const ruth = { upn: 'ruth@partner.example' }
    assert.equal((await read(`/_cosell/referrals/${onTeam.id}/activities`, tenantA, ruth)).status, 200)
    const feed = await read('/_cosell/activities', tenantA, ruth)
    assert.equal(feed.status, 403)
    assert.equal(feed.body.error?.target, 'role')
  })

  test('bad queries answer 400 naming the parameter, the rule and the allowed values', async () => {
    const referral = await createReferral(t.app)
    for (const [query, target] of [
      ['$top=0', '$top'],
      ['$top=201', '$top'],
      ['channel=fax', 'channel'],
      ['since=yesterday', 'since'],
      ['$skiptoken=abc', '$skiptoken'],
      ['colour=red', 'colour'],
    ] as const) {
      const res = await read(`/_cosell/activities?${query}`)
      assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`)
      assert.equal(res.body.error?.target, target, query)
    }
    const channel = await read('/_cosell/activities?channel=fax')
    assert.match(channel.body.error!.message, /api/)
    const res = await read(`/_cosell/referrals/${referral.id}/activities?referralId=${referral.id}`)
    assert.equal(res.status, 400)
  })

  test('a page looks at a bounded number of records: a rare filter answers short pages with a nextLink until the log is read', async () => {
    const referrals = storeReferrals(ChangeLog.scanned + 10, {
      from: 900_000,
      edit: () => ({ organizationId: tenantA }),
    })
    await t.store.insertMany(referrals, testCause)
    const first = await ok('/_cosell/activities?actor=nobody@partner.example')
    assert.deepEqual(first.value, [])
    assert.ok(first['@odata.nextLink'], 'a short page says where to go on')
    const { records, pages } = await all('/_cosell/activities?actor=nobody@partner.example')
    assert.deepEqual(records, [])
    assert.ok(pages >= 2)
    const mine = await all(`/_cosell/activities?actor=${encodeURIComponent(testCause.actor)}&$top=200`)
    assert.equal(mine.records.length, referrals.length)
  })
})

function bearer(tid: string, claims: Record<string, unknown>): Record<string, string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return { authorization: `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part({ tid, ...claims })}.` }
}
