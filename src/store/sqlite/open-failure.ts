// Why the store could not open a data directory, as one sentence naming the file, the cause and
// the setting to change; errors that are not SQLite's (a directory that cannot be created) pass
// through for the caller to explain.
import { accessSync, constants } from 'node:fs'
import { StoreOpenError } from '../store-open-error.js'
import { isDamage, sqliteCode } from './storage-faults.js'

export { StoreOpenError }

export class DataDirectoryInUseError extends StoreOpenError {}

export function openFailure(error: unknown, directory: string, file: string): unknown {
  const code = sqliteCode(error)
  if (code === undefined) return error
  if (code === 'SQLITE_BUSY') {
    return new DataDirectoryInUseError(
      `The data directory ${directory} is in use by another cosell server (its database is locked). ` +
        'Stop that server, or give this one another COSELL_DATA_DIR.',
    )
  }
  if (isDamage(code)) {
    return new StoreOpenError(
      `The database ${file} is damaged or is not a cosell database (${code}: ${(error as Error).message}). ` +
        `Run \`cosell doctor --data-dir ${directory}\`, then restore the directory from a backup, or set COSELL_DATA_DIR to another directory.`,
    )
  }
  if (
    !writable(directory) ||
    !writable(file) ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM'
  ) {
    return new StoreOpenError(
      `Cannot open the database ${file} for writing (${code}: ${(error as Error).message}). ` +
        'Let the server write to it and to its directory, or set COSELL_DATA_DIR to a directory it may write.',
    )
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreOpenError(
      `Cannot read or write the database ${file} (${code}: ${(error as Error).message}): check the disk and the file system holding COSELL_DATA_DIR.`,
    )
  }
  return error
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK)
    return true
  } catch {
    return false
  }
}
