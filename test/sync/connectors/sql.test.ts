// The SQL connector: the contract on an SQLite file and on PostgreSQL (skipped, saying why, where
// no server is reachable), then what only SQL does: the trigger, its ordering of concurrent
// writers, columns and names refused.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import Database from 'better-sqlite3'
import type pg from 'pg'
import { schemaProblems } from '../../../src/domain/referral/schema-problems.js'
import { CrmNotFoundError, CrmRefusedError } from '../../../src/sync/connectors/connector.js'
import { sqlConnectorType, SqlSettingsSchema, type SqlSettings } from '../../../src/sync/connectors/sql.js'
import { createTableSql } from '../../../src/sync/connectors/sql-create-table.js'
import { freshDatabase, postgresUnavailable } from '../../support/postgres.js'
import { connectorContract } from './contract.js'
import {
  postgresSubject,
  postgresWriter,
  sample,
  scratchDir,
  sqliteSubject,
  sqliteWriter,
} from './sql-subject.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the SQL connector on PostgreSQL: ${unavailable}`)
const database = unavailable ? '' : await freshDatabase()

connectorContract('sql on SQLite', sqliteSubject)
connectorContract('sql on PostgreSQL', () => postgresSubject(database), unavailable)

const open = (settings: Omit<SqlSettings, 'type'>, baseDir = tmpdir()) =>
  sqlConnectorType.open({ type: 'sql', ...settings }, { env: {}, baseDir })

/** An SQLite file in a scratch directory, made by `sql`. */
function sqliteFile(sql: string): { dir: string; path: string } {
  const dir = scratchDir()
  const path = join(dir, 'crm.db')
  const db = new Database(path)
  db.exec(sql)
  db.close()
  return { dir, path }
}

describe('sql connector: the change-tracking trigger', () => {
  test('rows there before the first open get row versions, and outside writes move both columns', async () => {
    const { dir, path } = sqliteFile(createTableSql({ table: 'opportunities' }, 'sqlite'))
    const outside = sqliteWriter(path)
    await outside.run(
      "INSERT INTO opportunities (id, name) VALUES ('before-1', 'Deal A'), ('before-2', 'Deal B')",
    )
    const connector = await open({ url: 'sqlite:crm.db', table: 'opportunities' }, dir)
    try {
      const first = await connector.changes(undefined, 10)
      assert.deepEqual(first.records.map((r) => r.id).sort(), ['before-1', 'before-2'])
      const before = (await connector.get('before-1'))!

      await outside.run(
        "UPDATE opportunities SET modified_at = '2020-01-01T00:00:00.000Z', row_version = 1 WHERE id = 'before-1'",
      )
      const stamped = (await connector.get('before-1'))!
      assert.ok(Number(stamped.version) > Number(first.cursor), 'a row version set by hand is replaced')
      assert.equal(stamped.modifiedAt, '2020-01-01T00:00:00.000Z', 'a time the writer set is kept')

      await outside.run("UPDATE opportunities SET notes = 'by hand' WHERE id = 'before-1'")
      const edited = (await connector.get('before-1'))!
      assert.ok(Number(edited.version) > Number(stamped.version))
      assert.ok(
        edited.modifiedAt > before.modifiedAt,
        'the trigger stamps an edit that leaves the time alone',
      )
      const next = await connector.changes(first.cursor, 10)
      assert.deepEqual(next.records, [edited])
    } finally {
      await connector.close()
      await outside.close()
    }
  })

  test('a deleted newest row does not hand its row version out again', async () => {
    const { dir, path } = sqliteFile(createTableSql({ table: 'opportunities' }, 'sqlite'))
    const connector = await open({ url: 'sqlite:crm.db', table: 'opportunities' }, dir)
    const outside = sqliteWriter(path)
    try {
      await connector.create({ name: 'kept' })
      const gone = await connector.create({ name: 'deleted' })
      const { cursor } = await connector.changes(undefined, 10)
      await outside.run('DELETE FROM opportunities WHERE id = ?', [gone.id])
      const later = await connector.create({ name: 'after the delete' })
      assert.deepEqual((await connector.changes(cursor, 10)).records, [later])
    } finally {
      await connector.close()
      await outside.close()
    }
  })

  test(
    'PostgreSQL: a transaction that commits after a later one is not passed by the cursor',
    { skip: unavailable ?? false },
    async () => {
      const subject = await postgresSubject(database)
      const [slow, quick] = [await postgresWriter(database), await postgresWriter(database)]
      const table = subject.connector.label.replace(/^sql /, '')
      try {
        const [a, b] = [await subject.connector.create(sample(1)), await subject.connector.create(sample(2))]
        const { cursor } = await subject.connector.changes(undefined, 10)
        await slow.client.query('BEGIN')
        await slow.client.query(`UPDATE ${table} SET notes = 'slow' WHERE id = $1`, [a.id])
        const quickWrite = quick.client.query(`UPDATE ${table} SET notes = 'quick' WHERE id = $1`, [b.id])
        await waitUntilBlocked(slow.client, quick.client)
        // without the trigger's lock the quick write would commit a higher row version here and
        // the cursor would move past the slow one's
        const meanwhile = await subject.connector.changes(cursor, 10)
        assert.deepEqual(meanwhile.records, [])
        await slow.client.query('COMMIT')
        await quickWrite
        const page = await subject.connector.changes(meanwhile.cursor, 10)
        assert.deepEqual(
          page.records.map((r) => r.fields.notes),
          ['slow', 'quick'],
        )
      } finally {
        await subject.close()
        await slow.close()
        await quick.close()
      }
    },
  )
})

test(
  'PostgreSQL: the CRM’s writers and later opens need only rights on the table',
  { skip: unavailable ?? false },
  async () => {
    const subject = await postgresSubject(database)
    const table = subject.connector.label.replace(/^sql /, '')
    const role = `cosell_crm_writer_${process.pid}`
    const owner = await postgresWriter(database)
    await owner.client.query(`CREATE ROLE ${role} LOGIN; GRANT SELECT, INSERT, UPDATE ON ${table} TO ${role}`)
    const asRole = new URL(database)
    asRole.username = role
    try {
      const { id } = await subject.connector.create(sample(1))
      const { cursor } = await subject.connector.changes(undefined, 10)
      const writer = await postgresWriter(asRole.href)
      await writer.run(`UPDATE ${table} SET notes = 'by the replication' WHERE id = ?`, [id])
      await writer.close()
      const reopened = await open({ url: asRole.href, table })
      const page = await reopened.changes(cursor, 10)
      await reopened.close()
      assert.deepEqual(
        page.records.map((r) => r.fields.notes),
        ['by the replication'],
      )
    } finally {
      await subject.close()
      await owner.client.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`)
      await owner.close()
    }
  },
)

/** Waits, a few milliseconds at a time, until `waiter`'s statement waits for a lock `holder` holds. */
async function waitUntilBlocked(holder: pg.Client, waiter: pg.Client): Promise<void> {
  const pid = (client: pg.Client) => (client as unknown as { processID: number }).processID
  for (let i = 0; i < 500; i++) {
    const { rows } = await holder.query<{ blocked: boolean }>(
      'SELECT $1::int = ANY(pg_blocking_pids($2::int)) AS blocked',
      [pid(holder), pid(waiter)],
    )
    if (rows[0]?.blocked) return
    await new Promise((done) => setTimeout(done, 10))
  }
  assert.fail('the second writer never waited for the first')
}

describe('sql connector: refusals', () => {
  test('a write naming an unknown column is refused, naming it and listing the columns', async () => {
    const subject = await sqliteSubject()
    try {
      await assert.rejects(subject.connector.create({ name: 'x', nope: 1 }), (error: unknown) => {
        assert.ok(error instanceof CrmRefusedError)
        assert.match(error.message, /no column nope; its columns: id, name, account_name/)
        return true
      })
      const { id } = await subject.connector.create({ name: 'x' })
      await assert.rejects(
        subject.connector.update(id, { row_version: 7 }),
        /cannot write row_version: the change-tracking trigger sets it/,
      )
      await assert.rejects(
        subject.connector.update(id, { id: 'other' }),
        /the id column id cannot be changed/,
      )
      await assert.rejects(subject.connector.findBy('nope', 'x'), /no column nope/)
    } finally {
      await subject.close()
    }
  })

  test('table and column names must be plain identifiers; a schema may qualify the table', () => {
    const problems = (settings: object) =>
      schemaProblems(SqlSettingsSchema, {
        type: 'sql',
        url: 'sqlite:crm.db',
        table: 'opportunities',
        ...settings,
      }).map((p) => p.target)
    assert.deepEqual(problems({}), [])
    assert.deepEqual(problems({ table: 'crm.opportunities' }), [])
    assert.deepEqual(problems({ table: 'opportunities; DROP TABLE x' }), ['table'])
    assert.deepEqual(problems({ table: 'a.b.c' }), ['table'])
    assert.deepEqual(problems({ idColumn: 'id"' }), ['idColumn'])
    assert.deepEqual(problems({ versionColumn: 'row version' }), ['versionColumn'])
    assert.deepEqual(problems({ modifiedColumn: '1st' }), ['modifiedColumn'])
    assert.deepEqual(problems({ url: { env: 'CRM_DATABASE_URL' } }), [])
  })

  test('the URL, the file, the table and the tracking columns are checked at open', async () => {
    const { dir } = sqliteFile('CREATE TABLE plain (id TEXT PRIMARY KEY, name TEXT)')
    await assert.rejects(
      open({ url: 'mysql://host/db', table: 't' }),
      /must start with postgres:\/\/, postgresql:\/\/ or sqlite: \(it has mysql:\)/,
    )
    await assert.rejects(open({ url: { env: 'CRM_URL' }, table: 't' }), /CRM_URL is not set/)
    await assert.rejects(
      open({ url: 'sqlite:missing.db', table: 't' }, dir),
      /no SQLite database at .*missing\.db/,
    )
    await assert.rejects(
      open({ url: 'sqlite:crm.db', table: 'main.plain' }, dir),
      /schema-qualified name is for PostgreSQL only/,
    )
    await assert.rejects(open({ url: 'sqlite:crm.db', table: 'absent' }, dir), /no table absent/)
    await assert.rejects(open({ url: 'sqlite:crm.db', table: 'plain' }, dir), (error: unknown) => {
      assert.ok(error instanceof CrmRefusedError)
      assert.match(error.message, /has no column modified_at or row_version/)
      assert.match(
        error.message,
        /ALTER TABLE plain ADD COLUMN modified_at timestamptz; ALTER TABLE plain ADD COLUMN row_version bigint/,
      )
      return true
    })
  })
})

describe('sql connector: other layouts', () => {
  test('an integer key numbered by SQLite, and an id of the wrong shape naming no record', async () => {
    const { dir } = sqliteFile(
      'CREATE TABLE deals (deal_no INTEGER PRIMARY KEY, title TEXT, won BOOLEAN, changed TEXT, version INTEGER)',
    )
    const connector = await open(
      {
        url: 'sqlite:crm.db',
        table: 'deals',
        idColumn: 'deal_no',
        modifiedColumn: 'changed',
        versionColumn: 'version',
      },
      dir,
    )
    try {
      const created = await connector.create({ title: 'first', won: true })
      assert.equal(created.id, '1')
      assert.deepEqual(created.fields, { deal_no: 1, title: 'first', won: true })
      assert.deepEqual(await connector.findBy('deal_no', '1'), [created])
      assert.equal(await connector.get('not a number'), undefined)
    } finally {
      await connector.close()
    }
  })

  test(
    'PostgreSQL: a schema-qualified table with an identity key',
    { skip: unavailable ?? false },
    async () => {
      const writer = await postgresWriter(database)
      await writer.client.query(`CREATE SCHEMA crm;
      CREATE TABLE crm."Deals" (deal_no bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text, won boolean,
        created date, modified_at timestamp, row_version bigint)`)
      await writer.close()
      const connector = await open({ url: database, table: 'crm.Deals', idColumn: 'deal_no' })
      try {
        const created = await connector.create({ title: 'first', won: false, created: '2026-02-03' })
        assert.deepEqual(created.fields, { deal_no: 1, title: 'first', won: false, created: '2026-02-03' })
        assert.match(created.modifiedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
        assert.deepEqual(await connector.findBy('won', 'false'), [created])
        assert.equal(await connector.get('not a number'), undefined)
        await assert.rejects(connector.update('not a number', { title: 'x' }), CrmNotFoundError)
        await assert.rejects(connector.update(created.id, { created: 'not a date' }), (error: unknown) => {
          assert.ok(error instanceof CrmRefusedError)
          assert.match(error.message, /updating record 1: invalid input syntax for type date/)
          return true
        })
      } finally {
        await connector.close()
      }
      await assert.rejects(
        open({ url: database, table: 'crm.deals' }),
        /no table crm.deals in this database \(names are case-sensitive/,
      )
    },
  )

  test("createTableSql gives the default layout for each dialect; the example file holds PostgreSQL's", async () => {
    const example = await readFile(new URL('../../../examples/sync/crm-table.sql', import.meta.url), 'utf8')
    assert.ok(example.includes(createTableSql({ table: 'opportunities' }, 'postgres')))
    const sqlite = createTableSql({ table: 'deals', idColumn: 'deal_id', versionColumn: 'v' }, 'sqlite')
    assert.match(sqlite, /^CREATE TABLE "deals" \(\n {2}"deal_id" +TEXT PRIMARY KEY,\n/)
    assert.match(sqlite, /"v" +INTEGER\n\);/)
    assert.match(
      createTableSql({ table: 'crm.deals' }, 'postgres'),
      /CREATE INDEX "deals_referral_id_idx" ON "crm"."deals"/,
    )
  })
})
