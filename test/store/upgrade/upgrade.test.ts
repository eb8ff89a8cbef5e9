// Upgrading a data directory that an older version wrote, with data in it, from every schema
// version: for each migration N, a directory at version N-1 holding every shape of data that
// version had room for is opened by the current server, and then its tables and every read
// (read-paths.ts: at first, after time moves on and referrals expire, and after restoring a
// snapshot taken before the upgrade) must equal those of the same data written fresh at the current
// version. A migration that forgets to carry old rows over (a backfill, a copy, a snapshot's
// version) leaves the upgraded directory answering differently.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { migrations } from '../../../src/store/sqlite/migrations/index.js'
import { SqliteReferralStore } from '../../../src/store/sqlite/store.js'
import { collectionUrl } from '../../support/referral-api.js'
import { killHard, startServer, stopAll } from '../../support/server-process.js'
import { countedIds, makeTestApp } from '../../support/test-app.js'
import {
  databaseFile,
  latestVersion,
  layoutAt,
  readRows,
  writeDataDirectory,
  type Rows,
} from './data-directory-at-version.js'
import { callers, readEverything, type Reading, type Readings } from './read-paths.js'
import { snapshotName, writeSourceData, type SourceFacts } from './source-data.js'

const root = mkdtempSync(join(tmpdir(), 'cosell-upgrade-'))
after(async () => {
  await stopAll()
  rmSync(root, { recursive: true, force: true })
})

let source: Rows
let facts: SourceFacts
let ids: string[]

before(async () => {
  const dataDir = join(root, 'source')
  facts = await writeSourceData(dataDir)
  source = readRows(databaseFile(dataDir))
  ids = (source.rows.get('referrals') ?? []).map((row) => String(row.id)).sort()
})

for (const migration of migrations.filter((m) => m.version >= 2)) {
  const from = migration.version - 1
  test(`migration ${migration.version} (${migration.name}) upgrades a data directory of version ${from} holding data: its tables and every read equal those of the same data written at version ${latestVersion}`, async () => {
    const upgraded = join(root, `version-${from}`)
    const fresh = join(root, `version-${from}-fresh`)
    mkdirSync(upgraded)
    mkdirSync(fresh)
    writeDataDirectory(upgraded, source, from)
    writeDataDirectory(fresh, source, latestVersion, layoutAt(from))

    const tables = await tablesAfterOpening(upgraded)
    const expectedTables = await tablesAfterOpening(fresh)
    assert.deepEqual([...tables.keys()], [...expectedTables.keys()], 'the same tables')
    for (const [table, rows] of expectedTables)
      assert.deepEqual(tables.get(table), rows, `the rows of ${table}`)

    const withSnapshots = layoutAt(from).has('snapshots')
    const expected = await readSession(fresh, withSnapshots)
    assertWorthComparing(expected, withSnapshots)
    const answered = await readSession(upgraded, withSnapshots)
    for (const [name, reading] of expected) assert.deepEqual(answered.get(name), reading, name)
    assert.deepEqual([...answered.keys()], [...expected.keys()])
  })
}

test('cosell serve started on a data directory of version 1 lists what a server on the same data written fresh lists', async () => {
  const upgraded = join(root, 'served-version-1')
  const fresh = join(root, 'served-version-1-fresh')
  mkdirSync(upgraded)
  mkdirSync(fresh)
  writeDataDirectory(upgraded, source, 1)
  writeDataDirectory(fresh, source, latestVersion, layoutAt(1))
  const t = await makeTestApp({ dataDir: fresh })
  const server = await startServer(upgraded)
  try {
    const queries = [
      '?$top=100',
      `?$filter=${encodeURIComponent(`engagementId eq '${facts.sharedEngagement}'`)}`,
    ]
    for (const [caller, headers] of Object.entries(callers)) {
      for (const query of queries) {
        const expected = await t.app.inject({ method: 'GET', url: `${collectionUrl}${query}`, headers })
        const served = await fetch(`${server.url}${collectionUrl}${query}`, { headers })
        const body = (await served.text()).replaceAll(server.url, 'http://localhost:80')
        assert.equal(served.status, expected.statusCode, `${caller}: ${query}`)
        assert.deepEqual(JSON.parse(body), expected.json(), `${caller}: ${query}`)
      }
    }
  } finally {
    await killHard(server)
    await t.close()
  }
})

/** Opens the directory with the current store (which migrates it), then reads every table but the migration log. */
async function tablesAfterOpening(dataDir: string): Promise<Map<string, unknown[]>> {
  await SqliteReferralStore.open(dataDir).close()
  const { rows } = readRows(databaseFile(dataDir))
  const sorted = [...rows]
    .filter(([table]) => table !== 'schema_migrations')
    .map(([table, held]): [string, unknown[]] => [table, [...held].sort(byContent)])
  return new Map(sorted)
}

const byContent = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b))

/** Every read; then 30 days on, every list; then, where the data has snapshots, a restore and every list. */
async function readSession(dataDir: string, withSnapshots: boolean): Promise<Readings> {
  const t = await makeTestApp({ dataDir, ids: countedIds() })
  try {
    const readings: Readings = await readEverything(t, facts, ids)
    const step = async (name: string, url: string, payload?: object) => {
      const response = await t.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}) })
      readings.set(name, { status: response.statusCode, body: response.json() })
      for (const [read, reading] of await readEverything(t, facts)) readings.set(`${name}, ${read}`, reading)
    }
    await step('30 days on', '/_cosell/clock', { advance: 'P30D' })
    if (withSnapshots) await step('restore', `/_cosell/snapshots/${snapshotName}/restore`)
    return readings
  } finally {
    await t.close()
  }
}

/** The comparison is only as good as the data: each path under test must have something to show. */
function assertWorthComparing(readings: Readings, withSnapshots: boolean): void {
  const listed = (name: string) =>
    ((readings.get(name)?.body ?? {}) as { value?: unknown[] }).value?.length ?? 0
  assert.ok(listed('tenant A claimed user: every page 1') >= 3, 'a Referral User sees their referrals')
  assert.ok(listed('tenant A directory user: every page 1') >= 3, 'a Referral User sees their referrals')
  assert.ok(listed('tenant B directory user: every page 1') >= 1, 'a Referral User sees their referrals')
  assert.ok(listed(`tenant B admin: engagementId eq '${facts.sharedEngagement}'`) >= 3, 'related referrals')
  assert.ok(listed("tenant A admin: customerProfile/address/country eq 'us'") >= 3, 'the country filter')
  assert.ok((readings.get('due for expiry')?.body as unknown[]).length >= 3, 'referrals due to expire')
  const moved = readings.get('30 days on')?.body as { expired?: number } | undefined
  assert.ok((moved?.expired ?? 0) >= 3, `referrals expire: ${JSON.stringify(moved)}`)
  const restore: Reading | undefined = readings.get('restore')
  if (withSnapshots) assert.equal(restore?.status, 200, JSON.stringify(restore?.body))
}
