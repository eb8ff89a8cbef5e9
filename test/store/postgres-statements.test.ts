// Every statement the PostgreSQL store sends while the API answers a tenant's request names the
// caller's organisation on each distributed table it touches (docs/postgres.md, "Distributing
// with Citus", lists those tables and their distribution columns): so on Citus the request is
// answered by the one shard that holds the organisation. The test sends one request per public
// operation, captures what pg sends meanwhile (pg.Client's query, wrapped for this file only),
// and reads each statement with organisation-predicate.ts. The statements that legitimately span
// organisations (an engagement's referrals, a referral read by id alone, the invitee's referral
// an invite writes) are allowed by name, with the reason, and only for the operations that
// documentedly issue them.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { InjectOptions } from 'fastify'
import pg from 'pg'
import type { Referral } from '../../src/domain/referral/schema.js'
import { PostgresReferralStore } from '../../src/store/postgres/store.js'
import { testCause } from '../support/change-cause.js'
import { citusLayout } from '../support/citus-layout.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { normalizeSql, tableUses, type TableUse } from '../support/organisation-predicate.js'
import { freshDatabase, postgresUnavailable } from '../support/postgres.js'
import { addRegistration, giveIncentive } from '../support/registration-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'
import { storeReferrals } from './store-referrals.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the PostgreSQL statement capture: ${unavailable}`)

const { distributed } = citusLayout()

type Shape = 'fan-out' | 'another organisation'

interface Allowed {
  readonly statement: string
  readonly shape: Shape
  /** Matched against the statement in normalizeSql's form. */
  readonly pattern: RegExp
  readonly why: string
  /** The only operations that may issue it. */
  readonly operations: readonly string[]
}

const invite = 'invite Microsoft to the engagement'
const related = "list the engagement's referrals (links.relatedReferrals)"
const readOther = "read the other side's referral of the engagement"
const changeOther = "try to change the other side's referral (403)"
const readNobodys = 'another organisation reads the referral (404)'

/** Statements that span organisations by nature; docs/postgres.md says what each costs. */
const allowed: readonly Allowed[] = [
  {
    statement: "an engagement's referrals",
    shape: 'fan-out',
    pattern:
      /^select body from referrals where engagement_id = \$1 order by created_date_time, id limit 1000$/,
    why: 'an invite copies the customer from, and checks, the referrals of every organisation in the engagement',
    operations: [invite],
  },
  {
    statement: 'a list scoped to an engagement',
    shape: 'fan-out',
    pattern: /^select (count\(\*\) as count|body as doc, .*) from referrals where engagement_id = \$1 and /,
    why: 'relatedReferrals lists both sides of a co-sell, once a single-shard check found the caller in the engagement',
    operations: [related],
  },
  {
    statement: 'a referral by id alone',
    shape: 'fan-out',
    pattern: /^select body from referrals where id = \$1$/,
    why:
      "an admin asks for an id its own shard does not hold: the other side's referral of an engagement, or nobody's " +
      "(404); participates() then checks the caller's own shard",
    operations: [readOther, changeOther, readNobodys],
  },
  {
    statement: "the invitee's referral",
    shape: 'another organisation',
    pattern:
      /^(insert into (changes|referrals|referral_team_emails) |with locked as \(.*?\), appended as \( insert into changes )/,
    why: "an invite creates the invitee's side of the engagement: single-shard, in the invitee's organisation",
    operations: [invite],
  },
]

interface Captured {
  readonly operation: string
  readonly caller: string
  readonly sql: string
  readonly params: readonly unknown[]
}

/** What pg sent while `current` was being answered. */
const captured: Captured[] = []
let current: { operation: string; caller: string } | undefined

type Query = (this: pg.Client, ...args: unknown[]) => unknown
const query = Reflect.get(pg.Client.prototype, 'query') as Query
function capturing(this: pg.Client, ...args: unknown[]): unknown {
  const [text, values] = args as [string | { text: string; values?: unknown[] }, unknown]
  if (current && typeof text === 'string')
    captured.push({ ...current, sql: text, params: Array.isArray(values) ? values : [] })
  else if (current && typeof text === 'object')
    captured.push({ ...current, sql: text.text, params: text.values ?? [] })
  return query.apply(this, args)
}

describe(
  'each statement of a tenant’s request names its organisation',
  { skip: unavailable ?? false },
  () => {
    let t: TestApp
    const ran = new Map<string, number>()
    let completed = false

    before(async () => {
      t = await makeTestApp({ store: await PostgresReferralStore.open(await freshDatabase()) })
      await t.app.ready()
      ;(pg.Client.prototype as unknown as { query: Query }).query = capturing
    })
    after(async () => {
      ;(pg.Client.prototype as unknown as { query: Query }).query = query
      await t.close()
    })

    /** Sends one request as `caller` (tenant A's admin unless said), capturing what the store sends. */
    async function request(
      operation: string,
      status: number,
      options: InjectOptions & { tid?: string; claims?: Record<string, unknown> },
    ) {
      const { tid = tenantA, claims = {}, ...inject } = options
      current = { operation, caller: tid }
      try {
        const response = await t.app.inject({
          ...inject,
          headers: { ...authHeader(tid, claims), ...inject.headers },
        })
        assert.equal(response.statusCode, status, `${operation}: ${response.body}`)
        ran.set(operation, (ran.get(operation) ?? 0) + 1)
        return response
      } finally {
        current = undefined
      }
    }

    const api = '/v1.0/engagements/referrals'
    const member = {
      firstName: 'Ursula',
      lastName: 'Ulm',
      phoneNumber: '1231231234',
      email: 'ursula@partner.example',
    }
    const list = (
      operation: string,
      query: string,
      options: { tid?: string; claims?: Record<string, unknown> } = {},
    ) => request(operation, 200, { method: 'GET', url: `${api}?${query}`, ...options })

    test('every public operation of a tenant', async () => {
      // 101 referrals, more than a page holds, so a list has a next page
      const many = storeReferrals(101, { from: 500 }).map((r) => ({ ...r, organizationId: tenantA }))
      await t.store.insertMany(many, testCause)

      const mine = (
        await request('create a referral', 200, { method: 'POST', url: api, payload: partnerLedCreate() })
      ).json<Referral>()
      const item = `${api}/${mine.id}`
      const read = await request('read a referral', 200, { method: 'GET', url: item })
      await list('list referrals', '')
      await list(
        'list with $filter on an indexed property',
        "$filter=status eq 'New' and direction eq 'Outgoing'",
      )
      await list(
        'list with $filter on an unindexed property',
        "$filter=contains(name,'Contoso') or substatus eq 'Pending'",
      )
      await list(
        'list with $filter on a team member',
        "$filter=team/any(t: t/email eq 'Ursula@partner.example')",
      )
      await list(
        'list with not and a team member',
        "$filter=not team/any(t: t/email eq 'x@y.example') and status ne 'Closed'",
      )
      await list('list with another lambda', "$filter=team/any(t: contains(t/email,'partner'))")
      await list('list with $orderby', '$orderby=name desc,createdDateTime')
      await list('list with $top and $skip', '$top=5&$skip=3')
      await list('list with $count', '$count=true')
      const first = (await list('list with $count', '$count=true&$orderby=updatedDateTime')).json<{
        '@odata.nextLink': string
      }>()
      const next = new URL(first['@odata.nextLink'])
      await list('follow @odata.nextLink', next.search.slice(1))

      const etag = String(read.headers.etag)
      await request('update with PATCH', 200, {
        method: 'PATCH',
        url: item,
        headers: { prefer: 'return=representation' },
        payload: [{ op: 'replace', path: '/name', value: 'Renamed' }],
      })
      const stored = await t.app.inject({ method: 'GET', url: item, headers: authHeader() })
      await request('replace with PUT', 200, {
        method: 'PUT',
        url: item,
        headers: { 'if-match': String(stored.headers.etag) },
        payload: { ...stored.json<Referral>(), name: 'Replaced', team: [member] },
      })
      await request('update with a stale If-Match (412)', 412, {
        method: 'PATCH',
        url: item,
        headers: { 'if-match': etag },
        payload: [{ op: 'replace', path: '/name', value: 'Stale' }],
      })
      await request('change the status', 204, {
        method: 'PATCH',
        url: item,
        payload: [
          { op: 'replace', path: '/status', value: 'Active' },
          { op: 'replace', path: '/substatus', value: 'Accepted' },
        ],
      })

      const invited = await request(invite, 200, {
        method: 'POST',
        url: api,
        payload: {
          engagementId: mine.engagementId,
          target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
          inviteContext: { notes: 'Notes to Microsoft', assistanceRequestCode: 'ProofOfConceptOrDemo' },
        },
      })
      const theirs = invited.json<Referral>()
      assert.equal(theirs.organizationId, 'msft')
      await list(related, `$filter=engagementId eq '${mine.engagementId}'`)
      await request(readOther, 200, { method: 'GET', url: `${api}/${theirs.id}` })
      await request(changeOther, 403, {
        method: 'PATCH',
        url: `${api}/${theirs.id}`,
        payload: [{ op: 'replace', path: '/name', value: 'x' }],
      })

      await giveIncentive(t.app)
      const deal = (
        await t.app.inject({ method: 'POST', url: api, headers: authHeader(), payload: partnerLedCreate() })
      ).json<Referral>()
      await request('ask for deal registration eligibility', 200, {
        method: 'GET',
        url: `/_cosell/referrals/${deal.id}/dealRegistrationEligibility`,
      })
      await request('register a deal', 204, {
        method: 'PATCH',
        url: `${api}/${deal.id}/`,
        payload: addRegistration(),
      })

      await request("read a referral's activity history", 200, {
        method: 'GET',
        url: `/_cosell/referrals/${mine.id}/activities`,
      })
      await request("read the organisation's activity history", 200, {
        method: 'GET',
        url: '/_cosell/activities?$top=2&channel=api',
      })

      const report = (referralId: string, connection: string) => ({
        connection,
        connector: 'sql opportunities',
        referralId,
        crmId: 'OPP-1',
        status: 'synced',
        lastSyncedAt: null,
        lastError: null,
        held: [],
        events: [
          { at: '2026-03-01T10:00:00Z', direction: 'toCrm', action: 'created', fields: [], message: null },
        ],
      })
      await request('report sync status', 200, {
        method: 'POST',
        url: '/_cosell/sync/reports',
        payload: {
          reports: [report(mine.id, 'dynamics'), report(mine.id, 'dynamics'), report(theirs.id, 'x')],
        },
      })
      await request("read a referral's sync status", 200, {
        method: 'GET',
        url: `/_cosell/sync/records/${mine.id}`,
      })
      await request("list the organisation's sync records", 200, {
        method: 'GET',
        url: '/_cosell/sync/records?status=synced&connection=dynamics&$top=1',
      })
      await request('read the sync summary', 200, { method: 'GET', url: '/_cosell/sync/summary' })

      const hooks = '/webhooks/v1/registration'
      const webhook = { webhookUrl: 'https://hooks.example.com/a', webhookEvents: ['referral-created'] }
      await request('register a webhook', 200, { method: 'POST', url: hooks, payload: webhook })
      await request('read the webhook registration', 200, { method: 'GET', url: hooks })
      await request('update the webhook registration', 200, {
        method: 'PUT',
        url: hooks,
        payload: { ...webhook, webhookEvents: ['referral-updated'] },
      })
      const sent = (
        await request('send a validation event', 200, { method: 'POST', url: `${hooks}/validationEvents` })
      ).json<{
        correlationId: string
      }>()
      await request('read a validation event', 200, {
        method: 'GET',
        url: `${hooks}/validationEvents/${sent.correlationId}`,
      })
      await request('read the delivery log', 200, {
        method: 'GET',
        url: `${hooks}/deliveries?status=pending&$top=5`,
      })
      await request('delete the webhook registration', 204, { method: 'DELETE', url: hooks })

      const user = { claims: { upn: member.email, roles: ['Referral User'] } }
      await list('a Referral User lists', "$filter=status eq 'Active'", user)
      await request('a Referral User reads', 200, { method: 'GET', url: item, ...user })
      await request(readNobodys, 404, {
        method: 'GET',
        url: item,
        tid: tenantB,
      })
      await list('another organisation lists', '$count=true', { tid: tenantB })
      completed = true
    })

    test('each captured statement holds every distributed table to the caller, or is allowed by name', () => {
      assert.ok(completed, 'every operation ran')
      const problems: string[] = []
      const used = new Set<Allowed>()
      let checked = 0
      for (const statement of captured) {
        const uses = tableUses(statement.sql, statement.params, distributed)
        if (uses.length === 0) continue
        checked++
        const shape = shapeOf(uses, statement.caller)
        if (shape === undefined) continue
        const text = normalizeSql(statement.sql)
        const entry = allowed.find((a) => a.shape === shape && a.pattern.test(text))
        if (entry?.operations.includes(statement.operation)) used.add(entry)
        else
          problems.push(
            `${statement.operation}: ${shape}${entry ? ` (allowed only for ${entry.operations.join(', ')})` : ''}\n    ${text}\n    params ${JSON.stringify(statement.params)}`,
          )
      }
      assert.deepEqual(problems, [], problems.join('\n'))
      assert.ok(checked > 60, `only ${checked} statements touched a distributed table`)
      assert.deepEqual(
        allowed.filter((a) => !used.has(a)).map((a) => a.statement),
        [],
        'an allowed statement no operation issues any more: remove it',
      )
    })

    test('every operation sent statements the check read', () => {
      const silent = [...ran.keys()].filter(
        (operation) =>
          !captured.some(
            (c) => c.operation === operation && tableUses(c.sql, c.params, distributed).length > 0,
          ),
      )
      assert.deepEqual(silent, [])
    })
  },
)

/** undefined when every use is held to the caller alone. */
function shapeOf(uses: readonly TableUse[], caller: string): Shape | undefined {
  if (uses.some((u) => u.organizations === undefined)) return 'fan-out'
  if (uses.every((u) => u.organizations!.every((o) => o === caller))) return undefined
  return 'another organisation'
}

describe('reading a statement for its organisation', () => {
  const distribution = new Map([
    ['referrals', 'organization_id'],
    ['referral_team_emails', 'organization_id'],
  ])
  const cases: readonly { sql: string; params: unknown[]; held: [string, string[] | undefined][] }[] = [
    {
      sql: 'SELECT body FROM referrals WHERE organization_id = $1 AND id = $2',
      params: ['a', 'r1'],
      held: [['referrals', ['a']]],
    },
    { sql: 'SELECT body FROM referrals WHERE id = $1', params: ['r1'], held: [['referrals', undefined]] },
    {
      sql: 'SELECT * FROM referrals WHERE ($1::text IS NULL OR organization_id = $1)',
      params: ['a'],
      held: [['referrals', undefined]],
    },
    {
      sql: 'SELECT * FROM referrals WHERE organization_id = $1 OR id = $2',
      params: ['a', 'r1'],
      held: [['referrals', undefined]],
    },
    {
      sql: 'SELECT * FROM "referrals" WHERE "organization_id" = $1::text AND ("organization_id", "id") IN (SELECT "organization_id", "referral_id" FROM "referral_team_emails" WHERE "email" = $2::text)',
      params: ['a', 'x@y'],
      held: [
        ['referrals', ['a']],
        ['referral_team_emails', undefined],
      ],
    },
    {
      sql: 'SELECT * FROM referrals r WHERE r.organization_id = ANY($1) AND r.id = $2',
      params: [['a', 'b'], 'r1'],
      held: [['referrals', ['a', 'b']]],
    },
    {
      sql: 'SELECT * FROM referrals r WHERE other.organization_id = $1',
      params: ['a'],
      held: [['referrals', undefined]],
    },
    {
      sql: 'INSERT INTO referrals (id, organization_id, doc) VALUES ($1, $2, $3::text::jsonb)',
      params: ['r1', 'a', '{}'],
      held: [['referrals', ['a']]],
    },
    {
      sql: `INSERT INTO referral_team_emails (organization_id, email, referral_id)
        SELECT DISTINCT r.organization_id, lower((m->>'email') COLLATE "C"), r.id FROM referrals r, jsonb_array_elements(r.doc->'team') AS m
        WHERE r.organization_id = $1 AND r.id = $2 ON CONFLICT DO NOTHING`,
      params: ['a', 'r1'],
      held: [
        ['referrals', ['a']],
        ['referral_team_emails', ['a']],
      ],
    },
    {
      sql: `INSERT INTO referral_team_emails (organization_id, email, referral_id)
        SELECT DISTINCT $1::text, lower((m->>'email') COLLATE "C"), $2::text FROM jsonb_array_elements($3::jsonb) AS m
        ON CONFLICT DO NOTHING`,
      params: ['a', 'r1', '[]'],
      held: [['referral_team_emails', ['a']]],
    },
    {
      sql: `INSERT INTO referral_team_emails (organization_id, email, referral_id)
        SELECT DISTINCT lower(m->>'org'), $1::text, $2::text FROM jsonb_array_elements($3::jsonb) AS m`,
      params: ['x@y', 'r1', '[]'],
      held: [['referral_team_emails', undefined]],
    },
    {
      sql: `WITH locked AS (SELECT pg_advisory_xact_lock($3::bigint)),
        appended AS (INSERT INTO referral_team_emails (email, organization_id) SELECT $1::text, $2::text FROM locked RETURNING 1)
        UPDATE referrals SET name = appended.x FROM appended WHERE referrals.organization_id = $4 AND referrals.id = $5`,
      params: ['x@y', 'a', 7, 'b', 'r1'],
      held: [
        ['referrals', ['b']],
        ['referral_team_emails', ['a']],
      ],
    },
    {
      sql: `WITH appended AS (INSERT INTO referral_team_emails (email, organization_id) SELECT $1::text, lower($2) FROM x RETURNING 1)
        INSERT INTO referrals (id, organization_id) SELECT $3::text, appended.x FROM appended`,
      params: ['x@y', 'a', 'r1'],
      held: [
        ['referrals', undefined],
        ['referral_team_emails', undefined],
      ],
    },
    {
      sql: 'UPDATE referrals SET name = $3 WHERE id = $1 AND e_tag = $2',
      params: ['r1', 'e', 'n'],
      held: [['referrals', undefined]],
    },
    {
      sql: 'DELETE FROM referral_team_emails WHERE organization_id = $1 AND referral_id = $2',
      params: ['a', 'r1'],
      held: [['referral_team_emails', ['a']]],
    },
  ]
  for (const { sql, params, held } of cases)
    test(sql.replace(/\s+/g, ' ').slice(0, 90), () => {
      assert.deepEqual(
        tableUses(sql, params, distribution).map((u) => [u.table, u.organizations]),
        held,
      )
    })
})
