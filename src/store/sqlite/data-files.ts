// The database holds every partner's referrals, so its files are their owner's alone: the file is
// created 0600 before SQLite opens it (SQLite gives its WAL the database file's mode), in a
// directory created 0700. Existing files and directories keep the modes their owner chose.
import { closeSync, mkdirSync, openSync } from 'node:fs'

export const ownerOnlyFile = 0o600
export const ownerOnlyDirectory = 0o700

export function prepareDataFiles(directory: string, file: string): void {
  mkdirSync(directory, { recursive: true, mode: ownerOnlyDirectory })
  try {
    closeSync(openSync(file, 'wx', ownerOnlyFile))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}
