// A whole-database dump, on both stores: export, import into an empty store, export again gives
// the same bytes; SQLite → PostgreSQL → SQLite too; the loaded store works on from where the other
// stopped. An import into a store that holds anything, or of a cut or damaged file, is refused
// with a message naming why (and the line), and leaves the target empty.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import { DumpFormatError, dumpLineText, readDump } from '../../../src/store/dump/dump-lines.js'
import type { DumpLine } from '../../../src/store/dump/dump-record.js'
import { openDumpSource, openDumpTarget } from '../../../src/store/dump/open-location.js'
import { DumpTargetNotEmptyError } from '../../../src/store/dump/load-dump.js'
import { PostgresReferralStore } from '../../../src/store/postgres/store.js'
import type { ReferralStore } from '../../../src/store/referral-store.js'
import { SqliteReferralStore } from '../../../src/store/sqlite/store.js'
import { loadSigningKey, sharedSigningKey } from '../../../src/auth/signing-key.js'
import { testCause } from '../../support/change-cause.js'
import { freshDatabase, postgresUnavailable } from '../../support/postgres.js'
import { scratchDirs } from '../../support/scratch-dir.js'
import { parseQueryOptions } from '../../../src/query/index.js'
import { context, tenant } from '../../query/sql-harness.js'
import { storeReferrals } from '../store-referrals.js'
import { seedEverything, seededReferrals } from './seed-everything.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the PostgreSQL dump tests: ${unavailable}`)
const scratch = scratchDirs('cosell-dump-')
const planned = parseQueryOptions({ $top: '7', $filter: "status ne 'Closed'" }, context)
if (!planned.ok) throw new Error('the list plan was refused')
const firstPage = planned.value
const teamPlan = parseQueryOptions({ $filter: "team/any(t: t/email eq 'sue@fabrikam.com')" }, context)
if (!teamPlan.ok) throw new Error('the team plan was refused')
const byTeamMember = teamPlan.value

interface Kind {
  readonly name: string
  readonly skip: string | undefined
  fresh(): Promise<string>
  open(location: string): Promise<ReferralStore>
  /** The signing key as the server of this store makes it. */
  signingKey(location: string, store: ReferralStore): Promise<unknown>
}

const sqlite: Kind = {
  name: 'SQLite',
  skip: undefined,
  fresh: () => Promise.resolve(join(scratch(), 'data')),
  open: (dir) => Promise.resolve(SqliteReferralStore.open(dir)),
  signingKey: (dir) => loadSigningKey(dir),
}

const postgres: Kind = {
  name: 'PostgreSQL',
  skip: unavailable,
  fresh: () => freshDatabase(),
  open: (url) => PostgresReferralStore.open(url),
  signingKey: (_url, store) => sharedSigningKey(store),
}

async function seeded(kind: Kind): Promise<string> {
  const location = await kind.fresh()
  const store = await kind.open(location)
  try {
    await seedEverything(store)
    await kind.signingKey(location, store)
  } finally {
    await store.close()
  }
  return location
}

async function dumpText(location: string): Promise<string> {
  const source = await openDumpSource(location)
  try {
    let text = ''
    for await (const line of source.dump()) text += dumpLineText(line)
    return text
  } finally {
    await source.close()
  }
}

async function importText(location: string, text: string): Promise<void> {
  const target = await openDumpTarget(location)
  try {
    await target.load(readDump(Readable.from([text])))
  } finally {
    await target.close()
  }
}

async function migrate(from: string, to: string): Promise<void> {
  const [source, target] = [await openDumpSource(from), await openDumpTarget(to)]
  try {
    await target.load(source.dump())
  } finally {
    await source.close()
    await target.close()
  }
}

/** The data rows the dump lists, without its header (which names the store it came from). */
const body = (text: string) => text.slice(text.indexOf('\n') + 1)

for (const kind of [sqlite, postgres]) {
  test(
    `${kind.name}: export, import into an empty store and export again give the same bytes`,
    { skip: kind.skip ?? false },
    async () => {
      const a = await seeded(kind)
      const first = await dumpText(a)
      const lines = first
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; records?: Record<string, number> })
      const header = lines[0]!.records!
      assert.equal(header.referral, seededReferrals * 2, 'the live referrals and the snapshot’s')
      for (const type of [
        'setting',
        'organization',
        'user',
        'change',
        'syncRecord',
        'snapshot',
        'webhookRegistration',
        'webhookDispatch',
        'webhookDelivery',
        'sequence',
      ])
        assert.ok(header[type]! > 0, `the dump holds ${type} records`)
      assert.equal(lines.length, 1 + Object.values(header).reduce((s, n) => s + n, 0))

      const b = await kind.fresh()
      await importText(b, first)
      assert.equal(await dumpText(b), first)
    },
  )

  test(
    `${kind.name}: a loaded store goes on where the dumped one stopped`,
    { skip: kind.skip ?? false },
    async () => {
      const a = await seeded(kind)
      const b = await kind.fresh()
      await importText(b, await dumpText(a))
      const [before, after] = [await kind.open(a), await kind.open(b)]
      try {
        for (const read of [
          (s: ReferralStore) => s.lastChange(),
          (s: ReferralStore) => s.secret(),
          (s: ReferralStore) => s.listOrganizations(),
          (s: ReferralStore) => s.listUsers(tenant),
          (s: ReferralStore) => s.setting('clock'),
          (s: ReferralStore) => s.listSnapshots(),
          (s: ReferralStore) => s.webhooks.deliveries({ limit: 10 }),
          (s: ReferralStore) => s.webhooks.dispatchPosition(),
          (s: ReferralStore) => s.activities(tenant, { limit: 50 }),
          (s: ReferralStore) => s.syncStatus.records(tenant, { limit: 50 }),
          (s: ReferralStore) => s.syncStatus.connections(tenant, storeReferrals(3, { seed: 7 })[2]!.id),
          (s: ReferralStore) => s.getStored(tenant, storeReferrals(1, { seed: 7 })[0]!.id),
          (s: ReferralStore) =>
            s.list({ organizationId: tenant }, firstPage).then((p) => [p.count, p.stored, p.skipToken]),
        ])
          assert.deepEqual(await read(after), await read(before))
        assert.ok(
          (await after.list({ organizationId: tenant }, byTeamMember)).count > 0,
          'team emails indexed',
        )
        const last = await after.lastChange()
        await after.insert(storeReferrals(1, { from: 900 })[0]!, testCause)
        assert.equal(await after.lastChange(), last + 1, 'a new change takes the next seq, none reused')
        assert.equal(
          (await after.restoreSnapshot('before-changes', () => ({ offsetMs: 0, frozenAtMs: null })))?.name,
          'before-changes',
        )
        assert.equal(await after.lastChange(), last + 1)
      } finally {
        await before.close()
        await after.close()
      }
    },
  )

  test(
    `${kind.name}: an export is the data of one moment while the store goes on writing`,
    { skip: kind.skip ?? false },
    async () => {
      const a = await seeded(kind)
      const writer = await kind.open(a)
      const source = await openDumpSource(a)
      let text = ''
      try {
        const lines = source.dump()[Symbol.asyncIterator]()
        for (let i = 0; i < 20; i++) text += dumpLineText((await lines.next()).value as DumpLine)
        await writer.insertMany(storeReferrals(5, { from: 500 }), testCause) // committed mid-export
        for (let line = await lines.next(); !line.done; line = await lines.next())
          text += dumpLineText(line.value)
      } finally {
        await source.close()
        await writer.close()
      }
      assert.doesNotMatch(text, /00000000-0000-4000-8000-000000000500/)
      const b = await kind.fresh()
      await importText(b, text) // the counts of its header match: one read from start to end
      assert.equal(await dumpText(b), text)
    },
  )

  test(
    `${kind.name}: an import into a store that holds anything is refused, naming what it holds`,
    { skip: kind.skip ?? false },
    async () => {
      const text = await dumpText(await seeded(kind))
      const b = await kind.fresh()
      const store = await kind.open(b)
      await store.saveSetting('microsoft-policy', { mode: 'auto' })
      await store.close()
      await assert.rejects(
        importText(b, text),
        (error: unknown) => error instanceof DumpTargetNotEmptyError && /settings/.test(error.message),
      )
    },
  )

  test(
    `${kind.name}: a cut or garbled file is refused with its line, and the target stays empty`,
    { skip: kind.skip ?? false },
    async () => {
      const text = await dumpText(await seeded(kind))
      const lines = text.split('\n')
      const cases: [string, string, RegExp][] = [
        ['cut at a line', lines.slice(0, 40).join('\n') + '\n', /cut short/],
        [
          'cut inside a line',
          text.slice(0, text.length - 30),
          new RegExp(`line ${lines.length - 1}: not a JSON object`),
        ],
        [
          'a damaged record',
          [...lines.slice(0, 12), '{"type":"referral","lastChange":1}', ...lines.slice(13)].join('\n'),
          /line 13: the referral record .*doc/,
        ],
        [
          'an unknown type',
          [...lines.slice(0, 5), '{"type":"gadget"}', ...lines.slice(6)].join('\n'),
          /line 6: unknown record type "gadget"/,
        ],
        ['not a dump', 'id,name\n1,x\n', /line 1: not a JSON object/],
        [
          'referrals as `cosell export` writes them',
          '{"id":"x"}\n',
          /line 1: this is not a cosell database dump/,
        ],
      ]
      const b = await kind.fresh()
      for (const [name, damaged, message] of cases)
        await assert.rejects(
          importText(b, damaged),
          (error: unknown) => error instanceof DumpFormatError && message.test(error.message),
          name,
        )
      await importText(b, text) // still empty: every refused import was undone
      assert.equal(await dumpText(b), text)
    },
  )
}

test('SQLite → PostgreSQL → SQLite gives the same bytes', { skip: unavailable ?? false }, async () => {
  const a = await seeded(sqlite)
  const pg = await postgres.fresh()
  const c = await sqlite.fresh()
  await migrate(a, pg)
  await migrate(pg, c)
  const [first, last] = [await dumpText(a), await dumpText(c)]
  assert.equal(last, first)
  assert.equal(body(await dumpText(pg)), body(first))
  assert.equal(
    readFileSync(join(c, 'signing-key.json'), 'utf8'),
    readFileSync(join(a, 'signing-key.json'), 'utf8'),
  )
})

test('PostgreSQL → SQLite → PostgreSQL gives the same bytes', { skip: unavailable ?? false }, async () => {
  const a = await seeded(postgres)
  const dir = await sqlite.fresh()
  const c = await postgres.fresh()
  await migrate(a, dir)
  await migrate(dir, c)
  assert.equal(await dumpText(c), await dumpText(a))
})
