// What every CRM connector must do, written once and run against each (SQL, CSV, the HTTP CRMs
// behind fake servers): records read back as written, conditional updates, lookups by the
// referral-id field, and a change feed that misses nothing and repeats nothing within a pass.
// Each test opens a fresh subject: an empty CRM, its connector, and a way to write as a person
// (or the CRM's replication) would, around the connector.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  CrmConflictError,
  CrmNotFoundError,
  type CrmChangePage,
  type CrmConnector,
  type CrmFields,
  type CrmRecord,
} from '../../../src/sync/connectors/connector.js'

export interface ContractSubject {
  readonly connector: CrmConnector
  /** Fields valid for a new record of this CRM, the n-th of a series (distinct values). Must include keyField. */
  sample(n: number): CrmFields
  /** A text field the suite may change freely. */
  readonly textField: string
  /** The field used as the mapping's crmReferralId. */
  readonly keyField: string
  /** Writes as a CRM user would, outside the connector: a direct SQL UPDATE, an edit of the CSV file, a call to a fake server's own API. */
  editOutside(id: string, fields: CrmFields): Promise<void>
  createOutside(fields: CrmFields): Promise<string>
  close(): Promise<void>
}

/** An id no subject hands out: well-formed for CRMs that key by UUID, unknown to all. */
const unknownId = '00000000-0000-4000-8000-00000000dead'

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/** More pages than this in one pass means the feed does not advance. */
const maxPages = 100

/** Every field of `expected` holds the same value in `fields` (a CRM may add fields of its own). */
function assertHasFields(fields: CrmFields, expected: CrmFields, what: string): void {
  for (const [name, value] of Object.entries(expected)) {
    assert.deepEqual(fields[name], value, `${what}: field ${name}`)
  }
}

function assertRecordShape(record: CrmRecord): void {
  assert.ok(record.id.length > 0, 'a record has an id')
  assert.ok(record.version.length > 0, 'a record has a version')
  assert.match(record.modifiedAt, isoDateTime)
  assert.ok(!Number.isNaN(Date.parse(record.modifiedAt)), `modifiedAt ${record.modifiedAt} is a date`)
}

async function createMany(subject: ContractSubject, from: number, count: number): Promise<CrmRecord[]> {
  const created: CrmRecord[] = []
  for (let n = from; n < from + count; n++) created.push(await subject.connector.create(subject.sample(n)))
  return created
}

interface Pass {
  readonly pages: CrmChangePage[]
  readonly records: CrmRecord[]
  readonly cursor: string
}

/**
 * Pages from `cursor` until a page says it caught up, checking that each page holds at most
 * `limit` records and that only the last one is caught up. `between` runs after each page but the last.
 */
async function readPass(
  connector: CrmConnector,
  cursor: string | undefined,
  limit: number,
  between: (pages: readonly CrmChangePage[]) => Promise<void> = () => Promise.resolve(),
): Promise<Pass> {
  const pages: CrmChangePage[] = []
  let at = cursor
  for (;;) {
    const page = await connector.changes(at, limit)
    assert.ok(
      page.records.length <= limit,
      `a page holds at most ${limit} records, not ${page.records.length}`,
    )
    pages.push(page)
    at = page.cursor
    if (page.caughtUp) break
    assert.ok(pages.length < maxPages, `no caught-up page after ${maxPages} pages`)
    await between(pages)
  }
  return { pages, records: pages.flatMap((p) => p.records), cursor: at }
}

const ids = (records: readonly CrmRecord[]): string[] => records.map((r) => r.id)
const sorted = (values: readonly string[]): string[] => [...values].sort()

function assertNoDuplicates(records: readonly CrmRecord[]): void {
  const seen = new Set<string>()
  for (const { id } of records) {
    assert.ok(!seen.has(id), `record ${id} came twice in one pass`)
    seen.add(id)
  }
}

/** The newest version the pass saw of each record. */
function lastSeen(records: readonly CrmRecord[]): Map<string, CrmRecord> {
  return new Map(records.map((r) => [r.id, r]))
}

export function connectorContract(name: string, open: () => Promise<ContractSubject>, skip?: string): void {
  const it = (title: string, body: (subject: ContractSubject) => Promise<void>): void =>
    void test(title, { skip: skip ?? false }, async () => {
      const subject = await open()
      try {
        await body(subject)
      } finally {
        await subject.close()
      }
    })

  describe(`connector contract: ${name}`, () => {
    it('create then get gives the same fields back, with an id, a version and an ISO modifiedAt', async (s) => {
      const fields = s.sample(1)
      assert.ok(s.keyField in fields, 'the sample holds the key field')
      const created = await s.connector.create(fields)
      assertRecordShape(created)
      assertHasFields(created.fields, fields, 'created')
      assert.deepEqual(await s.connector.get(created.id), created)
    })

    it('update changes the version and only the named fields', async (s) => {
      const [a, b] = await createMany(s, 1, 2)
      const updated = await s.connector.update(a!.id, { [s.textField]: 'changed by the contract' })
      assertRecordShape(updated)
      assert.equal(updated.id, a!.id)
      assert.notEqual(updated.version, a!.version)
      assert.deepEqual(updated.fields, { ...a!.fields, [s.textField]: 'changed by the contract' })
      assert.deepEqual(await s.connector.get(a!.id), updated)
      assert.deepEqual(await s.connector.get(b!.id), b, 'another record is untouched')

      const again = await s.connector.update(a!.id, { [s.textField]: 'changed again' }, updated.version)
      assert.notEqual(again.version, updated.version)
      assert.equal(again.fields[s.textField], 'changed again')
    })

    it('update with a stale ifVersion throws CrmConflictError and leaves the record as it was', async (s) => {
      const [a] = await createMany(s, 1, 1)
      const current = await s.connector.update(a!.id, { [s.textField]: 'first' })
      await assert.rejects(
        s.connector.update(a!.id, { [s.textField]: 'second' }, a!.version),
        (error: unknown) => error instanceof CrmConflictError && error.recordId === a!.id,
      )
      assert.deepEqual(await s.connector.get(a!.id), current)

      await s.editOutside(a!.id, { [s.textField]: 'edited outside' })
      await assert.rejects(
        s.connector.update(a!.id, { [s.textField]: 'third' }, current.version),
        CrmConflictError,
        'an edit outside the connector moves the version too',
      )
      assert.equal((await s.connector.get(a!.id))?.fields[s.textField], 'edited outside')
    })

    it('an unknown id: get gives undefined, update throws CrmNotFoundError', async (s) => {
      await createMany(s, 1, 1)
      assert.equal(await s.connector.get(unknownId), undefined)
      for (const ifVersion of [undefined, '1']) {
        await assert.rejects(
          s.connector.update(unknownId, { [s.textField]: 'nobody' }, ifVersion),
          (error: unknown) => error instanceof CrmNotFoundError && error.recordId === unknownId,
          `ifVersion ${String(ifVersion)}`,
        )
      }
    })

    it('findBy(keyField, value) finds exactly the records whose field equals the value', async (s) => {
      const [, second] = await createMany(s, 1, 3)
      const value = second!.fields[s.keyField]
      assert.ok(typeof value === 'string', 'the key field holds text')
      const twin = await s.connector.create({ ...s.sample(4), [s.keyField]: value })
      await s.connector.create({ ...s.sample(5), [s.keyField]: `${value}x` })

      const found = await s.connector.findBy(s.keyField, value)
      assert.deepEqual(sorted(ids(found)), sorted([second!.id, twin.id]))
      assert.deepEqual(
        found.find((r) => r.id === second!.id),
        second,
      )
      assert.deepEqual(await s.connector.findBy(s.keyField, 'no record holds this'), [])
    })

    it('changes(undefined, limit) pages through every record; only the last page is caught up', async (s) => {
      const created = await createMany(s, 1, 25)
      const pass = await readPass(s.connector, undefined, 10)
      assert.ok(pass.pages.length >= 3, `25 records in pages of 10 take 3 pages, not ${pass.pages.length}`)
      assertNoDuplicates(pass.records)
      assert.deepEqual(sorted(ids(pass.records)), sorted(ids(created)))
      const seen = lastSeen(pass.records)
      for (const record of created) assert.deepEqual(seen.get(record.id), record)
    })

    it('changes(cursor) returns exactly what was written since, outside the connector and through it', async (s) => {
      const created = await createMany(s, 1, 10)
      const first = await readPass(s.connector, undefined, 100)

      const idle = await s.connector.changes(first.cursor, 100)
      assert.deepEqual(idle.records, [], 'nothing changed')
      assert.equal(idle.caughtUp, true)

      await s.editOutside(created[2]!.id, { [s.textField]: 'edited outside' })
      const outsider = await s.createOutside(s.sample(11))
      const updated = await s.connector.update(created[6]!.id, {
        [s.textField]: 'edited through the connector',
      })

      const second = await readPass(s.connector, idle.cursor, 100)
      assertNoDuplicates(second.records)
      assert.deepEqual(sorted(ids(second.records)), sorted([created[2]!.id, outsider, updated.id]))
      const seen = lastSeen(second.records)
      assert.equal(seen.get(created[2]!.id)?.fields[s.textField], 'edited outside')
      assertHasFields(seen.get(outsider)!.fields, s.sample(11), 'created outside')
      assert.deepEqual(seen.get(updated.id), updated)

      const after = await s.connector.changes(second.cursor, 100)
      assert.deepEqual(after.records, [], 'nothing changed since')
      assert.equal(after.caughtUp, true)
    })

    it('a record edited between two pages is not missed', async (s) => {
      const created = await createMany(s, 1, 15)
      let edits = 0
      const pass = await readPass(s.connector, undefined, 5, async (pages) => {
        if (pages.length > 1) return
        const firstPage = new Set(ids(pages[0]!.records))
        const seenAlready = created.find((r) => firstPage.has(r.id))!
        const notYetSeen = created.findLast((r) => !firstPage.has(r.id))!
        await s.editOutside(seenAlready.id, { [s.textField]: 'edited outside between pages' })
        await s.connector.update(notYetSeen.id, {
          [s.textField]: 'edited through the connector between pages',
        })
        edits++
      })
      assert.equal(edits, 1, 'the edits were made after the first page')
      const seen = lastSeen(pass.records)
      assert.deepEqual(sorted([...seen.keys()]), sorted(ids(created)), 'every record came')
      for (const record of created) {
        assert.deepEqual(
          seen.get(record.id),
          await s.connector.get(record.id),
          `record ${record.id} as it is now`,
        )
      }
    })

    it('250 records come back from one full pass of changes(), none twice', async (s) => {
      const created = await createMany(s, 1, 250)
      const pass = await readPass(s.connector, undefined, 100)
      assertNoDuplicates(pass.records)
      assert.deepEqual(sorted(ids(pass.records)), sorted(ids(created)))
    })
  })
}
