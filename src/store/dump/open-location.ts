// Where a dump is read from or loaded into: a PostgreSQL URL (postgres:// or postgresql://) or,
// anything else, an embedded store's data directory.
import { PostgresDumpSource } from '../postgres/dump-source.js'
import { PostgresDumpTarget } from '../postgres/dump-target.js'
import { SqliteDumpSource } from '../sqlite/dump-source.js'
import { SqliteDumpTarget } from '../sqlite/dump-target.js'
import type { DumpSource, DumpTarget } from './dump-port.js'

export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

export async function openDumpSource(location: string): Promise<DumpSource> {
  return isDatabaseUrl(location) ? PostgresDumpSource.open(location) : SqliteDumpSource.open(location)
}

export async function openDumpTarget(location: string): Promise<DumpTarget> {
  return isDatabaseUrl(location) ? PostgresDumpTarget.open(location) : SqliteDumpTarget.open(location)
}
