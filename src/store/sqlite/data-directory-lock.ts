// One server per data directory. The database itself is shared with the server's own reader
// threads (WAL lets them read beside the writer), so the guard is a second, tiny SQLite file,
// `cosell.lock`, held with an exclusive lock for the server's whole life: a second server on the
// same directory fails at start-up, and the operating system drops the lock when the process dies,
// so nothing stale is left behind.
import Database from 'better-sqlite3'
import { join, resolve } from 'node:path'
import { openFailure } from './open-failure.js'

/** Takes the directory's lock, or throws DataDirectoryInUseError (or why it could not); close() lets it go. */
export function lockDataDirectory(dataDir: string): Database.Database {
  const file = join(resolve(dataDir), 'cosell.lock')
  let lock: Database.Database | undefined
  try {
    lock = new Database(file, { timeout: 0 })
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.pragma('journal_mode = DELETE') // a rollback journal: EXCLUSIVE then holds the file itself
    lock.exec('BEGIN EXCLUSIVE; COMMIT') // in EXCLUSIVE locking mode the write lock stays taken
    return lock
  } catch (error) {
    lock?.close()
    throw openFailure(error, resolve(dataDir), file)
  }
}
