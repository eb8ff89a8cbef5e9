// One server per data directory. The database itself is shared with the server's own reader
// threads (WAL lets them read beside the writer), so the guard is a second, tiny SQLite file,
// `cosell.lock`, held with an exclusive lock for the server's whole life: a second server on the
// same directory fails at start-up, and the operating system drops the lock when the process dies,
// so nothing stale is left behind.
import Database from 'better-sqlite3'
import { join, resolve } from 'node:path'

export class DataDirectoryInUseError extends Error {}

export function inUseError(dataDir: string): DataDirectoryInUseError {
  return new DataDirectoryInUseError(
    `The data directory ${resolve(dataDir)} is in use by another cosell server (its database is locked). ` +
      'Stop that server, or give this one another COSELL_DATA_DIR.',
  )
}

/** Takes the directory's lock, or throws DataDirectoryInUseError; close() lets it go. */
export function lockDataDirectory(dataDir: string): Database.Database {
  const lock = new Database(join(resolve(dataDir), 'cosell.lock'), { timeout: 0 })
  try {
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.pragma('journal_mode = DELETE') // a rollback journal: EXCLUSIVE then holds the file itself
    lock.exec('BEGIN EXCLUSIVE; COMMIT') // in EXCLUSIVE locking mode the write lock stays taken
    return lock
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw inUseError(dataDir)
    throw error
  }
}

export function isBusy(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_BUSY'
}
