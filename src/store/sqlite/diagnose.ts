// `cosell doctor`'s checks of a data directory, with no server running: each finding says what was
// looked at, what was found and, for a problem, what to do. The database is opened read-only and
// nothing is written; a running server holds the directory's lock (cosell.lock), which the check
// reports instead.
import Database from 'better-sqlite3'
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { latestKnown as latestVersion } from './migrate.js'
import { isDamage, sqliteCode } from './storage-faults.js'

export type FindingLevel = 'ok' | 'warn' | 'fail'

export interface Finding {
  readonly level: FindingLevel
  readonly check: string
  readonly detail: string
  /** What to do about a warning or a failure. */
  readonly advice?: string
}

export interface Diagnosis {
  readonly directory: string
  readonly findings: readonly Finding[]
  /** A server holds the database: nothing past the files could be checked. */
  readonly inUse: boolean
}

/** Below this much free space the next large write may fail with 507. */
const lowDiskBytes = 100 * 2 ** 20

const repair =
  'Stop using this file. Restore the whole data directory from a backup taken while the server was stopped, ' +
  "or save what can still be read: sqlite3 cosell.db '.recover' | sqlite3 recovered.db, then keep cosell.db aside and move recovered.db into its place."

/** Whether a server holds the directory's lock file (data-directory-lock.ts): a read of it is refused. */
function serverHolds(directory: string): boolean {
  const lockFile = join(directory, 'cosell.lock')
  if (!existsSync(lockFile)) return false
  let lock: Database.Database | undefined
  try {
    lock = new Database(lockFile, { readonly: true, fileMustExist: true, timeout: 0 })
    lock.prepare('SELECT count(*) FROM sqlite_schema').get()
    return false
  } catch (error) {
    return sqliteCode(error) === 'SQLITE_BUSY'
  } finally {
    lock?.close()
  }
}

export function diagnoseDataDirectory(dataDir: string): Diagnosis {
  const directory = resolve(dataDir)
  const file = join(directory, 'cosell.db')
  const findings: Finding[] = []
  const done = (inUse = false): Diagnosis => ({ directory, findings, inUse })

  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    findings.push(fail('data directory', `${directory} is not a directory`, pointElsewhere))
    return done()
  }
  findings.push(access('data directory', directory, 'the server must create and replace files in it'))
  if (!existsSync(file)) {
    findings.push(fail('database file', `no cosell.db in ${directory}`, pointElsewhere))
    return done()
  }
  findings.push(access('database file', file, 'the server must write it'), ownerOnly('database file', file))
  findings.push(freeDisk(directory))
  findings.push(signingKey(join(directory, 'signing-key.json')))

  if (serverHolds(directory)) {
    findings.push(
      fail(
        'lock',
        'a cosell server is running on this data directory (it holds cosell.lock)',
        'Stop that server to check the file, or ask the running server: GET /healthz.',
      ),
    )
    return done(true)
  }
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 })
    db.prepare('SELECT count(*) FROM sqlite_schema').get() // the first read meets a bad header
  } catch (error) {
    db?.close()
    findings.push(damaged(error, 'the file cannot be opened as a database'))
    return done()
  }
  try {
    for (const check of [integrity, schema, rows]) findings.push(orDamage(db, check))
  } finally {
    db.close()
  }
  return done()
}

/** Damage a check could not get past: the integrity check fails with it, the others just say so. */
function orDamage(db: Database.Database, check: (db: Database.Database) => Finding): Finding {
  try {
    return check(db)
  } catch (error) {
    if (check === integrity) return damaged(error, 'PRAGMA integrity_check stopped')
    const code = sqliteCode(error)
    if (code === undefined || !isDamage(code)) throw error
    return { level: 'warn', check: check.name, detail: `could not be read (${code}): see integrity` }
  }
}

function damaged(error: unknown, what: string): Finding {
  const code = sqliteCode(error)
  if (code === undefined || !isDamage(code)) throw error
  return fail('integrity', `${what}: the file is malformed (${code}: ${(error as Error).message})`, repair)
}

const pointElsewhere =
  'Point COSELL_DATA_DIR (or --data-dir) at the directory the server uses; a new server creates it on first start.'

function access(check: string, path: string, why: string): Finding {
  try {
    accessSync(path, constants.R_OK | constants.W_OK)
    return ok(check, `${path} is readable and writable`)
  } catch (error) {
    return fail(
      check,
      `${path}: ${(error as Error).message}`,
      `Give the server's user read and write access: ${why}.`,
    )
  }
}

function ownerOnly(check: string, path: string): Finding {
  const mode = statSync(path).mode & 0o777
  const text = mode.toString(8).padStart(3, '0')
  if ((mode & 0o077) === 0) return ok(`${check} mode`, `${text}: readable by its owner only`)
  return warn(`${check} mode`, `${text}: other users may read it`, `chmod 600 ${path}`)
}

function freeDisk(directory: string): Finding {
  const { bavail, bsize } = statfsSync(directory)
  const free = bavail * bsize
  if (free >= lowDiskBytes) return ok('free disk', `${mebibytes(free)} free`)
  return fail(
    'free disk',
    `only ${mebibytes(free)} free`,
    'Free disk space: writes fail with 507 insufficientStorage when the disk is full.',
  )
}

function signingKey(path: string): Finding {
  if (!existsSync(path)) return ok('signing key', 'none yet: the server makes one at start')
  const mode = statSync(path).mode & 0o777
  if ((mode & 0o077) === 0) return ok('signing key', `${path}, mode ${mode.toString(8)}`)
  return warn(
    'signing key',
    `${path} is readable by other users (mode ${mode.toString(8)})`,
    `chmod 600 ${path}`,
  )
}

function integrity(db: Database.Database): Finding {
  const problems = db.prepare('PRAGMA integrity_check(20)').pluck().all() as string[]
  if (problems.length === 1 && problems[0] === 'ok') return ok('integrity', 'PRAGMA integrity_check: ok')
  return fail('integrity', `PRAGMA integrity_check found: ${problems.slice(0, 5).join('; ')}`, repair)
}

function schema(db: Database.Database): Finding {
  const known = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'schema_migrations'").get()
  if (!known) return fail('schema', 'no schema_migrations table: not a cosell database', pointElsewhere)
  const version =
    (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0
  if (version === latestVersion) return ok('schema', `version ${version}, current`)
  if (version < latestVersion) {
    return ok('schema', `version ${version}: will be upgraded to ${latestVersion} at start`)
  }
  return fail(
    'schema',
    `version ${version}: written by a newer cosell (this one knows up to ${latestVersion})`,
    'Run the newer cosell on this directory, or restore a backup made by this version.',
  )
}

function rows(db: Database.Database): Finding {
  const count = (table: string) => {
    const exists = db.prepare('SELECT 1 FROM sqlite_schema WHERE type = ? AND name = ?').get('table', table)
    return exists ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0
  }
  const tables = ['referrals', 'organizations', 'users', 'snapshots'] as const
  return ok('rows', tables.map((t) => `${count(t)} ${t}`).join(', '))
}

function mebibytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`
}

const ok = (check: string, detail: string): Finding => ({ level: 'ok', check, detail })
const warn = (check: string, detail: string, advice: string): Finding => ({
  level: 'warn',
  check,
  detail,
  advice,
})
const fail = (check: string, detail: string, advice: string): Finding => ({
  level: 'fail',
  check,
  detail,
  advice,
})
