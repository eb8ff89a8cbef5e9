// Change records become visible in the order of their numbers, whatever order concurrent writes
// commit in (change-log.ts): a reader that keeps the last number it read and asks for what came
// after, as the webhook dispatcher and the change feed do, never passes over a record. Creates
// and replaces run at once on two servers of one database while such a reader polls; at the end
// it must have read every record, each once, in order.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import type { PostgresReferralStore } from '../../src/store/postgres/store.js'
import { testCause } from '../support/change-cause.js'
import { postgresUnavailable } from '../support/postgres.js'
import { twoServersOfOneDatabase } from '../support/two-servers.js'
import { storeReferrals } from './store-referrals.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping PostgreSQL's change order: ${unavailable}`)

const servers = twoServersOfOneDatabase(unavailable)

const writers = 12
const writesEach = 15

/** Creates a referral, then replaces it `writesEach - 1` times, through `store`. */
async function writeOne(store: PostgresReferralStore, referral: Referral): Promise<void> {
  await store.insert(referral, testCause)
  let before = referral
  for (let i = 1; i < writesEach; i++) {
    const next = { ...before, name: `${referral.id} #${i}`, eTag: `"${referral.id}-${i}"` }
    assert.equal(await store.replace(next, before, testCause), 'written')
    before = next
  }
}

test(
  'a reader of the log never passes over a record that commits late',
  { skip: unavailable ?? false },
  async () => {
    const { here, there } = servers
    const start = await here.lastChange()
    const read: number[] = []
    let writing = true
    const reader = (async () => {
      let position = start
      for (;;) {
        const done = !writing // one more read after the last write
        const records = await there.changesAfter(position, 1000)
        for (const record of records) read.push(record.seq)
        position = records.at(-1)?.seq ?? position
        if (done) return
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    const referrals = storeReferrals(writers)
    await Promise.all(referrals.map((r, i) => writeOne(i % 2 === 0 ? here : there, r)))
    writing = false
    await reader
    const all = (await here.changesAfter(start, 10_000)).map((c) => c.seq)
    assert.equal(all.length, writers * writesEach)
    assert.deepEqual(read, all, 'the reader read every record, once each, in order')
  },
)
