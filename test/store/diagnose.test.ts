// `cosell doctor`'s checks of a data directory (issue 9 item 5), run in-process: each finding says
// what it saw and, for a problem, what to do. The CLI's exit codes are in test/e2e/doctor.test.ts.
import assert from 'node:assert/strict'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { diagnoseDataDirectory, type Diagnosis } from '../../src/store/sqlite/diagnose.js'
import { migrate } from '../../src/store/sqlite/migrate.js'
import { migrations } from '../../src/store/sqlite/migrations/index.js'
import { garbleHeader, garbleMiddlePages } from '../support/damage.js'
import { scratchDirs, withReferrals } from '../support/scratch-dir.js'

const scratchDir = scratchDirs('cosell-doctor-')
const usedDataDir = async (referrals = 40) => (await withReferrals(scratchDir(), referrals)).dir

/** A database holding only the migrations up to `version`, or an extra one past the latest. */
function databaseAtVersion(version: number): string {
  const dir = scratchDir()
  const db = new Database(join(dir, 'cosell.db'))
  migrate(
    db,
    migrations.filter((m) => m.version <= version),
  )
  if (version > migrations.length) {
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      version,
      'future',
      '2030-01-01',
    )
  }
  db.close()
  chmodSync(join(dir, 'cosell.db'), 0o600)
  return dir
}

const finding = (d: Diagnosis, check: string) => d.findings.find((f) => f.check === check)
const failures = (d: Diagnosis) => d.findings.filter((f) => f.level === 'fail').map((f) => f.check)

describe('cosell doctor checks', () => {
  test('a sound data directory: every check passes and the rows are counted', async () => {
    const d = diagnoseDataDirectory(await usedDataDir(3))
    assert.deepEqual(failures(d), [])
    assert.equal(d.inUse, false)
    assert.match(finding(d, 'integrity')?.detail ?? '', /integrity_check: ok/)
    assert.match(finding(d, 'schema')?.detail ?? '', /current/)
    assert.match(finding(d, 'rows')?.detail ?? '', /^3 referrals, 2 organizations/)
    assert.equal(finding(d, 'database file mode')?.level, 'ok')
    assert.match(finding(d, 'free disk')?.detail ?? '', /free/)
  })

  test('garbage in the middle of the file fails integrity and says how to restore or recover', async () => {
    const dir = await usedDataDir()
    garbleMiddlePages(join(dir, 'cosell.db'))
    const d = diagnoseDataDirectory(dir)
    assert.deepEqual(failures(d), ['integrity'])
    assert.match(finding(d, 'integrity')?.advice ?? '', /backup.*\.recover/)
  })

  test('a corrupt header fails integrity naming SQLITE_NOTADB', async () => {
    const dir = await usedDataDir(1)
    garbleHeader(join(dir, 'cosell.db'))
    const d = diagnoseDataDirectory(dir)
    assert.deepEqual(failures(d), ['integrity'])
    assert.match(finding(d, 'integrity')?.detail ?? '', /SQLITE_NOTADB/)
  })

  test('an older schema will be upgraded at start; that is no problem', () => {
    const d = diagnoseDataDirectory(databaseAtVersion(3))
    assert.equal(finding(d, 'schema')?.level, 'ok')
    assert.match(finding(d, 'schema')?.detail ?? '', /version 3: will be upgraded to \d+ at start/)
  })

  test('a schema from a newer cosell fails, saying so', () => {
    const d = diagnoseDataDirectory(databaseAtVersion(99))
    assert.deepEqual(failures(d), ['schema'])
    assert.match(finding(d, 'schema')?.detail ?? '', /version 99: written by a newer cosell/)
  })

  test('a database other users may read is a warning with the chmod to run', async () => {
    const dir = await usedDataDir(1)
    chmodSync(join(dir, 'cosell.db'), 0o644)
    const d = diagnoseDataDirectory(dir)
    assert.equal(finding(d, 'database file mode')?.level, 'warn')
    assert.match(finding(d, 'database file mode')?.advice ?? '', /chmod 600/)
    assert.deepEqual(failures(d), [])
  })

  test('a missing directory or database file fails, naming COSELL_DATA_DIR', () => {
    for (const dir of [join(scratchDir(), 'absent'), scratchDir()]) {
      const d = diagnoseDataDirectory(dir)
      assert.equal(failures(d).length, 1, JSON.stringify(d.findings))
      assert.match(d.findings.at(-1)?.advice ?? '', /COSELL_DATA_DIR/)
    }
  })
})
