// The PostgreSQL schema, as the migrations leave it, against docs/postgres.md's "Distributing with
// Citus": every table has one role there, the statements and the table of roles agree, and each
// distributed table can be distributed as the docs say (Citus needs every primary key and unique
// constraint to include the distribution column, co-located tables to share its type, and a table
// without a primary key a replica identity for its shards to move without blocking writes).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import { migrate } from '../../src/store/postgres/migrate.js'
import { citusLayout } from '../support/citus-layout.js'
import { freshDatabase, postgresUnavailable } from '../support/postgres.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the Citus layout of the PostgreSQL schema: ${unavailable}`)

interface UniqueIndex {
  table: string
  primary: boolean
  columns: string[]
}

interface Column {
  table: string
  column: string
  type: string
  collation: string | null
}

test(
  'every table of the PostgreSQL schema has one Citus role in the docs, and each distributed table keys by its distribution column first',
  { skip: unavailable ?? false },
  async () => {
    const client = new pg.Client(await freshDatabase())
    await client.connect()
    try {
      await migrate(client)
      const tables = (
        await client.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
        )
      ).rows.map((r) => r.name)
      const unique = (
        await client.query<UniqueIndex>(
          `SELECT c.relname AS table, i.indisprimary AS primary, array_agg(a.attname::text ORDER BY k.n) AS columns
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
           WHERE ns.nspname = current_schema() AND i.indisunique
           GROUP BY i.indexrelid, c.relname, i.indisprimary`,
        )
      ).rows
      const columns = (
        await client.query<Column>(
          `SELECT table_name AS table, column_name AS column, data_type AS type, collation_name AS collation
           FROM information_schema.columns WHERE table_schema = current_schema()`,
        )
      ).rows
      const foreignKeys = await client.query(
        `SELECT 1 FROM information_schema.table_constraints
         WHERE table_schema = current_schema() AND constraint_type = 'FOREIGN KEY'`,
      )
      const layout = citusLayout()

      assert.deepEqual(
        [...layout.roles.keys()].sort(),
        tables,
        'the table of roles names every table, and no other',
      )
      for (const table of tables) {
        const role = layout.roles.get(table)!
        const column = /^distributed by `(\w+)`$/.exec(role)?.[1]
        if (column !== undefined) assert.equal(layout.distributed.get(table), column, `${table}: ${role}`)
        else if (role === 'reference') assert.ok(layout.reference.has(table), `${table} is a reference table`)
        else assert.equal(role, 'local', table)
      }
      const stated = [...layout.distributed.keys(), ...layout.reference]
      assert.deepEqual(
        stated.filter((t) => !tables.includes(t)),
        [],
        'the statements name tables of the schema only',
      )
      assert.equal(new Set(stated).size, stated.length, 'a table has one role')

      const key = columns.find((c) => c.table === 'referrals' && c.column === 'organization_id')!
      for (const [table, column] of layout.distributed) {
        const indexes = unique.filter((u) => u.table === table)
        const primary = indexes.find((u) => u.primary)
        if (primary) assert.equal(primary.columns[0], column, `${table}'s primary key begins with ${column}`)
        for (const index of indexes)
          assert.ok(
            index.columns.includes(column),
            `${table}: unique (${index.columns.join(', ')}) holds ${column}`,
          )
        const found = columns.find((c) => c.table === table && c.column === column)
        assert.deepEqual(
          [found?.type, found?.collation],
          [key.type, key.collation],
          `${table}.${column} co-locates`,
        )
        if (table !== 'referrals') assert.equal(layout.colocatedWith.get(table), 'referrals', table)
      }
      const withoutKey = tables.filter(
        (t) => layout.roles.get(t) !== 'local' && !unique.some((u) => u.table === t && u.primary),
      )
      assert.deepEqual(
        withoutKey,
        [...layout.replicaIdentityFull].sort(),
        'a table without a primary key, and only such a table, gets REPLICA IDENTITY FULL',
      )
      assert.equal(foreignKeys.rowCount, 0, 'no foreign keys, so none to hold the distribution column')
    } finally {
      await client.end()
    }
  },
)
