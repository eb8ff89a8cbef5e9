// Opens the sync's state where the configuration says: a PostgreSQL URL, or an SQLite file.
import { PostgresRunner } from './postgres-runner.js'
import { SqliteRunner } from './sqlite-runner.js'
import { SqlSyncState } from './sql-sync-state.js'

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location)
}

export async function openSyncState(location: string, connection: string): Promise<SqlSyncState> {
  const runner = isPostgresUrl(location) ? PostgresRunner.open(location) : SqliteRunner.open(location)
  try {
    return await SqlSyncState.open(runner, connection)
  } catch (error) {
    await runner.close().catch(() => undefined)
    throw error
  }
}
