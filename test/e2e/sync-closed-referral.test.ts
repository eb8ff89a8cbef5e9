// A CRM edit made after the referral closed: Partner Center refuses changes to a Closed referral,
// so the sync holds the change with Partner Center's reason (`cosell sync status` and `explain`
// show it), does not send it again on later runs while nothing changed, and never loses it: the
// row keeps the edit. On SQLite and on PostgreSQL (skipped, saying why, where it is missing).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { openScenario, scenarioDatabases, scenarioServer } from '../support/sync-scenario.js'

const server = scenarioServer()

const databases = await scenarioDatabases('the closed referral')

interface Explanation {
  held: { field: string; toSide: string; value: unknown; reason: string; since: string; attempts: number }[]
  fields: { crm: string; next: string }[]
}

const terminal = /Closed\/Won, a terminal state/

describe('a change held while the referral is closed', () => {
  for (const { dialect, tenant, skip } of databases) {
    test(`on ${dialect}: held with the reason, shown, not sent again, never lost`, { skip }, async () => {
      const scenario = await openScenario(server(), { dialect, tenant })
      const { crm, referrals } = scenario
      const open = await scenario.pairFromCrm('closing')
      const referralId = open.id
      await referrals.patch(
        referralId,
        [
          { op: 'replace', path: '/status', value: 'Closed' },
          { op: 'replace', path: '/substatus', value: 'Won' },
        ],
        { ifMatch: open.eTag },
      )
      await scenario.syncOk('run')
      assert.equal((await crm.row('closing'))?.stage, 'Closed Won')

      await crm.update('closing', { notes: 'Edited after the win', amount: 9999 })
      assert.match(await scenario.syncOk('run'), /; 2 held/)
      const closed = await referrals.get(referralId)
      assert.deepEqual(
        [closed.details.notes, closed.details.dealValue],
        [open.details.notes, open.details.dealValue],
      )

      const status = await scenario.syncOk('status')
      assert.match(status, /: 0 synced, 0 pending, 1 held, .*; 2 held$/m)
      for (const field of ['notes', 'amount'])
        assert.match(status, new RegExp(`${referralId} +${field} +referral .*${terminal.source}`))
      const explained = await scenario.syncOk('explain', referralId)
      assert.match(
        explained,
        new RegExp(
          `notes → referral "Edited after the win" since .*: 400 invalidRequest: .*${terminal.source}`,
        ),
      )
      assert.match(explained, /amount → referral 9999 since /)
      const first = JSON.parse(await scenario.syncOk('explain', referralId, '--json')) as Explanation
      assert.deepEqual(first.held.map((h) => [h.field, h.toSide, h.value, h.attempts]).sort(), [
        ['amount', 'referral', 9999, 1],
        ['notes', 'referral', 'Edited after the win', 1],
      ])
      assert.deepEqual(
        first.fields
          .filter((f) => f.next === 'held')
          .map((f) => f.crm)
          .sort(),
        ['amount', 'notes'],
      )

      // later runs: nothing new on either side, so nothing is sent; the held changes stay as they were
      await scenario.syncOk('run')
      await scenario.syncOk('run', '--full')
      const later = JSON.parse(await scenario.syncOk('explain', referralId, '--json')) as Explanation
      assert.deepEqual(later.held, first.held)
      assert.equal((await referrals.get(referralId)).eTag, closed.eTag)
      const row = await crm.row('closing')
      assert.deepEqual([row?.notes, row?.amount], ['Edited after the win', 9999])
      assert.match(await scenario.syncOk('status'), /; 2 held$/m)
    })
  }
})
