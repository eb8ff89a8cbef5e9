// The SQL connector's contract subjects: a table in the default layout, in an SQLite file or a
// PostgreSQL database, with a second connection of its own that writes as the CRM's replication
// would.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { CrmFields } from '../../../src/sync/connectors/connector.js'
import { sqlConnectorType, type SqlSettings } from '../../../src/sync/connectors/sql.js'
import { createTableSql } from '../../../src/sync/connectors/sql-create-table.js'
import type { ContractSubject } from './contract.js'

/** Statements as the CRM's replication sends them, with `?` placeholders. */
export interface OutsideWriter {
  run(sql: string, params?: readonly unknown[]): Promise<void>
  close(): Promise<void>
}

export function sqliteWriter(path: string): OutsideWriter {
  const db = new Database(path, { timeout: 5000 })
  const bind = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v)
  return {
    run: (sql, params = []) => Promise.resolve(void db.prepare(sql).run(...params.map(bind))),
    close: () => Promise.resolve(void db.close()),
  }
}

export async function postgresWriter(url: string): Promise<OutsideWriter & { client: pg.Client }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const numbered = (sql: string) => {
    let n = 0
    return sql.replace(/\?/g, () => `$${++n}`)
  }
  return {
    client,
    run: async (sql, params = []) => void (await client.query(numbered(sql), [...params])),
    close: () => client.end(),
  }
}

export const sample = (n: number): CrmFields => ({
  name: `Deal ${n}`,
  account_name: `Account ${n}`,
  amount: 1000 + n + 0.25,
  close_date: `2026-0${1 + (n % 9)}-1${n % 10}`,
  stage: 'Prospecting',
  referral_id: `ref-${n}`,
  sync_to_partner_center: n % 2 === 0,
})

/** A scratch directory removed when the test file ends. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-sql-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A subject on a table made by `createTableSql`, written outside the connector through `writer`. */
export async function sqlSubject(
  settings: SqlSettings,
  baseDir: string,
  writer: OutsideWriter,
): Promise<ContractSubject> {
  const connector = await sqlConnectorType.open(settings, { env: {}, baseDir })
  const table = settings.table
  return {
    connector,
    sample,
    textField: 'name',
    keyField: 'referral_id',
    async editOutside(id, fields) {
      const names = Object.keys(fields)
      await writer.run(`UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`, [
        ...Object.values(fields),
        id,
      ])
    },
    async createOutside(fields) {
      const id = `outside-${randomUUID()}`
      const names = ['id', ...Object.keys(fields)]
      await writer.run(
        `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        [id, ...Object.values(fields)],
      )
      return id
    },
    async close() {
      await connector.close()
      await writer.close()
    },
  }
}

let tables = 0

/** A fresh SQLite file holding an empty table in the default layout. */
export async function sqliteSubject(): Promise<ContractSubject> {
  const dir = scratchDir()
  const db = new Database(join(dir, 'crm.db'))
  db.exec(createTableSql({ table: 'opportunities' }, 'sqlite'))
  db.close()
  return sqlSubject(
    { type: 'sql', url: 'sqlite:crm.db', table: 'opportunities' },
    dir,
    sqliteWriter(join(dir, 'crm.db')),
  )
}

/** A new table in the default layout, in the database at `url`. */
export async function postgresSubject(url: string): Promise<ContractSubject> {
  const table = `opportunities_${++tables}`
  const writer = await postgresWriter(url)
  await writer.client.query(createTableSql({ table }, 'postgres'))
  return sqlSubject({ type: 'sql', url, table }, tmpdir(), writer)
}
