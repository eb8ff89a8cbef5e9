// Kept counts stay exact (kept-count-property.ts), and a write the embedded store makes brings them
// forward without counting again.
import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { Referral } from '../../src/domain/referral/schema.js'
import { rowColumns, rowValues } from '../../src/store/referral-row.js'
import { KeptCounts } from '../../src/store/sqlite/kept-counts.js'
import { migrate } from '../../src/store/sqlite/migrate.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { referralDocument, type GeneratedReferral } from '../query/arbitraries.js'
import { tenant } from '../query/sql-harness.js'
import { keptCountsStayExact } from './kept-count-property.js'

const asReferral = (doc: GeneratedReferral) => doc as unknown as Referral

test('every count equals the evaluator’s over the stored rows, through writes the counts follow and writes they do not', async () => {
  await keptCountsStayExact(() => {
    const store = SqliteReferralStore.open(':memory:')
    return Promise.resolve({ here: store, there: store, done: () => store.close() })
  }, 150)
})

test('a write the store reports brings a kept count forward without counting again, triggers and all', () => {
  const db = new Database(':memory:')
  migrate(db)
  const counts = new KeptCounts(db)
  const insert = db.prepare(
    `INSERT INTO referrals (${rowColumns.join(', ')}) VALUES (${rowColumns.map(() => '?').join(', ')})`,
  )
  const member = (email: string) => ({ firstName: null, lastName: null, email, phoneNumber: null })
  const [first, second] = fc
    .sample(referralDocument, 2)
    .map((doc, i) => ({ ...doc, team: [member(`a${i}@x.example`), member(`b${i}@x.example`)] }))
  let counted = 0
  const ask = () =>
    counts.count('every referral', { organizationId: tenant }, undefined, () => {
      counted++
      return db.prepare('SELECT count(*) FROM referrals').pluck().get() as number
    })
  const write = (doc: GeneratedReferral) => {
    const mark = counts.mark()
    insert.run(...rowValues(asReferral(doc)))
    counts.wrote(undefined, asReferral(doc), mark)
  }
  assert.equal(ask(), 0)
  write(first!)
  assert.equal(ask(), 1)
  assert.equal(counted, 1, 'the insert (and its trigger’s two team rows) was followed, not recounted')
  db.prepare('DELETE FROM referrals').run() // a change the counts are not told of
  assert.equal(ask(), 0)
  assert.equal(counted, 2)
  write(second!)
  assert.equal(ask(), 1)
  assert.equal(counted, 2)
  db.close()
})

test('a count made elsewhere is kept only if no write went through since its mark', () => {
  const db = new Database(':memory:')
  migrate(db)
  const counts = new KeptCounts(db)
  const scope = { organizationId: tenant }
  const insert = db.prepare(
    `INSERT INTO referrals (${rowColumns.join(', ')}) VALUES (${rowColumns.map(() => '?').join(', ')})`,
  )
  const [first, second] = fc.sample(referralDocument, 2).map(asReferral)
  const atDispatch = counts.mark() // a reader counts 0 rows from here…
  const mark = counts.mark()
  insert.run(...rowValues(first!)) // …while a write goes through the main connection
  counts.wrote(undefined, first!, mark)
  assert.equal(counts.keep('every referral', scope, undefined, 0, atDispatch), 0, 'used once')
  assert.equal(counts.kept('every referral'), undefined, 'not kept: it was made before the write')
  const now = counts.mark()
  assert.equal(counts.keep('every referral', scope, undefined, 1, now), 1)
  assert.equal(counts.kept('every referral'), 1, 'kept: nothing was written since its mark')
  const before = counts.mark()
  insert.run(...rowValues(second!))
  counts.wrote(undefined, second!, before)
  assert.equal(counts.kept('every referral'), 2, 'and brought forward by the next write')
  db.close()
})
