// Property tests: for random referrals and random valid filters and orders, SQLite and PostgreSQL
// return the same ids in the same order as the in-memory evaluator, across pages joined by
// $skiptoken, with $top and $skip.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { referralDocuments, validFilter, validOrderBy } from './arbitraries.js'
import {
  listThroughDatabase,
  listThroughOracle,
  openPostgres,
  openSqlite,
  type Harness,
} from './sql-harness.js'
import type { RawQuery } from '../../src/query/index.js'

const query = fc.record({
  filter: fc.option(validFilter, { nil: undefined }),
  orderBy: validOrderBy,
  top: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined, freq: 3 }),
  skip: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined, freq: 3 }),
  pageSize: fc.integer({ min: 1, max: 4 }),
})

function raw(q: { filter?: string; orderBy?: string; top?: number; skip?: number }): RawQuery {
  return {
    ...(q.filter === undefined ? {} : { $filter: q.filter }),
    ...(q.orderBy === undefined ? {} : { $orderby: q.orderBy }),
    ...(q.top === undefined ? {} : { $top: String(q.top) }),
    ...(q.skip === undefined ? {} : { $skip: String(q.skip) }),
  }
}

function suite(name: string, open: () => Promise<Harness | string>, runs: number): void {
  describe(name, () => {
    let harness: Harness | string = 'not opened'
    before(async () => {
      harness = await open()
      if (typeof harness === 'string') console.log(`# skipping ${name}: ${harness}`)
    })
    after(async () => {
      if (typeof harness !== 'string') await harness.close()
    })

    test('random filters and orders return the evaluator’s ids in the evaluator’s order, page after page', async (t) => {
      if (typeof harness === 'string') return t.skip(harness)
      const db = harness
      await fc.assert(
        fc.asyncProperty(referralDocuments(20), query, async (docs, q) => {
          await db.load(docs)
          const expected = listThroughOracle(docs, raw(q))
          const actual = await listThroughDatabase(db, raw(q), q.pageSize)
          assert.deepEqual(actual.ids, expected.ids)
          assert.equal(actual.count, expected.count)
        }),
        { seed: 20240301, numRuns: runs, endOnFailure: true },
      )
    })
  })
}

suite('SQLite', () => Promise.resolve(openSqlite()), 400)
suite('PostgreSQL', openPostgres, 150)
