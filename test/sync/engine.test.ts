// The sync engine against a real cosell server and a CRM in memory: first sync both ways, changes
// one way and the other, each conflict policy, a change held while the referral is closed, an
// ETag conflict met mid-write, and a sync that dies between a create and its record.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import type { JsonPatchOperation, Referral } from '../../src/client/index.js'
import type { ReferralSide } from '../../src/sync/referral-side.js'
import type { Settlement, SyncState, WorkItem } from '../../src/sync/state/sync-state.js'
import { syncRig, type SyncRig } from './support/sync-rig.js'

const replace = (path: string, value: unknown): JsonPatchOperation => ({ op: 'replace', path, value })

/** The Referrals side, counting the PATCH requests the sync sends. */
function countingPatches(side: ReferralSide): ReferralSide & { patches: number } {
  const counting = Object.create(side) as ReferralSide & { patches: number }
  counting.patches = 0
  counting.patch = (id, operations, ifMatch) => {
    counting.patches += 1
    return side.patch(id, operations, ifMatch)
  }
  return counting
}

describe('the sync engine', () => {
  let rig: SyncRig
  beforeEach(async () => {
    rig = await syncRig()
  })
  afterEach(() => rig.close())

  /** A new referral, synced once, and the CRM record it was paired with. */
  async function synced(name: string) {
    const referral = await rig.createReferral(name)
    await rig.engine().runOnce()
    return { referral, ...(await pairOf(referral)) }
  }

  async function pairOf(referral: Referral) {
    const link = await rig.state.linkByReferral(referral.id)
    assert.ok(link, `no pair for ${referral.name}`)
    const record = rig.crm.all().find((r) => r.id === link.crmId)
    assert.ok(record)
    return { link, record }
  }

  test('a first sync pairs every referral with a new CRM record and every flagged CRM record with a new referral', async () => {
    const referrals = await Promise.all([1, 2, 3].map((n) => rig.createReferral(`Deal ${n}`)))
    rig.crm.createOutside({
      title: 'From the CRM',
      amount: 1200,
      account: 'Fabrikam',
      stage: 'New',
      sync: true,
    })
    rig.crm.createOutside({ title: 'Not for Partner Center', amount: 5, sync: false })
    const summary = await rig.engine().runOnce()
    assert.deepEqual(summary.created, { referral: 1, crm: 3 })
    assert.equal(summary.failed, 0)
    for (const referral of referrals) {
      const { record } = await pairOf(referral)
      assert.equal(record.fields.title, referral.name)
      assert.equal(record.fields.referral_id, referral.id)
      assert.equal(record.fields.amount, 50000)
      assert.equal(record.fields.stage, 'Qualified') // a private deal starts Active/Accepted
      assert.equal(record.fields.close_date, '2024-11-14')
    }
    const fromCrm = rig.crm.find('title', 'From the CRM')
    assert.ok(fromCrm)
    const created = await rig.api.get(String(fromCrm.fields.referral_id))
    assert.equal(created.externalReferenceId, fromCrm.id)
    assert.equal(created.details.dealValue, 1200)
    assert.equal(created.customerProfile.name, 'Fabrikam')
    assert.equal(rig.crm.find('title', 'Not for Partner Center')?.fields.referral_id, undefined)
    const again = await rig.engine().runOnce()
    assert.deepEqual(
      [again.created, again.updated],
      [
        { referral: 0, crm: 0 },
        { referral: 0, crm: 0 },
      ],
    )
  })

  test('a change on either side reaches the other, and the sync does not answer its own echo', async () => {
    const { referral, record } = await synced('Echo deal')
    rig.later()
    await rig.api.patch(referral.id, [replace('/details/notes', 'Changed in Partner Center')])
    rig.crm.editOutside(record.id, { amount: 75000 })
    const updates = rig.crm.calls.update
    const summary = await rig.engine().runOnce()
    assert.deepEqual(summary.updated, { referral: 1, crm: 1 })
    assert.equal(rig.crm.find('referral_id', referral.id)?.fields.notes, 'Changed in Partner Center')
    assert.equal((await rig.api.get(referral.id)).details.dealValue, 75000)
    assert.equal(rig.crm.calls.update, updates + 1)
    const quiet = await rig.engine().runOnce()
    assert.deepEqual(
      [quiet.updated, quiet.created],
      [
        { referral: 0, crm: 0 },
        { referral: 0, crm: 0 },
      ],
    )
  })

  test('both sides changed: newest wins, referral wins, CRM wins, and hold keeps both until someone decides', async () => {
    const { referral, record } = await synced('Contested deal')
    rig.later()
    await rig.api.patch(referral.id, [
      replace('/name', 'Name from Partner Center'),
      replace('/details/notes', 'Notes from Partner Center'),
      replace('/campaignId', 'From Partner Center'),
      replace('/details/dealValue', 60000),
    ])
    rig.crm.stamp = () => '2099-01-01T00:00:00.000Z' // the CRM's edit is the newer one
    rig.crm.editOutside(record.id, {
      title: 'Name from CRM',
      notes: 'Notes from CRM',
      campaign: 'From CRM',
      amount: 70000,
    })
    const summary = await rig.engine().runOnce()
    assert.equal(summary.conflicts, 4)
    const after = await rig.api.get(referral.id)
    const crmAfter = rig.crm.find('referral_id', referral.id)
    assert.equal(after.name, 'Name from CRM') // newest
    assert.equal(crmAfter?.fields.title, 'Name from CRM')
    assert.equal(crmAfter?.fields.notes, 'Notes from Partner Center') // referral wins
    assert.equal(after.campaignId, 'From CRM') // CRM wins
    assert.equal(after.details.dealValue, 60000) // hold: neither side touched
    assert.equal(crmAfter?.fields.amount, 70000)
    const link = await rig.state.linkByReferral(referral.id)
    assert.equal(link?.status, 'conflict')
    const [held] = await rig.state.heldFor(referral.id)
    assert.equal(held?.kind, 'conflict')
    assert.equal(held?.field, 'amount')
    assert.match(held?.reason ?? '', /referral 60000, CRM 70000/)
  })

  test('a change the referral cannot take (it is closed) is held with the reason, not retried until the referral changes', async () => {
    const { referral, record } = await synced('Closing deal')
    rig.later()
    await rig.api.patch(referral.id, [replace('/status', 'Closed'), replace('/substatus', 'Won')])
    await rig.engine().runOnce()
    assert.equal(rig.crm.find('referral_id', referral.id)?.fields.stage, 'Won')
    rig.crm.editOutside(record.id, { stage: 'Qualified' })
    await rig.engine().runOnce()
    const held = await rig.state.heldFor(referral.id)
    assert.equal(held.length, 1)
    assert.equal(held[0]?.field, 'stage')
    assert.equal(held[0]?.kind, 'refused')
    assert.match(held[0]?.reason ?? '', /^400 /)
    assert.equal((await rig.state.linkByReferral(referral.id))?.status, 'held')
    assert.match(held[0]?.reason ?? '', /terminal state/)
    // a second CRM edit is tried once and held too; nothing held is sent again to a referral that has not changed
    const counting = countingPatches(rig.referralSide)
    rig.crm.editOutside(record.id, { notes: 'Still talking to them' })
    await rig.engine({ referrals: counting }).runOnce()
    assert.equal(counting.patches, 1)
    assert.deepEqual(
      (await rig.state.heldFor(referral.id)).map((h) => h.field),
      ['notes', 'stage'],
    )
    rig.crm.editOutside(record.id, { close_date: '2030-01-01' }) // a CRM change that carries nothing to the referral
    await rig.engine({ referrals: counting }).runOnce()
    await rig.engine({ referrals: counting }).runOnce()
    assert.equal(counting.patches, 1)
    const after = await rig.api.get(referral.id)
    assert.deepEqual(
      [after.status, after.substatus, after.details.notes],
      ['Closed', 'Won', referral.details.notes],
    )
    assert.equal((await rig.state.heldFor(referral.id)).length, 2)
  })

  test('a referral changed between the read and the write (412) is read again and the mapping applied again', async () => {
    const { referral, record } = await synced('Busy deal')
    rig.crm.editOutside(record.id, { amount: 99000 })
    let interfered = false
    const racing = Object.create(rig.referralSide) as ReferralSide
    racing.patch = async (id, operations, ifMatch) => {
      if (!interfered) {
        interfered = true
        await rig.api.patch(id, [replace('/details/notes', 'Written meanwhile')])
      }
      return rig.referralSide.patch(id, operations, ifMatch)
    }
    rig.later()
    const summary = await rig.engine({ referrals: racing }).runOnce()
    assert.equal(summary.failed, 0)
    const after = await rig.api.get(referral.id)
    assert.equal(after.details.dealValue, 99000)
    assert.equal(after.details.notes, 'Written meanwhile')
    // the meanwhile write is a referral change like any other: the next pass carries it to the CRM
    await rig.engine().runOnce()
    assert.equal(rig.crm.find('referral_id', referral.id)?.fields.notes, 'Written meanwhile')
  })

  test('a sync that dies after a create and before saving it finds what it made: no duplicate on either side', async () => {
    const referral = await rig.createReferral('Crash deal')
    rig.crm.createOutside({
      title: 'Crash record',
      amount: 10,
      account: 'Crash Inc',
      stage: 'New',
      sync: true,
    })
    const dying = Object.create(rig.state) as SyncState
    dying.settle = (_item: WorkItem | undefined, _settlement: Settlement) =>
      Promise.reject(new Error('killed'))
    const first = await rig.engine({ state: dying }).runOnce()
    assert.equal(first.failed, 2)
    assert.equal(rig.crm.all().length, 2) // the record made for the referral exists, unrecorded
    const second = await rig.engine().runOnce()
    assert.equal(second.failed, 0)
    assert.equal(rig.crm.all().length, 2)
    const named = await rig.api.list({ $filter: "name eq 'Crash record'" })
    assert.equal(named.value.length, 1)
    assert.equal(second.linked, 2)
    const { record } = await pairOf(referral)
    assert.equal(record.fields.referral_id, referral.id)
  })

  test('killed after creating a referral for a CRM record and before writing its id back: the referral finds its record, no second one', async () => {
    const record = rig.crm.createOutside({
      title: 'Half done',
      amount: 7,
      account: 'Half Inc',
      stage: 'New',
      sync: true,
    })
    const killed = Object.create(rig.crm) as typeof rig.crm
    killed.update = () => Promise.reject(new Error('killed'))
    await rig.engine({ connector: killed }).runOnce()
    assert.equal((await rig.api.list({ $filter: "name eq 'Half done'" })).value.length, 1)
    assert.equal(rig.crm.all().length, 1)
    rig.later()
    const resumed = await rig.engine().runOnce()
    assert.equal(resumed.failed, 0)
    assert.equal(rig.crm.all().length, 1)
    assert.equal((await rig.api.list({ $filter: "name eq 'Half done'" })).value.length, 1)
    const referral = (await rig.api.list({ $filter: "name eq 'Half done'" })).value[0]!
    assert.equal(rig.crm.find('title', 'Half done')?.fields.referral_id, referral.id)
    assert.equal((await rig.state.linkByCrm(record.id))?.referralId, referral.id)
  })

  test('a CRM record the Referrals API refuses to create is held with every problem named, and tried again once edited', async () => {
    const record = rig.crm.createOutside({ title: '', amount: 'lots', stage: 'Qualified', sync: true })
    await rig.engine().runOnce()
    const held = await rig.state.heldFor(`crm:${record.id}`)
    assert.equal(held.length, 1)
    assert.equal(held[0]?.field, '*')
    assert.match(held[0]?.reason ?? '', /amount "lots" is not a number/)
    rig.crm.editOutside(record.id, { title: 'Fixed now', amount: 300, account: 'Tailspin' })
    await rig.engine().runOnce()
    assert.deepEqual(await rig.state.heldFor(`crm:${record.id}`), [])
    const fixed = rig.crm.find('title', 'Fixed now')
    const referral = await rig.api.get(String(fixed?.fields.referral_id))
    assert.equal(referral.details.dealValue, 300)
  })

  test('a dry run reports what it would write and writes nothing, to either side or to the state', async () => {
    await rig.createReferral('Dry deal')
    rig.crm.createOutside({ title: 'Dry record', amount: 1, stage: 'New', sync: true })
    const engine = rig.engine({ dryRun: true })
    await engine.runOnce()
    assert.deepEqual(engine.planned.map((p) => [p.side, p.action]).sort(), [
      ['crm', 'create'],
      ['referral', 'create'],
    ])
    assert.equal(rig.crm.all().length, 1)
    assert.equal((await rig.api.list()).value.length, 1)
    assert.equal(await rig.state.cursor('referral'), undefined)
    assert.deepEqual(await rig.state.pending(10), [])
  })

  test('the state of a referral the sync may no longer read shows the error and keeps the pair', async () => {
    const { referral, record } = await synced('Vanishing deal')
    const gone = Object.create(rig.referralSide) as ReferralSide
    gone.get = () => Promise.resolve(undefined)
    rig.crm.editOutside(record.id, { notes: 'edited' })
    await rig.engine({ referrals: gone }).runOnce()
    const link = await rig.state.linkByReferral(referral.id)
    assert.equal(link?.status, 'error')
    assert.match(link?.lastError?.message ?? '', /no longer exists/)
  })

  test('a CRM edit of a field Partner Center fixes at creation is held with the reason the service gives, without a request', async () => {
    const { referral, record } = await synced('Fixed account')
    const counting = countingPatches(rig.referralSide)
    rig.crm.editOutside(record.id, { account: 'Renamed in the CRM' })
    await rig.engine({ referrals: counting }).runOnce()
    assert.equal(counting.patches, 0)
    const [held] = await rig.state.heldFor(referral.id)
    assert.equal(held?.field, 'account')
    assert.match(held?.reason ?? '', /read-only after the referral is created/)
    rig.crm.editOutside(record.id, { account: referral.customerProfile.name })
    await rig.engine().runOnce()
    assert.deepEqual(await rig.state.heldFor(referral.id), [])
    assert.equal((await rig.state.linkByReferral(referral.id))?.status, 'synced')
  })
})
