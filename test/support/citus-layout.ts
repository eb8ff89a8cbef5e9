// How docs/postgres.md says the PostgreSQL schema distributes on Citus, read from its "Distributing
// with Citus" section: the create_distributed_table / create_reference_table statements and the
// table of roles. The tests hold the schema and the statements the store sends against it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './doc-blocks.js'

export interface CitusLayout {
  /** Distributed table → its distribution column, from the statements. */
  readonly distributed: ReadonlyMap<string, string>
  /** Distributed table → the table it is co-located with, when the statement names one. */
  readonly colocatedWith: ReadonlyMap<string, string>
  /** Reference tables, from the statements. */
  readonly reference: ReadonlySet<string>
  /** Tables given REPLICA IDENTITY FULL (what logical replication needs of a table without a primary key). */
  readonly replicaIdentityFull: ReadonlySet<string>
  /** Table → its role as the table of roles words it ("distributed by `x`", "reference", "local"). */
  readonly roles: ReadonlyMap<string, string>
}

export function citusLayout(): CitusLayout {
  const docs = readFileSync(join(repoRoot, 'docs', 'postgres.md'), 'utf8')
  const start = docs.indexOf('## Distributing with Citus')
  if (start < 0) throw new Error('docs/postgres.md has no "Distributing with Citus" section')
  const section = docs.slice(start).split(/\n## /)[0]!
  const distributed = new Map<string, string>()
  const colocatedWith = new Map<string, string>()
  for (const [, table, column, colocate] of section.matchAll(
    /create_distributed_table\('(\w+)', '(\w+)'(?:, colocate_with => '(\w+)')?\)/g,
  )) {
    distributed.set(table!, column!)
    if (colocate !== undefined) colocatedWith.set(table!, colocate)
  }
  const reference = new Set([...section.matchAll(/create_reference_table\('(\w+)'\)/g)].map((m) => m[1]!))
  const replicaIdentityFull = new Set(
    [...section.matchAll(/ALTER TABLE (\w+) REPLICA IDENTITY FULL;/g)].map((m) => m[1]!),
  )
  const roles = new Map<string, string>()
  for (const [, tables, role] of section.matchAll(/^\| ((?:`\w+`(?:, )?)+) *\| ([^|]+) \|/gm))
    for (const [, table] of tables!.matchAll(/`(\w+)`/g)) roles.set(table!, role!.trim())
  return { distributed, colocatedWith, reference, replicaIdentityFull, roles }
}
