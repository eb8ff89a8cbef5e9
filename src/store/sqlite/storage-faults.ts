// What the store knows of the machine under it. SQLite reports a full disk as SQLITE_FULL (ENOSPC
// on the database file or its WAL, or the page limit), and a damaged file as SQLITE_CORRUPT or
// SQLITE_NOTADB. Damage, once known, stays known until the server restarts on a repaired file; a
// full disk is over as soon as a write commits again.
import { StorageFault } from '../../domain/storage-fault.js'
import type { StorageHealth } from '../referral-store.js'

export class StorageFaults {
  private damage: string | undefined
  private full = false

  /** The StorageFault a SQLite error stands for, or the error itself when it is not the machine's. */
  translate(error: unknown): unknown {
    if (error instanceof StorageFault) return error
    const code = sqliteCode(error)
    if (code === 'SQLITE_FULL') {
      const firstSeen = !this.full
      this.full = true
      return new StorageFault('diskFull', firstSeen, error)
    }
    if (code !== undefined && isDamage(code)) {
      const firstSeen = this.damage === undefined
      this.damaged(`SQLite answered ${code}: ${(error as Error).message}`)
      return new StorageFault('databaseDamaged', firstSeen, error)
    }
    return error
  }

  /** A write committed: whatever filled the disk is over. */
  committed(): void {
    this.full = false
  }

  /** Damage found by a check rather than met by a request. */
  damaged(detail: string): void {
    this.damage ??= detail
  }

  health(): StorageHealth {
    if (this.damage !== undefined) {
      return {
        status: 'damaged',
        reason: `The database file is damaged (${this.damage}).`,
        action:
          'Stop the server, run `cosell doctor` on its data directory, then restore the directory from a backup or recover the file with the sqlite3 shell `.recover` command.',
      }
    }
    if (this.full) {
      return {
        status: 'diskFull',
        reason: 'The last write failed: the disk holding the data directory is full.',
        action: 'Free disk space; writes succeed again without a restart.',
      }
    }
    return { status: 'ok' }
  }
}

export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined
}

/** SQLITE_CORRUPT and its extended codes (SQLITE_CORRUPT_INDEX…), and a file that is not a database. */
export function isDamage(code: string): boolean {
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')
}
