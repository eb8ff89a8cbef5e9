// Both sides edit the same pair between two runs of `cosell sync run`, through the SQL connector on
// SQLite and on PostgreSQL (skipped, saying why, where it is missing). The mapping gives each
// field its own conflict policy: name goes with the referral, notes with the CRM, amount with
// whichever side wrote last, close_date is held until someone decides (`cosell sync retry --take`).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { JsonPatchOperation } from '../../src/client/index.js'
import type { ConflictPolicy, Mapping } from '../../src/sync/mapping/mapping-schema.js'
import { openScenario, scenarioDatabases, scenarioServer, waitUntil } from '../support/sync-scenario.js'

const server = scenarioServer()

const policies: Readonly<Record<string, ConflictPolicy>> = {
  name: 'referral',
  notes: 'crm',
  amount: 'newest',
  close_date: 'hold',
}

function withPolicies(mapping: Mapping): Mapping {
  return {
    ...mapping,
    fields: mapping.fields.map((f) => ({ ...f, ...(policies[f.crm] ? { conflict: policies[f.crm] } : {}) })),
  }
}

const replace = (path: string, value: unknown): JsonPatchOperation => ({ op: 'replace', path, value })

const databases = await scenarioDatabases('the sync conflicts')

describe('conflicting edits on both sides', () => {
  for (const { dialect, tenant, skip } of databases) {
    test(
      `on ${dialect}: each policy settles its field; hold waits for \`sync retry --take crm\`, shown by \`sync status\``,
      { skip },
      async () => {
        const scenario = await openScenario(server(), { dialect, tenant, mapping: withPolicies })
        const { crm, referrals } = scenario
        const referral = await scenario.pairFromCrm('contested')
        const referralId = referral.id

        await referrals.patch(
          referralId,
          [
            replace('/name', 'Name from Partner Center'),
            replace('/details/notes', 'Notes from Partner Center'),
            replace('/details/dealValue', 2222),
            replace('/details/closingDateTime', '2031-07-01T00:00:00Z'),
          ],
          { ifMatch: referral.eTag },
        )
        // the CRM's edit comes after the referral's: it is the newest
        await crm.update('contested', {
          name: 'Name from CRM',
          notes: 'Notes from CRM',
          amount: 3333,
          close_date: '2031-08-15',
        })
        assert.match(await scenario.syncOk('run'), /conflict\(s\) settled by policy; 1 held/)

        const settled = await referrals.get(referralId)
        const row = await crm.row('contested')
        assert.deepEqual([settled.name, row?.name], ['Name from Partner Center', 'Name from Partner Center'])
        assert.deepEqual([settled.details.notes, row?.notes], ['Notes from CRM', 'Notes from CRM'])
        assert.deepEqual([settled.details.dealValue, row?.amount], [3333, 3333])
        assert.deepEqual(
          [settled.details.closingDateTime?.slice(0, 10), row?.close_date],
          ['2031-07-01', '2031-08-15'],
        )

        const status = await scenario.syncOk('status')
        assert.match(status, /, 1 conflict, .*; 1 held$/m)
        assert.match(status, new RegExp(`${referralId}.*close_date.*both sides changed close_date`))
        assert.match(await scenario.syncOk('retry', referralId, '--take', 'crm'), /^1 pair\(s\) queued/)
        await scenario.syncOk('run')
        const decided = await referrals.get(referralId)
        assert.equal(decided.details.closingDateTime?.slice(0, 10), '2031-08-15')
        assert.equal((await crm.row('contested'))?.close_date, '2031-08-15')
        assert.match(await scenario.syncOk('status'), /: 1 synced, .*; 0 held$/m)

        // newest the other way round: the CRM first, then the referral
        await crm.update('contested', { amount: 4444 })
        const crmWrote = Date.parse(String((await crm.row('contested'))?.modified_at))
        await waitUntil('the clock to pass the CRM edit', () => Date.now() > crmWrote)
        await referrals.patch(referralId, [replace('/details/dealValue', 5555)], { ifMatch: decided.eTag })
        await scenario.syncOk('run')
        assert.deepEqual(
          [(await referrals.get(referralId)).details.dealValue, (await crm.row('contested'))?.amount],
          [5555, 5555],
        )
      },
    )
  }
})
