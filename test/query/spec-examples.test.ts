// Every documented $filter example (and the unquoted form real links.relatedReferrals use), plus
// injection attempts, answered by the evaluator and by each database with the same rows.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  listThroughDatabase,
  listThroughOracle,
  openPostgres,
  openSqlite,
  tenant,
  type Harness,
} from './sql-harness.js'

const engagement = '65edc0b5-7b8f-4e8b-9a41-2c9e2f1b0c11'

function referral(id: number, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `00000000-0000-4000-8000-00000000000${id}`,
    engagementId: '00000000-0000-4000-8000-0000000000e1',
    organizationId: tenant,
    name: `Deal ${id}`,
    createdDateTime: `2024-03-0${id}T10:00:00.0000000Z`,
    updatedDateTime: '2024-03-01T10:00:00.0000000Z',
    status: 'Active',
    substatus: 'Accepted',
    type: 'Independent',
    direction: 'Outgoing',
    qualification: 'None',
    eTag: '"e"',
    customerProfile: { name: 'Contoso', address: { country: 'DE' }, team: [] },
    team: [],
    ...fields,
  }
}

const referrals = [
  referral(1, {
    engagementId: engagement,
    status: 'New',
    substatus: 'Pending',
    qualification: 'SalesQualified',
    direction: 'Incoming',
    type: 'Shared',
  }),
  referral(2, {
    customerProfile: { name: 'Fabrikam', address: { country: 'US' }, team: [] },
    direction: 'Incoming',
    status: 'New',
    substatus: 'Received',
  }),
  referral(3, { type: 'Shared', team: [{ email: 'R2D2@contoso.com' }, { email: 'c3po@contoso.com' }] }),
  referral(4, { type: 'Shared', team: [{ email: 'c3po@contoso.com' }], name: "x' or 1 eq 1" }),
  referral(5, {
    name: '--',
    customerProfile: { name: '/* comment */', address: { country: 'us' }, team: [] },
  }),
  referral(6, { name: "a'; DROP TABLE referrals; --", engagementId: engagement }),
]

const id = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`

const examples: readonly { filter: string; expected: readonly number[] }[] = [
  { filter: `engagementId eq '${engagement}'`, expected: [6, 1] },
  { filter: `engagementId eq ${engagement.toUpperCase()}`, expected: [6, 1] },
  { filter: "status eq 'New' and qualification eq 'SalesQualified'", expected: [1] },
  { filter: "customerProfile/address/country eq 'US' and direction eq 'Incoming'", expected: [2] },
  { filter: "(type eq 'Shared' and direction eq 'Incoming')", expected: [1] },
  { filter: "(direction eq 'Incoming' and substatus eq 'Pending')", expected: [1] },
  {
    filter:
      "status eq 'Active' and direction eq 'Outgoing' and type eq 'Shared' and team/any(t:t/email eq 'r2d2@contoso.com')",
    expected: [3],
  },
  { filter: "name eq 'x'' or 1 eq 1'", expected: [4] },
  { filter: "name eq 'x' or 1 eq 1", expected: [6, 5, 4, 3, 2, 1] },
  { filter: "name eq '--'", expected: [5] },
  { filter: "contains(customerProfile/name, '/*')", expected: [5] },
  { filter: "name eq 'a''; DROP TABLE referrals; --'", expected: [6] },
  { filter: "contains(name, ';') or endswith(name, '--')", expected: [6, 5] },
  { filter: "name eq ''' or ''1''=''1'", expected: [] },
]

function suite(name: string, open: () => Promise<Harness | string>): void {
  describe(name, () => {
    let harness: Harness | string = 'not opened'
    before(async () => {
      harness = await open()
      if (typeof harness === 'string') console.log(`# skipping ${name}: ${harness}`)
      else await harness.load(referrals)
    })
    after(async () => {
      if (typeof harness !== 'string') await harness.close()
    })
    for (const { filter, expected } of examples) {
      test(`$filter=${filter} returns exactly the matching referrals`, async (t) => {
        if (typeof harness === 'string') return t.skip(harness)
        const raw = { $filter: filter }
        const wanted = expected.map(id)
        assert.deepEqual(listThroughOracle(referrals, raw).ids, wanted)
        assert.deepEqual((await listThroughDatabase(harness, raw, 100)).ids, wanted)
      })
    }
    test('documented $orderby, $top and $select work together and the table survives', async (t) => {
      if (typeof harness === 'string') return t.skip(harness)
      const listing = await listThroughDatabase(
        harness,
        { $orderby: 'createdDateTime desc', $top: '10', $select: 'id,status,customerProfile' },
        100,
      )
      assert.deepEqual(listing.ids, [6, 5, 4, 3, 2, 1].map(id))
    })
  })
}

suite('spec examples on SQLite', () => Promise.resolve(openSqlite()))
suite('spec examples on PostgreSQL', openPostgres)
