// Writers draw change numbers without waiting for each other and may commit out of order
// (change-log.ts), yet a reader that keeps the last number it read and asks for what came after,
// as the webhook dispatcher does, never passes over a record: the feed answers only up to the
// settled horizon. Creates and replaces run at once on two servers of one database while such a
// reader polls; at the end it must have read every record, each once, in order. A write held in
// flight while a later one commits shows the same, and that writers do not queue behind it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import type { PostgresReferralStore } from '../../src/store/postgres/store.js'
import { testCause } from '../support/change-cause.js'
import { holdRow } from '../support/held-row.js'
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

/**
 * Writers of one referral on both servers, each retrying on a stale eTag with the row as it is
 * now, as the service does for a write without If-Match. Their numbers are drawn before the row is
 * locked, and a record's `prev` is read from the row as its statement found it (change-log.ts):
 * the referral's history, which follows `prev` from the newest record back, must still hold every
 * write, newest first.
 */
test(
  'racing writers of one referral leave its history whole, each record after the one it replaced',
  { skip: unavailable ?? false },
  async () => {
    const { here, there } = servers
    const [referral] = storeReferrals(1, { from: writers })
    await here.insert(referral!, testCause)
    const writes = async (store: PostgresReferralStore, writer: number) => {
      for (let i = 0; i < writesEach; i++) {
        for (;;) {
          const before = (await store.get(referral!.organizationId, referral!.id))!
          const next = { ...before, name: `writer ${writer} #${i}`, eTag: `"w${writer}-${i}"` }
          const outcome = await store.replace(next, before, testCause)
          if (outcome === 'written') break
          assert.equal(outcome, 'stale')
        }
      }
    }
    await Promise.all(Array.from({ length: 6 }, (_, w) => writes(w % 2 === 0 ? here : there, w)))
    const history = await there.activities(referral!.organizationId, { referralId: referral!.id, limit: 500 })
    const seqs = history.records.map((r) => r.seq)
    assert.equal(seqs.length, 6 * writesEach + 1, 'every write and the create')
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => b - a),
      'newest first',
    )
    assert.equal(history.records.at(-1)!.kind, 'created')
  },
)

test(
  'a write in flight holds no other writer back, and the feed waits for it rather than pass over its record',
  { skip: unavailable ?? false, timeout: 60_000 },
  async () => {
    const { here, there, url } = servers
    const [early, late] = storeReferrals(2, { from: 2 * writers })
    await here.insert(early!, testCause)
    await here.insert(late!, testCause)
    const start = await there.lastChange()
    const held = await holdRow(url, early!.organizationId, early!.id)
    const renamed = (r: Referral) => ({ ...r, name: `${r.name} again`, eTag: `"${r.id}-again"` })
    const inFlight = here.replace(renamed(early!), early!, testCause) // draws its seq, then waits for the row
    await held.waitedFor()
    assert.equal(
      await there.replace(renamed(late!), late!, testCause),
      'written',
      'a later write commits first',
    )
    let answered = false
    const read = there.changesAfter(start, 100).finally(() => (answered = true))
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(answered, false, 'the feed does not answer past a write in flight')
    await held.release()
    assert.equal(await inFlight, 'written')
    const records = await read
    assert.deepEqual(
      records.map((r) => r.referralId),
      [early!.id, late!.id],
      'both records, the one drawn first first',
    )
    assert.ok(records[0]!.seq < records[1]!.seq)
  },
)
