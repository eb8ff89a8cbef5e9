// The request journal's ring buffers: bounded per tenant, in order, and a bounded number of tenants.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { JournalEntry } from '../../src/domain/journal/journal-entry.js'
import { RequestJournal } from '../../src/service/request-journal.js'

const entry = (requestId: string, at = 0) => ({ requestId, at }) as JournalEntry
const ids = (entries: readonly JournalEntry[]) => entries.map((e) => e.requestId)
const journalOf = (size: number, tenants = 10) => new RequestJournal({ size, tenants, now: () => 0 })

describe('request journal', () => {
  test('keeps the last N entries of a tenant, oldest first, overwriting the oldest', () => {
    const journal = journalOf(3)
    for (const id of ['a', 'b', 'c', 'd', 'e']) journal.record('t1', entry(id))
    assert.deepEqual(ids(journal.entries('t1')), ['c', 'd', 'e'])
  })

  test('latest answers the newest first, at most the limit', () => {
    const journal = journalOf(5)
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) journal.record('t1', entry(id))
    assert.deepEqual(ids(journal.latest('t1', 2)), ['f', 'e'])
    assert.deepEqual(ids(journal.latest('t1', 100)), ['f', 'e', 'd', 'c', 'b'])
  })

  test('tenants are kept apart', () => {
    const journal = journalOf(3)
    journal.record('t1', entry('a'))
    journal.record('t2', entry('b'))
    assert.deepEqual(ids(journal.entries('t1')), ['a'])
    assert.deepEqual(ids(journal.entries('t2')), ['b'])
    assert.deepEqual(journal.entries('t3'), [])
  })

  test('past the tenant bound, the tenant written to least recently is forgotten', () => {
    const journal = journalOf(3, 2)
    journal.record('t1', entry('a'))
    journal.record('t2', entry('b'))
    journal.record('t1', entry('c'))
    journal.record('t3', entry('d'))
    assert.deepEqual(journal.tenants(), ['t3', 't1'])
    assert.deepEqual(journal.entries('t2'), [])
    assert.deepEqual(ids(journal.entries('t1')), ['a', 'c'])
  })

  test('size 0 turns it off: nothing is kept', () => {
    const journal = journalOf(0)
    journal.record('t1', entry('a'))
    assert.equal(journal.enabled, false)
    assert.deepEqual(journal.entries('t1'), [])
  })
})
