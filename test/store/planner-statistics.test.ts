// Planner statistics (planner-statistics.ts): PRAGMA optimize runs when the store opens and again
// after every 10,000 referrals written; with statistics, `team/any(t: t/email eq '…')` fetches the
// few ids the table of team emails names instead of walking the organisation's referrals; and a
// failing optimize never turns a committed write into an error.
import { testCause } from '../support/change-cause.js'
import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { compileListQuery, parseQueryOptions, sqlite } from '../../src/query/index.js'
import { referralTable } from '../../src/store/sqlite/list.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { context, tenant } from '../query/sql-harness.js'
import { connection, freshCount, storeReferrals } from './store-referrals.js'

const dirs: string[] = []
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-statistics-'))
  dirs.push(dir)
  return dir
}

const refreshEvery = 10_000
/** 500 sellers, each on a few referrals of the organisation: a selective team filter. */
const withSeller = (i: number) => ({
  team: [{ firstName: null, lastName: null, email: `seller.${i % 500}@example.com`, phoneNumber: null }],
})

/** The number of referral rows the statistics describe, or undefined before any were gathered. */
function analysedRows(db: Database.Database): number | undefined {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get()) return undefined
  const stat = db
    .prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'referrals' AND idx = 'referrals_by_created'")
    .pluck()
    .get() as string | undefined
  return stat === undefined ? undefined : Number(stat.split(' ')[0])
}

/** How SQLite runs the list page of one seller's referrals. */
function teamPlan(db: Database.Database): string[] {
  const planned = parseQueryOptions({ $filter: "team/any(t: t/email eq 'seller.42@example.com')" }, context)
  assert.ok(planned.ok)
  const { rows } = compileListQuery(planned.value, sqlite, referralTable, {
    scope: { column: 'organization_id', value: tenant },
  })
  return db
    .prepare(`EXPLAIN QUERY PLAN ${rows.sql}`)
    .all(...rows.params)
    .map((step) => (step as { detail: string }).detail)
}

const walksOrganisation = /^SEARCH referrals USING (COVERING )?INDEX \w+ \(organization_id=\?\)$/
const fetchesIds = /^SEARCH referrals USING INDEX \w+ \(id=\?\)$/

test('opening the store gathers statistics, and team/any(…) then fetches the ids the team-email table names', async () => {
  const dir = dataDir()
  const store = SqliteReferralStore.open(dir)
  await store.insertMany(storeReferrals(3_000, { edit: withSeller }), testCause)
  await store.close()
  const unanalysed = new Database(join(dir, 'cosell.db'), { readonly: true })
  assert.equal(analysedRows(unanalysed), undefined, 'fewer writes than a refresh: no statistics yet')
  assert.match(
    teamPlan(unanalysed)[0]!,
    walksOrganisation,
    'without statistics the plan walks the organisation',
  )
  unanalysed.close()

  await SqliteReferralStore.open(dir).close()
  const analysed = new Database(join(dir, 'cosell.db'), { readonly: true })
  try {
    assert.equal(analysedRows(analysed), 3_000)
    const plan = teamPlan(analysed)
    assert.match(plan[0]!, fetchesIds, plan.join('\n'))
    assert.ok(
      plan.some((step) => step.includes('referral_team_emails')),
      plan.join('\n'),
    )
    assert.ok(!plan.some((step) => walksOrganisation.test(step)), plan.join('\n'))
  } finally {
    analysed.close()
  }
})

test('statistics are gathered again once 10,000 referrals were written, creates and bulk loads alike', async () => {
  const store = SqliteReferralStore.open(dataDir())
  try {
    const db = connection(store)
    await store.insertMany(storeReferrals(refreshEvery - 1, { edit: withSeller }), testCause)
    assert.equal(analysedRows(db), undefined, `${refreshEvery - 1} writes: not yet`)
    await store.insert(storeReferrals(1, { from: refreshEvery, edit: withSeller })[0]!, testCause)
    assert.equal(analysedRows(db), refreshEvery)
    assert.match(teamPlan(db)[0]!, fetchesIds)
  } finally {
    await store.close()
  }
})

test('a failing PRAGMA optimize does not turn committed writes into errors', async () => {
  const store = SqliteReferralStore.open(dataDir())
  try {
    const db = connection(store)
    const pragma = db.pragma.bind(db)
    let refused = 0
    db.pragma = (source: string, options?: Database.PragmaOptions) => {
      if (!source.startsWith('optimize')) return pragma(source, options)
      refused++
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })
    }
    await store.insertMany(storeReferrals(refreshEvery - 1), testCause)
    const last = storeReferrals(1, { from: refreshEvery })[0]!
    await store.insert(last, testCause) // the write that reaches 10,000 and calls optimize
    assert.equal(refused, 1, 'optimize was asked for, and failed')
    assert.ok(await store.get(tenant, last.id))
    assert.equal(freshCount(store), refreshEvery)
    assert.equal(analysedRows(db), undefined, 'no statistics were gathered')
  } finally {
    await store.close()
  }
})
