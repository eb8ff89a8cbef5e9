// Damage is looked for when the store opens, with PRAGMA quick_check: it reads every page of the
// file, about 1.1–1.4 s for 100,000 referrals (a 500 MB file) on a loaded 2-core machine. It runs
// on the store's own connection (the file is held exclusively, so no other connection, in a worker
// thread or not, can read it meanwhile), before the server listens, for files up to 512 MiB; a
// larger file is served unchecked rather than kept offline for seconds, and `cosell doctor` checks
// it offline. Damage met while serving is caught anyway (storage-faults.ts).
import type { Database } from 'better-sqlite3'
import { statSync } from 'node:fs'
import { isDamage, sqliteCode } from './storage-faults.js'

/** Files up to this size are checked before the server listens. */
export const startCheckBytes = 512 * 1024 * 1024

export type StartCheck =
  | { readonly checked: true; readonly problems: readonly string[] }
  | { readonly checked: false; readonly bytes: number }

/** Problems quick_check reports, at most 20 (it stops counting there). */
export function startCheck(db: Database, file: string, limit = startCheckBytes): StartCheck {
  const bytes = statSync(file).size
  if (bytes > limit) return { checked: false, bytes }
  try {
    const rows = db.prepare('PRAGMA quick_check(20)').pluck().all() as string[]
    return { checked: true, problems: rows.length === 1 && rows[0] === 'ok' ? [] : rows }
  } catch (error) {
    const code = sqliteCode(error)
    if (code === undefined || !isDamage(code)) throw error
    return { checked: true, problems: [(error as Error).message] } // too damaged to finish the check
  }
}
