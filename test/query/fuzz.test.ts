// Whatever arrives in the query string, parse → check → compile returns a plan or problems and
// never throws, and what compiles runs in SQLite without an error.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { compileListQuery } from '../../src/query/compile-list.js'
import { postgres } from '../../src/query/dialects/postgres.js'
import { sqlite } from '../../src/query/dialects/sqlite.js'
import { parseQueryOptions } from '../../src/query/options.js'
import { mutatedFilter, noiseFilter, referralDocuments, validOrderBy } from './arbitraries.js'
import { context, openSqlite, table } from './sql-harness.js'

const harness = openSqlite()
after(() => harness.close())

const optionValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('0', '10', '-1', 'true', 'x', '', '1e3', '*'),
)

test('random and mutated filters always give a plan or problems, and plans run', async () => {
  await harness.load(fc.sample(referralDocuments(15), { seed: 42, numRuns: 1 })[0] ?? [])
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(mutatedFilter, noiseFilter),
      validOrderBy,
      fc.record(
        {
          $top: optionValue,
          $skip: optionValue,
          $select: optionValue,
          $skiptoken: optionValue,
          $count: optionValue,
        },
        { requiredKeys: [] },
      ),
      async (filter, orderBy, others) => {
        const raw = { $filter: filter, ...(orderBy === undefined ? {} : { $orderby: orderBy }), ...others }
        const result = parseQueryOptions(raw, context)
        if (!result.ok) {
          assert.ok(result.problems.length > 0)
          for (const problem of result.problems) assert.match(problem.message, /^\$?\w+: /)
          return
        }
        compileListQuery(result.value, postgres, table)
        const compiled = compileListQuery(result.value, sqlite, table)
        await harness.run(compiled.rows)
        await harness.run(compiled.count)
      },
    ),
    { seed: 1337, numRuns: 3000 },
  )
})

test('problems point inside the option they name', () => {
  fc.assert(
    fc.property(fc.oneof(mutatedFilter, noiseFilter), (filter) => {
      const result = parseQueryOptions({ $filter: filter }, context)
      if (result.ok) return
      for (const problem of result.problems) {
        if (problem.offset !== undefined)
          assert.ok(problem.offset >= 0 && problem.offset <= filter.length, problem.message)
      }
    }),
    { seed: 7, numRuns: 3000 },
  )
})
