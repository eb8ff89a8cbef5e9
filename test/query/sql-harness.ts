// Real databases for the query tests: the referrals table of the store (same layout the lead's
// migrations create), filled with generated documents, and a loop that lists through every page by
// following $skiptoken exactly as a client follows @odata.nextLink.
import Database from 'better-sqlite3'
import pg from 'pg'
import { compileListQuery, finishPage, parseQueryOptions } from '../../src/query/index.js'
import { compareByOrder, evaluateFilter } from '../../src/query/evaluate.js'
import type {
  ColumnMap,
  Dialect,
  OptionsContext,
  RawQuery,
  SqlFragment,
  TableLayout,
} from '../../src/query/index.js'
import { postgres } from '../../src/query/dialects/postgres.js'
import { sqlite } from '../../src/query/dialects/sqlite.js'
import { referralCatalogue } from '../../src/domain/referral/field-catalogue.js'

export const columns: ColumnMap = {
  id: 'id',
  engagementId: 'engagement_id',
  organizationId: 'organization_id',
  status: 'status',
  substatus: 'substatus',
  type: 'type',
  direction: 'direction',
  qualification: 'qualification',
  createdDateTime: 'created_date_time',
  updatedDateTime: 'updated_date_time',
  eTag: 'e_tag',
}

export const table: TableLayout = { name: 'referrals', document: 'doc', columns }

export const context: OptionsContext = {
  catalogue: referralCatalogue,
  pagingKey: 'test-paging-key',
  now: '2024-03-01T12:00:00.0000000Z',
  scope: 'tenant-a',
}

export const tenant = '00000000-0000-4000-8000-0000000000a1'

export type Harness = {
  readonly dialect: Dialect
  load(docs: readonly Record<string, unknown>[]): Promise<void>
  run(query: SqlFragment): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

const textColumns = [
  'id',
  'organization_id',
  'engagement_id',
  'status',
  'substatus',
  'type',
  'direction',
  'qualification',
  'created_date_time',
  'updated_date_time',
  'e_tag',
]

function row(doc: Record<string, unknown>): unknown[] {
  const value = (key: string): unknown => doc[key]
  return [
    value('id'),
    value('organizationId'),
    value('engagementId'),
    value('status'),
    value('substatus'),
    value('type'),
    value('direction'),
    value('qualification'),
    value('createdDateTime'),
    value('updatedDateTime'),
    value('eTag'),
    JSON.stringify(doc),
  ]
}

export function openSqlite(): Harness {
  const db = new Database(':memory:')
  db.exec(
    `CREATE TABLE referrals (${textColumns.map((name) => `${name} TEXT NOT NULL`).join(', ')}, doc TEXT NOT NULL, PRIMARY KEY (id))`,
  )
  const insert = db.prepare(`INSERT INTO referrals VALUES (${textColumns.map(() => '?').join(', ')}, ?)`)
  return {
    dialect: sqlite,
    load: (docs) => {
      db.exec('DELETE FROM referrals')
      for (const doc of docs) insert.run(...row(doc))
      return Promise.resolve()
    },
    run: (query) => Promise.resolve(db.prepare(query.sql).all(...query.params) as Record<string, unknown>[]),
    close: () => {
      db.close()
      return Promise.resolve()
    },
  }
}

/** A PostgreSQL harness in a schema of its own, or the reason there is none. */
export async function openPostgres(): Promise<Harness | string> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'test',
    connectionTimeoutMillis: 2000,
  })
  try {
    await client.connect()
  } catch (error) {
    return `PostgreSQL is not reachable on 127.0.0.1:5432 (${(error as Error).message})`
  }
  const schema = `query_test_${process.pid}_${Math.floor(performance.now())}`
  await client.query(`CREATE SCHEMA ${schema}`)
  await client.query(`SET search_path TO ${schema}`)
  // COLLATE "C" on text columns lets the code-point ORDER BY of the compiler use their indexes.
  await client.query(
    `CREATE TABLE referrals (${textColumns.map((name) => `${name} TEXT COLLATE "C" NOT NULL`).join(', ')}, doc JSONB NOT NULL, PRIMARY KEY (id))`,
  )
  const placeholders = textColumns.map((_, index) => `$${index + 1}`).join(', ')
  return {
    dialect: postgres,
    load: async (docs) => {
      await client.query('DELETE FROM referrals')
      for (const doc of docs)
        await client.query(
          `INSERT INTO referrals VALUES (${placeholders}, $${textColumns.length + 1}::jsonb)`,
          row(doc),
        )
    },
    run: async (query) =>
      (await client.query(query.sql, [...query.params])).rows as Record<string, unknown>[],
    close: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`)
      await client.end()
    },
  }
}

export type Listing = { readonly ids: string[]; readonly count: number; readonly pages: number }

/** Lists every page through the database, following skip tokens; throws on problems (tests only). */
export async function listThroughDatabase(
  harness: Harness,
  raw: RawQuery,
  maxPageSize: number,
): Promise<Listing> {
  const ids: string[] = []
  let token: string | undefined
  let pages = 0
  let count = -1
  do {
    const plan = parseQueryOptions({ ...raw, ...(token === undefined ? {} : { $skiptoken: token }) }, context)
    if (!plan.ok) throw new Error(plan.problems.map((problem) => problem.message).join('; '))
    const compiled = compileListQuery(plan.value, harness.dialect, table, {
      scope: { column: 'organization_id', value: tenant },
      maxPageSize,
    })
    if (pages === 0) count = Number((await harness.run(compiled.count))[0]?.count)
    const page = finishPage(plan.value, compiled, await harness.run(compiled.rows), context.pagingKey)
    ids.push(...page.rows.map((row) => String(row[`k${compiled.keyCount - 1}`]))) // the last key is always id
    token = page.skipToken
    pages += 1
    if (pages > 1000) throw new Error('paging does not end')
  } while (token !== undefined)
  return { ids, count, pages }
}

/** The same listing computed by the evaluator alone. */
export function listThroughOracle(docs: readonly Record<string, unknown>[], raw: RawQuery): Listing {
  const plan = parseQueryOptions(raw, context)
  if (!plan.ok) throw new Error(plan.problems.map((problem) => problem.message).join('; '))
  const { filter, orderBy, skip, top } = plan.value
  const matching = docs.filter((doc) => evaluateFilter(filter, doc))
  const sorted = [...matching].sort(compareByOrder(orderBy))
  const ids = sorted.slice(skip, top === undefined ? undefined : skip + top).map((doc) => String(doc.id))
  return { ids, count: matching.length, pages: 0 }
}
