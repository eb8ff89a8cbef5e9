// Group commit's failure paths: writes of one event-loop turn share a transaction, yet each caller
// hears of its own outcome. A write that fails is undone alone; when a batch cannot commit (a
// refused COMMIT, or an error after which SQLite rolls the whole transaction back, such as a full
// disk) only the writes that cannot be stored fail, and no write is stored yet reported failed;
// kept counts stay exact throughout.
import { testCause } from '../support/change-cause.js'
import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { parseQueryOptions } from '../../src/query/index.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { WriteBatch } from '../../src/store/sqlite/write-batch.js'
import { context, tenant } from '../query/sql-harness.js'
import { connection, freshCount, storeReferrals } from './store-referrals.js'

const dirs: string[] = []
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function table(): Database.Database {
  const db = new Database(':memory:')
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)')
  return db
}

const stored = (db: Database.Database) => db.prepare('SELECT doc FROM t ORDER BY id').pluck().all()

/** Runs every write in the same turn of the event loop, so they share one batch. */
function together(batch: WriteBatch, writes: readonly (() => unknown)[]) {
  return Promise.allSettled(writes.map((work) => batch.run(work)))
}

/** The SQLite code a write failed with; the store reports a full disk as a StorageFault caused by it. */
function code(outcome: PromiseSettledResult<unknown>): string {
  if (outcome.status === 'fulfilled') return 'fulfilled'
  const reason = outcome.reason as { code?: string; cause?: { code?: string } }
  return reason.code ?? reason.cause?.code ?? 'no code'
}

describe('write batch', () => {
  test('a write that fails after changing rows is undone alone; the others of its batch are stored and acknowledged', async () => {
    const db = table()
    const batch = new WriteBatch(db)
    const insert = db.prepare('INSERT INTO t (doc) VALUES (?)')
    const forced = new Error('forced failure after the insert')
    const outcomes = await together(batch, [
      () => insert.run('a'),
      () => {
        insert.run('b')
        throw forced
      },
      () => insert.run('c'),
    ])
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    )
    assert.equal(
      (outcomes[1] as PromiseRejectedResult).reason,
      forced,
      'the failing write hears its own error',
    )
    assert.deepEqual(stored(db), ['a', 'c'])
  })

  test('a refused COMMIT fails only the write it refuses: the others, retried alone, are stored; the next batch commits', async () => {
    const db = table()
    db.pragma('foreign_keys = ON')
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`)
    let abandoned = 0
    const batch = new WriteBatch(db, () => abandoned++)
    const insert = db.prepare('INSERT INTO t (doc) VALUES (?)')
    const outcomes = await together(batch, [
      () => insert.run('a'),
      () => db.prepare('INSERT INTO child (parent_id) VALUES (42)').run(), // checked at COMMIT only
      () => insert.run('c'),
    ])
    assert.deepEqual(outcomes.map(code), ['fulfilled', 'SQLITE_CONSTRAINT_FOREIGNKEY', 'fulfilled'])
    assert.deepEqual(stored(db), ['a', 'c'])
    assert.equal(db.prepare('SELECT count(*) FROM child').pluck().get(), 0)
    assert.equal(abandoned, 2, 'the batch, then the refused write alone')
    assert.equal(db.inTransaction, false)
    await batch.run(() => insert.run('d'))
    assert.deepEqual(stored(db), ['a', 'c', 'd'])
  })

  test('an error after which SQLite rolls the whole transaction back (disk full) fails only that write; the others run again and are stored', async () => {
    const db = table()
    db.exec("INSERT INTO t (doc) VALUES ('before')")
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    let abandoned = 0
    const batch = new WriteBatch(db, () => abandoned++)
    const insert = db.prepare('INSERT INTO t (doc) VALUES (?)')
    const outcomes = await together(batch, [
      () => insert.run('a'),
      () => insert.run('x'.repeat(100_000)), // needs pages the limit does not allow
      () => insert.run('c'),
    ])
    assert.deepEqual(outcomes.map(code), ['fulfilled', 'SQLITE_FULL', 'fulfilled'])
    assert.deepEqual(
      stored(db),
      ['before', 'a', 'c'],
      'every acknowledged write is stored, in one new transaction',
    )
    assert.equal(abandoned, 1)
    db.pragma('max_page_count = 1073741823')
    await batch.run(() => insert.run('x'.repeat(100_000)))
    assert.equal(stored(db).length, 4, 'the refused write succeeds once space returns')
  })
})

const everything = plan(undefined)
const active = plan("status eq 'Active'")

function plan(filter: string | undefined) {
  const planned = parseQueryOptions({ ...(filter ? { $filter: filter } : {}), $top: '0' }, context)
  assert.ok(planned.ok)
  return planned.value
}

/** The kept counts (asked twice, so they are kept) equal SQLite's own counts. */
async function assertCountsExact(store: SqliteReferralStore, message: string) {
  for (let ask = 0; ask < 2; ask++) {
    assert.equal((await store.list({ organizationId: tenant }, everything)).count, freshCount(store), message)
    assert.equal(
      (await store.list({ organizationId: tenant }, active)).count,
      freshCount(store, "status = 'Active'"),
      message,
    )
  }
}

function openStore(): SqliteReferralStore {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-write-batch-'))
  dirs.push(dir)
  return SqliteReferralStore.open(dir)
}

/** Limits the database file to the pages it has now plus `headroom`; returns what lifts the limit. */
function fillDisk(store: SqliteReferralStore, headroom: number): () => void {
  const db = connection(store)
  db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + headroom}`)
  return () => db.pragma('max_page_count = 1073741823')
}

describe('the store’s group commit', () => {
  const oneWriteFailures = [
    {
      name: 'a constraint (its id is taken)',
      code: 'SQLITE_CONSTRAINT_UNIQUE',
      arrange: (_store: SqliteReferralStore, existing: Referral) => ({ ...existing, status: 'Active' }),
    },
    {
      name: 'a full disk (its document needs pages the disk does not have; SQLite undoes the statement)',
      code: 'SQLITE_FULL',
      arrange(store: SqliteReferralStore) {
        fillDisk(store, 2) // room for ordinary creates, not for 100 KB of notes
        const big = storeReferrals(1, { from: 50 })[0]!
        return { ...big, details: { ...big.details, notes: 'x'.repeat(100_000) } }
      },
    },
  ] as const

  for (const failure of oneWriteFailures) {
    test(`a create refused by ${failure.name} leaves the other creates of its batch stored and the kept counts exact`, async () => {
      const store = openStore()
      try {
        const [existing, a, c] = storeReferrals(3, { edit: (i) => ({ status: i === 1 ? 'New' : 'Active' }) })
        await store.insert(existing!, testCause)
        await assertCountsExact(store, 'before the batch')
        const failing = failure.arrange(store, existing!) as Referral
        const outcomes = await Promise.allSettled([a, failing, c].map((r) => store.insert(r!, testCause)))
        assert.deepEqual(outcomes.map(code), ['fulfilled', failure.code, 'fulfilled'])
        for (const r of [existing!, a!, c!]) assert.ok(await store.get(tenant, r.id), `${r.id} is stored`)
        assert.equal(freshCount(store), 3)
        await assertCountsExact(store, 'after the batch')
      } finally {
        await store.close()
      }
    })
  }

  test('a batch whose COMMIT is refused (a deferred constraint) fails only the create refused, stores the others, keeps counts exact, and the store writes again', async () => {
    const store = openStore()
    try {
      const earlier = storeReferrals(20, { seed: 1 })
      await store.insertMany(earlier, testCause)
      await assertCountsExact(store, 'before the batch')
      const [a, doomed, c, later] = storeReferrals(4, { from: 100, edit: () => ({ status: 'Active' }) })
      const db = connection(store)
      db.pragma('foreign_keys = ON')
      db.exec(`CREATE TABLE guard_parent (id TEXT PRIMARY KEY);
        CREATE TABLE guard (id TEXT REFERENCES guard_parent (id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TRIGGER guard_doomed AFTER INSERT ON referrals WHEN NEW.id = '${doomed!.id}'
        BEGIN INSERT INTO guard (id) VALUES (NEW.id); END`) // checked at COMMIT only
      const outcomes = await Promise.allSettled([a, doomed, c].map((r) => store.insert(r!, testCause)))
      assert.deepEqual(outcomes.map(code), ['fulfilled', 'SQLITE_CONSTRAINT_FOREIGNKEY', 'fulfilled'])
      assert.equal(await store.get(tenant, doomed!.id), undefined)
      assert.equal(freshCount(store), earlier.length + 2)
      await assertCountsExact(store, 'after the failed batch')
      db.exec('DROP TRIGGER guard_doomed')
      await store.insert(later!, testCause)
      for (const r of [...earlier, a!, c!, later!])
        assert.ok(await store.get(tenant, r.id), `${r.id} is stored`)
      assert.equal(freshCount(store), earlier.length + 3)
      await assertCountsExact(store, 'after the next write')
    } finally {
      await store.close()
    }
  })
})
