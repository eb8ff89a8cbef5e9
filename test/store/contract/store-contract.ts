// What every store must do, written once and run against each store (the embedded store and
// PostgreSQL): referrals and their conditional writes, lists through the query engine, the change
// feed and history, the directory, the sandbox's reset and snapshots, and the webhook outbox.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Referral } from '../../../src/domain/referral/schema.js'
import { parseQueryOptions, type ListPlan } from '../../../src/query/index.js'
import type { ListScope, ReferralStore } from '../../../src/store/referral-store.js'
import { testCause } from '../../support/change-cause.js'
import { context, tenant } from '../../query/sql-harness.js'
import { storeReferrals } from '../store-referrals.js'

export type OpenStore = () => Promise<ReferralStore>

function plan(options: Record<string, string>): ListPlan {
  const planned = parseQueryOptions(options, context)
  if (!planned.ok) throw new Error(`refused: ${JSON.stringify(options)}`)
  return planned.value
}

const edited = (r: Referral, changes: Partial<Referral>): Referral => ({ ...r, ...changes })

async function listAll(store: ReferralStore, options: Record<string, string>): Promise<string[]> {
  const ids: string[] = []
  let page = await store.list({ organizationId: tenant }, plan(options))
  ids.push(...page.referrals.map((r) => r.id))
  while (page.skipToken !== undefined) {
    page = await store.list({ organizationId: tenant }, plan({ ...options, $skiptoken: page.skipToken }))
    ids.push(...page.referrals.map((r) => r.id))
  }
  return ids
}

export function storeContract(name: string, open: OpenStore, skip?: string): void {
  const it = (title: string, body: (store: ReferralStore) => Promise<void>): void =>
    void test(title, { skip: skip ?? false }, async () => {
      const store = await open()
      try {
        await body(store)
      } finally {
        await store.close()
      }
    })

  describe(`store contract: ${name}`, () => {
    it('ping resolves while the store is open: what /readyz asks', async (store) => {
      await store.ping()
    })

    it('a referral reads back exactly as written, by its organisation only', async (store) => {
      const [r] = storeReferrals(1)
      await store.insert(r!, testCause)
      assert.deepEqual(await store.get(tenant, r!.id), JSON.parse(JSON.stringify({ ...r, links: null })))
      const stored = await store.getStored(tenant, r!.id)
      assert.equal(stored?.text, JSON.stringify({ ...r, links: null }))
      assert.equal(stored?.eTag, r!.eTag)
      assert.equal(await store.get('another-organization', r!.id), undefined)
      assert.equal((await store.find(r!.id))?.id, r!.id)
    })

    it('replace is conditional on the eTag read: written, stale or missing, and a stale one leaves no record', async (store) => {
      const [r] = storeReferrals(1)
      await store.insert(r!, testCause)
      const next = edited(r!, { name: 'renamed', eTag: 'etag-2' })
      assert.equal(await store.replace(next, r!, testCause), 'written')
      const before = await store.lastChange()
      assert.equal(await store.replace(edited(r!, { eTag: 'etag-3' }), r!, testCause), 'stale')
      assert.equal(await store.lastChange(), before)
      const ghost = edited(r!, { id: '00000000-0000-4000-8000-99999999999a' })
      assert.equal(await store.replace(ghost, ghost, testCause), 'missing')
      assert.equal((await store.get(tenant, r!.id))?.name, 'renamed')
    })

    it('a write stating a setting as read lands only while the setting still holds it, and otherwise leaves no trace', async (store) => {
      const key = 'contract-clock'
      const [r, s] = storeReferrals(2)
      const unsaved = { key, value: undefined }
      assert.equal(await store.insert(r!, testCause, unsaved), 'written')
      await store.saveSetting(key, { offsetMs: 5, frozenAtMs: null })
      const before = await store.lastChange()
      assert.equal(await store.insert(s!, testCause, unsaved), 'setting-moved')
      const renamed = edited(r!, { name: 'renamed', eTag: 'etag-2' })
      assert.equal(await store.replace(renamed, r!, testCause, unsaved), 'setting-moved')
      assert.equal(await store.lastChange(), before, 'no change record')
      assert.equal(await store.get(tenant, s!.id), undefined)
      assert.equal((await store.get(tenant, r!.id))?.name, r!.name)
      const asRead = { key, value: { offsetMs: 5, frozenAtMs: null } }
      assert.equal(await store.insert(s!, testCause, asRead), 'written')
      assert.equal(await store.replace(renamed, r!, testCause, asRead), 'written')
      assert.equal((await store.get(tenant, r!.id))?.name, 'renamed')
      assert.equal(await store.replace(edited(r!, { eTag: 'etag-3' }), r!, testCause, asRead), 'stale')
    })

    it('of concurrent replaces with one eTag exactly one is written', async (store) => {
      const [r] = storeReferrals(1)
      await store.insert(r!, testCause)
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.replace(edited(r!, { eTag: `etag-${i}` }), r!, testCause)),
      )
      assert.equal(outcomes.filter((o) => o === 'written').length, 1)
      assert.equal(outcomes.filter((o) => o === 'stale').length, 7)
    })

    it('lists page through every match in order, with the count of all', async (store) => {
      const referrals = storeReferrals(57)
      await store.insertMany(referrals, testCause)
      const page = await store.list({ organizationId: tenant }, plan({ $top: '10' }))
      assert.equal(page.count, 57)
      assert.equal(page.referrals.length, 10)
      const ids = await listAll(store, { $orderby: 'createdDateTime asc,id asc' })
      const expected = [...referrals]
        .sort((a, b) =>
          a.createdDateTime === b.createdDateTime
            ? a.id < b.id
              ? -1
              : 1
            : a.createdDateTime < b.createdDateTime
              ? -1
              : 1,
        )
        .map((r) => r.id)
      assert.deepEqual(ids, expected)
    })

    it('a filter on a team member email is answered exactly, before and after the team changes', async (store) => {
      const referrals = storeReferrals(6, {
        edit: (i) => ({ team: [{ email: i % 2 === 0 ? 'Even@Example.com' : 'odd@example.com' }] }),
      })
      await store.insertMany(referrals, testCause)
      const filter = { $filter: "team/any(t: t/email eq 'even@example.com')" }
      assert.equal((await listAll(store, filter)).length, 3)
      const first = referrals[1]!
      const moved = edited(first, {
        team: [{ email: 'even@example.com' }] as Referral['team'],
        eTag: 'moved',
      })
      assert.equal(await store.replace(moved, first, testCause), 'written')
      assert.equal((await listAll(store, filter)).length, 4)
    })

    it('the team lookup follows each write: team kept, changed, emptied, given again with repeats and gaps', async (store) => {
      const [created] = storeReferrals(1, {
        edit: () => ({ team: [{ email: 'A@example.com' }, { email: 'b@example.com' }] as Referral['team'] }),
      })
      await store.insert(created!, testCause)
      const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']
      const found = async () => {
        const holding: string[] = []
        for (const email of emails)
          if ((await listAll(store, { $filter: `team/any(t: t/email eq '${email}')` })).length > 0)
            holding.push(email)
        return holding
      }
      assert.deepEqual(await found(), ['a@example.com', 'b@example.com'])
      const steps: [Partial<Referral>, string[]][] = [
        [{ name: 'renamed' }, ['a@example.com', 'b@example.com']],
        [{ team: [{ email: 'c@example.com' }] as Referral['team'] }, ['c@example.com']],
        [{ team: [] }, []],
        [
          {
            team: [
              { email: null },
              { email: 'D@example.com' },
              { email: 'd@example.com' },
            ] as Referral['team'],
          },
          ['d@example.com'],
        ],
      ]
      let before = created!
      for (const [i, [edit, expected]] of steps.entries()) {
        const next = edited(before, { ...edit, eTag: `team-${i}` })
        assert.equal(await store.replace(next, before, testCause), 'written')
        assert.deepEqual(await found(), expected, `after step ${i}`)
        before = next
      }
    })

    it('an engagement’s referrals are read across organisations', async (store) => {
      const [mine] = storeReferrals(1)
      const theirs = {
        ...storeReferrals(1, { from: 1 })[0]!,
        organizationId: 'partner-b',
        engagementId: mine!.engagementId,
      }
      await store.insert(mine!, testCause)
      await store.insert(theirs, testCause)
      assert.deepEqual(
        (await store.inEngagement(mine!.engagementId)).map((r) => r.id).sort(),
        [mine!.id, theirs.id].sort(),
      )
      assert.deepEqual(
        (await store.engagementOrganizations(mine!.engagementId)).sort(),
        ['partner-b', tenant].sort(),
      )
      assert.equal(await store.participates('partner-b', mine!.engagementId), true)
      assert.equal(await store.participates('partner-c', mine!.engagementId), false)
      const page = await store.list({ engagementId: mine!.engagementId }, plan({}))
      assert.equal(page.count, 2)
    })

    it('a team member filter answers within the list’s scope: the organisation, or the whole engagement', async (store) => {
      const member = { team: [{ email: 'shared@example.com' }] as Referral['team'] }
      const [mine, other] = storeReferrals(2, { edit: () => member })
      const theirs = {
        ...storeReferrals(1, { from: 2, edit: () => member })[0]!,
        organizationId: 'partner-b',
        engagementId: mine!.engagementId,
      }
      await store.insertMany([mine!, other!, theirs], testCause)
      const filter = plan({ $filter: "team/any(t: t/email eq 'SHARED@example.com')" })
      const ids = async (scope: ListScope) =>
        (await store.list(scope, filter)).referrals.map((r) => r.id).sort()
      assert.deepEqual(await ids({ organizationId: tenant }), [mine!.id, other!.id].sort())
      assert.deepEqual(await ids({ organizationId: 'partner-b' }), [theirs.id])
      assert.deepEqual(await ids({ engagementId: mine!.engagementId }), [mine!.id, theirs.id].sort())
      const none = plan({ $filter: "not team/any(t: t/email eq 'shared@example.com')" })
      assert.equal((await store.list({ engagementId: mine!.engagementId }, none)).count, 0)
    })

    it('every write leaves one change record, in order, with the fields it changed', async (store) => {
      const [r] = storeReferrals(1)
      const start = await store.lastChange()
      let heard = 0
      const stop = store.onCommitted(() => heard++)
      await store.insert(r!, testCause)
      await store.replace(edited(r!, { name: 'second', eTag: 'e2' }), r!, testCause)
      const records = await store.changesAfter(start, 10)
      assert.deepEqual(
        records.map((c) => c.kind),
        ['created', 'updated'],
      )
      assert.ok(records[0]!.seq < records[1]!.seq)
      assert.deepEqual(
        records[1]!.fields.find((f) => f.path === 'name'),
        { path: 'name', from: r!.name, to: 'second' },
      )
      assert.equal(await store.lastChange(), records[1]!.seq)
      const history = await store.activities(tenant, { referralId: r!.id, limit: 10 })
      assert.deepEqual(
        history.records.map((c) => c.kind),
        ['updated', 'created'],
      )
      await new Promise((resolve) => setImmediate(resolve))
      assert.equal(heard, 2)
      stop()
    })

    it('a bulk insert larger than one statement stores every referral, its team and its created record', async (store) => {
      const count = 2_345 // PostgreSQL writes a bulk insert 1,000 rows a statement
      const referrals = storeReferrals(count, {
        edit: (i) => ({ team: [{ email: i % 7 === 0 ? 'bulk@example.com' : `m${i}@example.com` }] }),
      })
      const start = await store.lastChange()
      await store.insertMany(referrals, testCause)
      assert.equal((await store.list({ organizationId: tenant }, plan({ $top: '1' }))).count, count)
      const team = plan({ $filter: "team/any(t: t/email eq 'bulk@example.com')", $top: '1' })
      assert.equal((await store.list({ organizationId: tenant }, team)).count, Math.ceil(count / 7))
      const records = await store.changesAfter(start, count + 1)
      assert.deepEqual(
        records.map((c) => [c.kind, c.referralId]),
        referrals.map((r) => ['created', r.id]),
      )
      for (const r of [referrals[0]!, referrals[1_000]!, referrals[count - 1]!]) {
        const history = await store.activities(tenant, { referralId: r.id, limit: 10 })
        assert.deepEqual(
          history.records.map((c) => [c.kind, c.referralId]),
          [['created', r.id]],
        )
      }
    })

    it('the directory keeps organisations, users and settings; a verified domain has one owner', async (store) => {
      const org = await store.organization('org-a', () => ({
        name: 'A',
        mpnId: '1',
        createdDateTime: '2026-01-01T00:00:00.0000000Z',
      }))
      assert.equal(org.name, 'A')
      await store.saveOrganization({ ...org, domains: ['a.example'] })
      assert.equal(await store.organizationOfDomain('A.example'), 'org-a')
      const b = await store.organization('org-b', () => ({
        name: 'B',
        mpnId: '2',
        createdDateTime: '2026-01-02T00:00:00.0000000Z',
      }))
      await assert.rejects(store.saveOrganization({ ...b, domains: ['a.example'] }))
      await store.saveUser({
        organizationId: 'org-a',
        email: 'Jo@A.example',
        name: 'Jo',
        role: 'ReferralsAdmin',
        createdDateTime: org.createdDateTime,
      } as never)
      assert.equal((await store.getUser('org-a', 'jo@a.example'))?.name, 'Jo')
      assert.deepEqual(await store.organizationsListingUser('JO@a.example'), ['org-a'])
      assert.equal(await store.deleteUser('org-a', 'jo@a.example'), true)
      assert.equal(await store.deleteUser('org-a', 'jo@a.example'), false)
      await store.saveSetting('policy', { mode: 'scripted', seed: 4 })
      assert.deepEqual(await store.setting('policy'), { mode: 'scripted', seed: 4 })
      assert.equal(await store.setting('never'), undefined)
    })

    it('a snapshot restores the referrals, directory and history it saved; a reset empties them but never reuses a seq', async (store) => {
      const referrals = storeReferrals(5)
      await store.insertMany(referrals, testCause)
      await store.organization('org-a', () => ({
        name: 'A',
        mpnId: '1',
        createdDateTime: '2026-01-01T00:00:00.0000000Z',
      }))
      const saved = await store.saveSnapshot('five', '2026-03-01T00:00:00.0000000Z', {
        frozen: false,
      } as never)
      assert.equal(saved.counts.referrals, 5)
      await store.insertMany(storeReferrals(2, { from: 10 }), testCause)
      const last = await store.lastChange()
      const reset = await store.reset()
      assert.equal(reset.referrals, 7)
      assert.equal((await store.list({ organizationId: tenant }, plan({}))).count, 0)
      assert.equal(await store.lastChange(), last)
      const restored = await store.restoreSnapshot('five', () => ({ offsetMs: 0 }) as never)
      assert.equal(restored?.name, 'five')
      assert.equal((await store.list({ organizationId: tenant }, plan({}))).count, 5)
      assert.equal((await store.getOrganization('org-a'))?.name, 'A')
      assert.deepEqual(
        (await store.listSnapshots()).map((s) => s.name),
        ['five'],
      )
      assert.equal(await store.deleteSnapshot('five'), true)
      assert.equal(await store.restoreSnapshot('five', () => ({}) as never), undefined)
    })

    it('referrals due for expiry are the incoming New ones whose time has come, oldest first', async (store) => {
      const referrals = storeReferrals(4, {
        edit: (i) => ({
          direction: 'Incoming',
          status: i === 3 ? 'Active' : 'New',
          expirationDateTime: `2026-03-0${i + 1}T00:00:00.0000000Z`,
        }),
      })
      await store.insertMany(referrals, testCause)
      const due = await store.dueForExpiry('2026-03-03T00:00:00.0000000Z', 10)
      assert.deepEqual(
        due.map((r) => r.id),
        referrals.slice(0, 3).map((r) => r.id),
      )
    })

    it('webhook registrations and the outbox: one registration a tenant, deliveries in line per referral', async (store) => {
      const hooks = store.webhooks
      const registration = {
        subscriberId: tenant,
        webhookUrl: 'https://127.0.0.1:9/hook',
        webhookEvents: ['referral-created' as const],
        msSignatureHeader: false,
        lastModified: '2026-03-01T00:00:00.0000000Z',
      }
      assert.equal(await hooks.createRegistration(registration), 'created')
      assert.equal(await hooks.createRegistration(registration), 'exists')
      const delivery = (id: string, at: number) => ({
        id,
        subscriberId: tenant,
        eventName: 'referral-created' as const,
        referralId: 'ref-1',
        body: '{}',
        createdAt: '2026-03-01T00:00:00.0000000Z',
        nextAttemptMs: at,
      })
      await hooks.queueDeliveries([delivery('d1', 100), delivery('d2', 50)], 7)
      assert.equal(await hooks.dispatchPosition(), 7)
      assert.deepEqual(
        (await hooks.dueDeliveries(1_000, 10)).map((d) => d.id),
        ['d1'],
      ) // d2 waits behind d1
      await hooks.recordAttempt({
        id: 'd1',
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptMs: null,
        deliveredAt: 'now',
      })
      assert.deepEqual(
        (await hooks.dueDeliveries(1_000, 10)).map((d) => d.id),
        ['d2'],
      )
      assert.equal(await hooks.nextDueMs([]), 50)
      assert.equal(await hooks.requeue('d1', 5), true)
      assert.equal((await hooks.delivery('d1'))?.status, 'pending')
      assert.equal(await hooks.deleteRegistration(tenant, 'gone'), true)
      assert.deepEqual(
        (await hooks.deliveries({ subscriberId: tenant, limit: 10 })).map((d) => d.status),
        ['dead', 'dead'],
      )
    })
  })
}
