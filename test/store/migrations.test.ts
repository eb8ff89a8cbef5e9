// A database written at an older schema version opens at the newest one with every referral,
// organisation, user and snapshot intact. The old database is built by applying the migrations up
// to that version and copying in rows a current server wrote.
import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { migrate } from '../../src/store/sqlite/migrate.js'
import { migrations } from '../../src/store/sqlite/migrations/index.js'
import { ensureSnapshotTables } from '../../src/store/sqlite/snapshot-tables.js'
import { SqliteReferralStore, StoreOpenError } from '../../src/store/sqlite/store.js'
import { privateCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader } from '../support/tokens.js'

const api = '/v1.0/engagements/referrals'
const root = mkdtempSync(join(tmpdir(), 'cosell-migrations-'))
after(() => rmSync(root, { recursive: true, force: true }))

const get = (t: TestApp, url: string) => t.app.inject({ method: 'GET', url, headers: authHeader() })
const admin = (t: TestApp, method: 'PUT' | 'POST', url: string) =>
  t.app.inject({ method, url: `/_cosell${url}`, remoteAddress: '127.0.0.1' })

/** Writes three referrals and a snapshot with a current server; returns what it answered. */
async function writeWithCurrentServer(dataDir: string) {
  const t = await makeTestApp({ dataDir })
  try {
    for (let i = 0; i < 3; i++) {
      const created = await t.app.inject({
        method: 'POST',
        url: api,
        headers: authHeader(),
        payload: { ...privateCreate(), name: `Migrated ${i}` },
      })
      assert.equal(created.statusCode, 200)
    }
    assert.equal((await admin(t, 'PUT', '/snapshots/three')).statusCode, 200)
    return (await get(t, api)).body
  } finally {
    await t.close()
  }
}

/** A database at `version` holding the rows of the database in `source`. */
function databaseAtVersion(dataDir: string, source: string, version: number): void {
  const db = new Database(join(dataDir, 'cosell.db'))
  try {
    migrate(
      db,
      migrations.filter((m) => m.version <= version),
    )
    const mirrors = ensureSnapshotTables(db)
    db.prepare('ATTACH DATABASE ? AS source').run(join(source, 'cosell.db'))
    for (const { table, mirror, columns } of mirrors) {
      db.exec(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM source.${table}`)
      db.exec(
        `INSERT INTO ${mirror} (snapshot, ${columns}) SELECT snapshot, ${columns} FROM source.${mirror}`,
      )
    }
    db.exec('INSERT INTO settings SELECT * FROM source.settings')
    db.prepare('INSERT INTO snapshots SELECT name, saved_at, clock, ?, counts FROM source.snapshots').run(
      version,
    )
  } finally {
    db.close()
  }
}

test('a version 4 database (referrals WITHOUT ROWID) opens at the newest version with its data and snapshots', async () => {
  const current = join(root, 'current')
  const old = join(root, 'old')
  const listed = await writeWithCurrentServer(current)
  mkdirSync(old)
  databaseAtVersion(old, current, 4)

  const t = await makeTestApp({ dataDir: old })
  try {
    assert.equal((await get(t, api)).body, listed, 'every referral as before, in the same order')
    const ids = (JSON.parse(listed) as { value: { id: string }[] }).value.map((r) => r.id)
    for (const id of ids) assert.equal((await get(t, `${api}/${id}`)).statusCode, 200)

    const created = await t.app.inject({
      method: 'POST',
      url: api,
      headers: authHeader(),
      payload: privateCreate(),
    })
    assert.equal(created.statusCode, 200)
    const restored = await admin(t, 'POST', '/snapshots/three/restore')
    assert.equal(restored.statusCode, 200, restored.body)
    assert.equal((await get(t, api)).body, listed, 'the version 4 snapshot restores the three referrals')
  } finally {
    await t.close()
  }
  const db = new Database(join(old, 'cosell.db'), { readonly: true })
  assert.equal(
    db.prepare('SELECT max(version) FROM schema_migrations').pluck().get(),
    migrations.at(-1)!.version,
  )
  assert.doesNotMatch(referralTableSql(db), /WITHOUT ROWID/i)
  db.close()
})

const referralTableSql = (db: Database.Database) =>
  db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'referrals'").pluck().get() as string

test('the referral table is a rowid table after the migrations, with every index of the queries', () => {
  const db = new Database(':memory:')
  migrate(db)
  assert.doesNotMatch(referralTableSql(db), /WITHOUT ROWID/i)
  const indexes = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'referrals' AND sql IS NOT NULL",
    )
    .pluck()
    .all()
  assert.deepEqual(indexes.sort(), [
    'referrals_by_country',
    'referrals_by_created',
    'referrals_by_engagement',
    'referrals_by_status',
    'referrals_by_updated',
    'referrals_due_for_expiry',
  ])
  db.close()
})

/** Columns added without NOT NULL, whose NULL is what rows of older versions mean (migration 8: no domains). */
const nullableSince = new Set(['organizations."domains"'])

/** Each sandbox table's columns (those a snapshot holds, restored by name), at the version `db` is at. */
const sandboxColumns = (db: Database.Database) =>
  ensureSnapshotTables(db).map(({ table, columns }) => {
    const kept = columns.split(', ').filter((c) => !nullableSince.has(`${table}.${c}`))
    return `${table}: ${kept.sort().join(', ')}`
  })

test('a snapshot saved at any version whose sandbox tables have the newest columns is restorable after the upgrade', () => {
  const newest = new Database(':memory:')
  migrate(newest)
  const columns = sandboxColumns(newest)
  newest.close()
  const checked: number[] = []
  for (const { version } of migrations) {
    const db = new Database(':memory:')
    migrate(
      db,
      migrations.filter((m) => m.version <= version),
    )
    const hasSnapshots = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'snapshots'").get()
    if (hasSnapshots && JSON.stringify(sandboxColumns(db)) === JSON.stringify(columns)) {
      db.prepare("INSERT INTO snapshots VALUES ('saved', '2026-03-01T10:00:00.0000000Z', '{}', ?, '{}')").run(
        version,
      )
      migrate(db)
      assert.equal(
        db.prepare('SELECT schema_version FROM snapshots').pluck().get(),
        migrations.at(-1)!.version,
        `a snapshot saved at version ${version}`,
      )
      checked.push(version)
    }
    db.close()
  }
  // a migration that adds a sandbox table (9: the change log, 11: sync records) starts a new layout:
  // the versions from the last such one on share it, the newest at least (older snapshots are
  // brought up by their own migrations: test/store/upgrade)
  assert.ok(checked.includes(migrations.at(-1)!.version), `versions checked: ${checked.join(', ')}`)
})

test('a database written by a newer cosell is refused at open, naming both versions, and left as it was', () => {
  const dataDir = join(root, 'newer')
  mkdirSync(dataDir)
  const file = join(dataDir, 'cosell.db')
  const db = new Database(file)
  migrate(db)
  const future = Math.max(...migrations.map((m) => m.version)) + 1
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
    future,
    'from the future',
    '2030-01-01',
  )
  db.close()

  assert.throws(
    () => SqliteReferralStore.open(dataDir),
    (error: unknown) =>
      error instanceof StoreOpenError &&
      error.message.includes(`schema version ${future}, written by a newer cosell`) &&
      error.message.includes(`knows up to version ${future - 1}`),
  )
  const after = new Database(file, { readonly: true })
  try {
    assert.equal(after.prepare('SELECT max(version) FROM schema_migrations').pluck().get(), future)
  } finally {
    after.close()
  }
})
