// The CRM sync's first run, as a user meets it: 1,000 referrals in Partner Center (seeded through
// the API) and 1,000 flagged rows in the CRM table (an SQLite file), one `cosell sync run`, and
// every referral has exactly one row and every row exactly one referral, with the values mapped;
// a second run finds nothing to do.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Referral } from '../../src/client/index.js'
import type { CrmRow } from '../support/crm-table.js'
import { flaggedRow, openScenario, scenarioServer } from '../support/sync-scenario.js'
import { tenantA } from '../support/tokens.js'

const server = scenarioServer()
const count = 1000

interface PassSummary {
  created: { crm: number; referral: number }
  updated: { crm: number; referral: number }
  failed: number
}

/** Each value of `key` and the items holding it; a value held twice is a duplicate. */
function byKey<T>(items: readonly T[], key: (item: T) => unknown): Map<unknown, T[]> {
  const groups = new Map<unknown, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}

function only<T>(groups: Map<unknown, T[]>, key: unknown, what: string): T {
  const found = groups.get(key) ?? []
  assert.equal(found.length, 1, `${what}: ${found.length} found`)
  return found[0]!
}

/** The row a referral made reads as the referral does, field by field through the default mapping. */
function assertMappedToCrm(referral: Referral, row: CrmRow, stage: string): void {
  assert.deepEqual(
    [
      row.name,
      row.account_name,
      row.account_city,
      row.account_country,
      row.amount,
      row.currency,
      row.close_date,
    ],
    [
      referral.name,
      referral.customerProfile.name,
      referral.customerProfile.address.city,
      referral.customerProfile.address.country,
      referral.details.dealValue,
      referral.details.currency,
      referral.details.closingDateTime?.slice(0, 10) ?? null,
    ],
  )
  assert.equal(row.stage, stage)
  assert.equal(row.sync_to_partner_center, true)
}

test('a first sync of 1,000 referrals and 1,000 CRM rows pairs each exactly once, and a second run does nothing', async (t) => {
  const started = Date.now()
  const step = (what: string) => t.diagnostic(`${what} at ${Date.now() - started} ms`)
  const scenario = await openScenario(server(), { dialect: 'sqlite', tenant: tenantA })
  await scenario.seed(count)
  await scenario.crm.insert(Array.from({ length: count }, (_, n) => flaggedRow(`crm-${n}`, n)))

  step('seeded')
  const first = JSON.parse(await scenario.syncOk('run', '--json')) as PassSummary
  assert.deepEqual([first.created, first.failed], [{ crm: count, referral: count }, 0])

  step('first run')
  const referrals = await scenario.allReferrals()
  const rows = await scenario.crm.rows()
  assert.equal(referrals.length, 2 * count)
  assert.equal(rows.length, 2 * count)
  const rowsByReferral = byKey(rows, (row) => row.referral_id)
  const referralsById = byKey(referrals, (referral) => referral.id)
  for (const referral of referrals) only(rowsByReferral, referral.id, `rows of referral ${referral.id}`)
  for (const row of rows) only(referralsById, row.referral_id, `referrals of row ${String(row.id)}`)

  // the rows the CRM made: each gave one referral naming it, with the row's values
  const byExternal = byKey(referrals, (referral) => referral.externalReferenceId)
  for (let n = 0; n < count; n++) {
    const referral = only(byExternal, `crm-${n}`, `referrals of CRM row crm-${n}`)
    assert.equal(rows.find((row) => row.id === `crm-${n}`)?.referral_id, referral.id)
  }
  const fromCrm = only(byExternal, 'crm-7', 'referrals of crm-7')
  assert.deepEqual(
    [fromCrm.name, fromCrm.customerProfile.name, fromCrm.customerProfile.address.addressLine1],
    ['CRM deal 7', 'Account 7', '7 Main Street'],
  )
  assert.deepEqual(
    [fromCrm.details.dealValue, fromCrm.details.currency, fromCrm.details.closingDateTime?.slice(0, 10)],
    [1007, 'USD', '2031-06-30'],
  )
  assert.deepEqual([fromCrm.status, fromCrm.substatus], ['Active', 'Accepted'])

  // the referrals Partner Center had: each gave a row with its values, stage from its state
  const seeded = referrals.filter((referral) => !referral.externalReferenceId?.startsWith('crm-'))
  assert.equal(seeded.length, count)
  const stages = { Accepted: 'Qualify', Won: 'Closed Won', Lost: 'Closed Lost' } as Record<string, string>
  for (const substatus of ['Accepted', 'Won', 'Lost']) {
    const referral = seeded.find((r) => r.substatus === substatus)
    assert.ok(referral, `a seeded ${substatus} referral`)
    assertMappedToCrm(referral, only(rowsByReferral, referral.id, 'its row'), stages[substatus]!)
  }

  step('checked')
  const second = JSON.parse(await scenario.syncOk('run', '--json')) as PassSummary
  assert.deepEqual(
    [second.created, second.updated, second.failed],
    [{ crm: 0, referral: 0 }, { crm: 0, referral: 0 }, 0],
  )
  assert.equal(await scenario.crm.count(), 2 * count)
  assert.equal((await scenario.allReferrals()).length, 2 * count)
})
