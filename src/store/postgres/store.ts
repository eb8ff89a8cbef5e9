// The PostgreSQL store, selected by DATABASE_URL: the same port as the embedded store, for several
// stateless servers on one database. Every statement a tenant's request issues names the
// organisation (the leading key of each table), so the tables can be distributed by organisation
// on Citus; the few that cannot (a referral found by id alone for Microsoft's side, an
// engagement's referrals across organisations) are said so where they are.
import { randomBytes } from 'node:crypto'
import type { ActivityFilter } from '../../domain/change/activity-query.js'
import type { ChangeCause, ChangeRecord } from '../../domain/change/change-record.js'
import { fieldChanges } from '../../domain/change/field-changes.js'
import type { Referral } from '../../domain/referral/schema.js'
import {
  compileListQuery,
  postgres,
  type Expr,
  type ListPlan,
  type SqlFragment,
  type TableLayout,
} from '../../query/index.js'
import type { ActivityPage } from '../change-feed.js'
import { listPage } from '../list-page.js'
import { referralColumns, rowColumns, rowValues } from '../referral-row.js'
import type {
  ListPage,
  ListScope,
  ReferralStore,
  StorageHealth,
  StoredReferral,
  SettingAsRead,
  WriteOutcome,
} from '../referral-store.js'
import type { WebhookStore } from '../webhook-store.js'
import type { SyncStatusStore } from '../sync-status-store.js'
import { PostgresSyncStatusStore } from './sync-status-store.js'
import { PostgresCoordination } from './coordination.js'
import { CountCache } from './count-cache.js'
import { paramsBeforeRow, PostgresChangeLog } from './change-log.js'
import type pg from 'pg'
import { queryBudgetExceeded } from '../query-budget.js'
import { isStatementTimeout, openPool, PostgresDatabase, Statements } from './database.js'
import { migrate } from './migrate.js'
import {
  fillTeamEmails,
  PostgresSandbox,
  staleTeamEmails,
  teamEmailsInsert,
  type TeamSource,
} from './sandbox.js'
import { PostgresWebhookStore } from './webhook-store.js'
import { ReadBatches } from './read-batches.js'

export const referralTable: TableLayout = {
  name: 'referrals',
  document: 'doc',
  emitted: 'body',
  columns: referralColumns,
  elementIndexes: [
    {
      collection: 'team',
      field: 'email',
      table: 'referral_team_emails',
      key: 'referral_id',
      value: 'email',
      partition: 'organization_id',
    },
  ],
}

/** The row's columns as `rowValues` gives them, then the emitted text (the same JSON) and the head of its history. */
const insertColumns = [...rowColumns, 'body', 'last_change'].join(', ')
const documentAt = rowColumns.length // 1-based position of `doc` among the parameters
/**
 * A row's values as parameters numbered after `first`: typed, since an INSERT … SELECT gives them
 * no column to take a type from; the document twice (`doc`, then `body`); then `head`.
 */
function rowParams(first: number, head: string): string {
  return [
    ...rowColumns.map((_, i) => `$${first + i + 1}::text${i + 1 === documentAt ? '::jsonb' : ''}`),
    `$${first + documentAt}::text`,
    head,
  ].join(', ')
}

/** A create's row (change-log.ts `write`): its history's head is its record, `drawn.seq`. */
const createdRow = rowParams(paramsBeforeRow, 'drawn.seq')
/** Rows of one multi-row INSERT: well below PostgreSQL's 65,535 parameters a statement. */
const rowsPerStatement = 1000

/** `count` rows of one INSERT's VALUES, each row's parameters (its values, then its seq) after the previous row's. */
function rowsOf(count: number): string {
  const width = documentAt + 1
  return Array.from(
    { length: count },
    (_, row) => `(${rowParams(row * width, `$${(row + 1) * width}::bigint`)})`,
  ).join(', ')
}

/** The row's key is the WHERE of a replace, never an assignment: Citus refuses an UPDATE that sets the distribution column. */
const keyColumns: ReadonlySet<string> = new Set(['organization_id', 'id'])
/** A replace's parameter n (1-based among `rowValues`, then the eTag it expects), after the record's. */
const replaceParam = (n: number) => `$${paramsBeforeRow + n}`
const assignments = rowColumns
  .map((c, i) => `${c} = ${replaceParam(i + 1)}${i + 1 === documentAt ? '::text::jsonb' : ''}`)
  .filter((_, i) => !keyColumns.has(rowColumns[i]!))
  .concat(`body = ${replaceParam(documentAt)}::text`, 'last_change = drawn.seq')
  .join(', ')
const replacedKey = (alias: string) =>
  `${alias}organization_id = ${replaceParam(2)} AND ${alias}id = ${replaceParam(1)}`

/** What a write's row statement returns: `prev`, and the document only when the team lookup is written from it. */
function returned(prev: string, team: boolean): string {
  return `RETURNING ${prev} AS prev${team ? ', doc' : ''}`
}

/**
 * A replace's UPDATE, conditional on the eTag. Its `prev` is read from the statement's snapshot,
 * which may be older than the row once the lock is taken; but the row is written only while it
 * still has the expected eTag, and eTags are not reused, so the row is then the one the snapshot
 * holds and `prev` is its last change.
 */
function replacedRowSql(team: boolean): string {
  return `UPDATE referrals SET ${assignments} FROM drawn
  WHERE ${replacedKey('')} AND e_tag = ${replaceParam(documentAt + 1)}
  ${returned(`(SELECT last_change FROM referrals s WHERE ${replacedKey('s.')})`, team)}`
}
const replacedRow = { plain: replacedRowSql(false), team: replacedRowSql(true) }

/** The team-email lookup of the row a write returns (`written`), held to its organisation by parameters. */
const writtenTeam: TeamSource = {
  from: 'written w',
  organization: `$${paramsBeforeRow + 2}::text`,
  id: `$${paramsBeforeRow + 1}::text`,
  doc: 'w.doc',
}

/** How a server uses its database. */
export interface PostgresOptions {
  /** Connections in each of the two pools, requests' and lists' (COSELL_DATABASE_POOL). */
  readonly connections?: number
  /** A list's time in the database; then it is stopped and answered 400 (0: no limit). */
  readonly queryTimeoutMs?: number
  /** How often a server that does not lead the background work tries to (coordination.ts). */
  readonly leaderRetryMs?: number
}

/** What a read by id needs of a row: the stored text as it is sent, and what decides who may see it. */
interface StoredRow {
  readonly body: string
  readonly id: string
  readonly engagement_id: string
  readonly e_tag: string
}

export class PostgresReferralStore extends PostgresSandbox implements ReferralStore {
  readonly webhooks: WebhookStore
  readonly syncStatus: SyncStatusStore
  private readonly changes: PostgresChangeLog
  private key: Buffer | undefined
  private readonly counts: CountCache
  private readonly byId = new ReadBatches<StoredRow>((organizationId, ids) =>
    this.db.preparedRows<StoredRow>(
      'get-referrals',
      'SELECT body, id, engagement_id, e_tag FROM referrals WHERE organization_id = $1 AND id = ANY($2)',
      [organizationId, ids],
    ),
  )

  /** Lists run on a pool of their own, whose statements stop at the query budget. */
  private readonly lists: Statements

  private constructor(
    db: PostgresDatabase,
    private readonly listPool: pg.Pool,
    private readonly queryTimeoutMs: number,
    readonly coordination: PostgresCoordination,
  ) {
    super(db)
    this.lists = new Statements(listPool)
    this.changes = new PostgresChangeLog(db)
    this.counts = new CountCache(this.lists, this.changes.horizon)
    this.webhooks = new PostgresWebhookStore(db)
    this.syncStatus = new PostgresSyncStatusStore(db)
  }

  /**
   * Connects, applies pending migrations (under an advisory lock: servers may start together) and
   * opens this server's session for coordinating with the others.
   */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresReferralStore> {
    const connections = options.connections ?? 10
    const db = PostgresDatabase.connect(url, connections)
    let coordination: PostgresCoordination
    try {
      await db.withClient((client) => migrate(client))
      coordination = await PostgresCoordination.open(db, url, { retryMs: options.leaderRetryMs ?? 2000 })
    } catch (error) {
      await db.close()
      throw error
    }
    const timeout = options.queryTimeoutMs ?? 0
    return new PostgresReferralStore(db, openPool(url, connections, timeout), timeout, coordination)
  }

  health(): StorageHealth {
    return { status: 'ok' }
  }

  async ping(): Promise<void> {
    await this.db.run('SELECT 1')
  }

  async insert(
    referral: Referral,
    cause: ChangeCause,
    asRead?: SettingAsRead,
  ): Promise<'written' | 'setting-moved'> {
    const withTeam = teamEmailsIn(referral) !== noEmails
    const row = {
      name: withTeam ? 'create-referral-team' : 'create-referral',
      sql: `INSERT INTO referrals (${insertColumns}) SELECT ${createdRow} FROM drawn ${returned('NULL::bigint', withTeam)}`,
      params: rowValues(referral),
      after: withTeam ? [teamEmailsInsert('TRUE', writtenTeam)] : [],
    }
    if ((await this.changes.write(referral, cause, undefined, row, asRead)) === 'setting-moved')
      return 'setting-moved'
    this.changes.committed()
    return 'written'
  }

  /** A statement a chunk of rows: a million-row seed takes minutes instead of an hour of round trips. */
  async insertMany(referrals: readonly Referral[], cause: ChangeCause): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let at = 0; at < referrals.length; at += rowsPerStatement) {
        const chunk = referrals.slice(at, at + rowsPerStatement)
        const seqs = await this.changes.appendMany(tx, chunk, cause)
        const values = chunk.map((r, i) => [...rowValues(r), seqs[i]!])
        await tx.run(
          `INSERT INTO referrals (${insertColumns}) VALUES ${rowsOf(values.length)}`,
          values.flat(),
        )
        const keys = [chunk.map((r) => r.organizationId), chunk.map((r) => r.id)]
        await fillTeamEmails(
          tx,
          '(r.organization_id, r.id) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
          keys,
        )
      }
    })
    this.changes.committed()
  }

  /** The eTag comparison and the write are one UPDATE: of two writers with one eTag, one wins. */
  async replace(
    referral: Referral,
    before: Referral,
    cause: ChangeCause,
    asRead?: SettingAsRead,
  ): Promise<WriteOutcome> {
    const teamChanged = teamEmailsIn(referral) !== teamEmailsIn(before)
    const row = {
      name: teamChanged ? 'replace-referral-team' : 'replace-referral',
      sql: teamChanged ? replacedRow.team : replacedRow.plain,
      params: [...rowValues(referral), before.eTag],
      after: teamChanged ? [staleTeamEmails(writtenTeam), teamEmailsInsert('TRUE', writtenTeam)] : [],
    }
    const outcome = await this.changes.write(referral, cause, fieldChanges(before, referral), row, asRead)
    if (outcome === 'setting-moved') return outcome
    if (outcome === 'written') {
      this.changes.committed()
      return 'written'
    }
    const exists = await this.db.row('SELECT 1 FROM referrals WHERE organization_id = $1 AND id = $2', [
      referral.organizationId,
      referral.id,
    ])
    return exists ? 'stale' : 'missing'
  }

  async get(organizationId: string, id: string): Promise<Referral | undefined> {
    return parsed(await this.getStored(organizationId, id))
  }

  async getStored(organizationId: string, id: string): Promise<StoredReferral | undefined> {
    const row = await this.byId.read(organizationId, id)
    return row && { text: row.body, id: row.id, engagementId: row.engagement_id, eTag: row.e_tag }
  }

  /** By id alone (Microsoft's side, engagement visibility): on Citus a query of every shard. */
  async find(id: string): Promise<Referral | undefined> {
    const row = await this.db.row<{ body: string }>('SELECT body FROM referrals WHERE id = $1', [id])
    return row && (JSON.parse(row.body) as Referral)
  }

  /** An engagement spans organisations: on Citus a query of every shard, answered by its index on each. */
  async inEngagement(engagementId: string): Promise<Referral[]> {
    const rows = await this.db.rows<{ body: string }>(
      'SELECT body FROM referrals WHERE engagement_id = $1 ORDER BY created_date_time, id LIMIT 1000',
      [engagementId],
    )
    return rows.map((r) => JSON.parse(r.body) as Referral)
  }

  async participates(organizationId: string, engagementId: string): Promise<boolean> {
    const row = await this.db.row(
      'SELECT 1 FROM referrals WHERE organization_id = $1 AND engagement_id = $2 LIMIT 1',
      [organizationId, engagementId],
    )
    return row !== undefined
  }

  async engagementOrganizations(engagementId: string): Promise<string[]> {
    const rows = await this.db.rows<{ organization_id: string }>(
      'SELECT DISTINCT organization_id FROM referrals WHERE engagement_id = $1 LIMIT 1000',
      [engagementId],
    )
    return rows.map((r) => r.organization_id)
  }

  async list(scope: ListScope, plan: ListPlan): Promise<ListPage> {
    const key = await this.secret()
    const column =
      'organizationId' in scope
        ? { column: 'organization_id', value: scope.organizationId }
        : { column: 'engagement_id', value: scope.engagementId }
    const query = compileListQuery(plan, postgres, referralTable, { scope: column })
    try {
      const [rows, count] = await Promise.all([
        this.lists.rows<Record<string, unknown>>(query.rows.sql, query.rows.params),
        this.countOf(scope, query.count, plan.filter),
      ])
      return listPage(plan, query, rows, count, key)
    } catch (error) {
      throw isStatementTimeout(error) ? queryBudgetExceeded(this.queryTimeoutMs) : error
    }
  }

  /** An organisation's counts are kept and brought forward over its writes (count-cache.ts); an engagement's are counted. */
  private async countOf(scope: ListScope, count: SqlFragment, filter: Expr | undefined): Promise<number> {
    if ('organizationId' in scope) return this.counts.count(scope.organizationId, count, filter)
    return Number((await this.lists.row<{ count: number }>(count.sql, count.params))?.count ?? 0)
  }

  async secret(): Promise<Buffer> {
    if (this.key) return this.key
    await this.db.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      'paging-token-key',
      randomBytes(32),
    ])
    const row = await this.db.row<{ value: Buffer }>('SELECT value FROM settings WHERE key = $1', [
      'paging-token-key',
    ])
    return (this.key = row!.value)
  }

  changesAfter(after: number, limit: number): Promise<ChangeRecord[]> {
    return this.changes.after(after, limit)
  }

  activities(organizationId: string, filter: ActivityFilter): Promise<ActivityPage> {
    return this.changes.activities(organizationId, filter)
  }

  lastChange(): Promise<number> {
    return this.changes.last()
  }

  onCommitted(listener: () => void): () => void {
    return this.changes.listen(listener)
  }

  async close(): Promise<void> {
    await this.coordination.close()
    await this.listPool.end()
    await this.db.close()
  }
}

/** `teamEmailsIn` of a referral with no team emails. */
const noEmails = '[]'

/** The team's emails as written, in order: what the lookup is made from. */
function teamEmailsIn(referral: Referral): string {
  return JSON.stringify(referral.team?.map((member) => member.email ?? null) ?? [])
}

function parsed(stored: StoredReferral | undefined): Referral | undefined {
  return stored && (JSON.parse(stored.text) as Referral)
}
