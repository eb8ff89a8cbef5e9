// Reset and snapshots run on a thread of their own: with 100,000 referrals stored, /healthz and a
// GET by id answer while a save or a restore runs; a write issued meanwhile waits and lands after
// it (so it is not in a snapshot being saved, and survives a restore under way), or is answered
// 503 once it has waited longer than the bound; a thread that dies mid-restore changes nothing.
import { testCause } from '../support/change-cause.js'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Worker } from 'node:worker_threads'
import type { Referral } from '../../src/domain/referral/schema.js'
import { partnerLedCreate } from '../support/fixtures.js'
import {
  createReferral,
  itemUrl,
  patchReferral,
  postReferral,
  replace,
  send,
} from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'

const stored = 100_000

let dir: string
let template: Referral
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cosell-snapshot-thread-'))
  const t = await makeTestApp({ dataDir: dir })
  template = await createReferral(t.app)
  for (let start = 0; start < stored; start += 10_000) {
    const batch = Array.from({ length: 10_000 }, (_, i) => clone(template, start + i))
    await t.store.insertMany(batch, testCause)
  }
  assert.equal((await admin(t, 'PUT', '/snapshots/big')).statusCode, 200)
  await t.close()
})
after(() => rmSync(dir, { recursive: true, force: true }))

function clone(referral: Referral, n: number): Referral {
  const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
  return { ...referral, id, engagementId: id, name: `Referral ${n}` }
}

function admin(t: TestApp, method: 'PUT' | 'POST' | 'DELETE', url: string) {
  return t.app.inject({ method, url: `/_cosell${url}` })
}

/** A request under way, and whether it has been answered yet. */
function inFlight<T>(work: Promise<T>): { readonly result: Promise<T>; settled(): boolean } {
  let settled = false
  const result = work.finally(() => (settled = true))
  return { result, settled: () => settled }
}

/**
 * Resolves once another connection holds the database's write lock (the snapshot thread's). The
 * probe takes the lock itself for a moment each time, so it asks only every few milliseconds:
 * asked back to back, it kept the thread from ever getting the lock.
 */
async function writeLocked(): Promise<void> {
  const probe = new Database(join(dir, 'cosell.db'), { timeout: 0 })
  try {
    for (let n = 0; n < 20_000; n++) {
      try {
        probe.exec('BEGIN IMMEDIATE; ROLLBACK')
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return
        throw error
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    assert.fail('no other connection took the write lock')
  } finally {
    probe.close()
  }
}

/** A digest of every row of the sandbox tables and the team-email index, in a stable order. */
function digest(): string {
  const db = new Database(join(dir, 'cosell.db'), { readonly: true })
  try {
    const hash = createHash('sha256')
    for (const table of ['referrals', 'referral_team_emails', 'organizations', 'users'])
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().iterate())
        hash.update(
          JSON.stringify(row, (_key, value: unknown) =>
            Buffer.isBuffer(value) ? value.toString('hex') : value,
          ),
        )
    return hash.digest('hex')
  } finally {
    db.close()
  }
}

function snapshotThread(t: TestApp): Worker {
  const pool = (t.store as unknown as { thread: { slots: { worker: Worker | undefined }[] } }).thread
  const worker = pool.slots[0]?.worker
  assert.ok(worker, 'the snapshot thread is not running')
  return worker
}

describe('snapshots on their own thread, 100,000 referrals', { timeout: 900_000 }, () => {
  for (const [operation, method, url] of [
    ['save', 'PUT', '/snapshots/again'],
    ['restore', 'POST', '/snapshots/big/restore'],
  ] as const) {
    test(`/healthz and a GET by id answer while a snapshot ${operation} runs, which then succeeds`, async () => {
      const t = await makeTestApp({ dataDir: dir })
      try {
        const running = inFlight(admin(t, method, url))
        const health = await t.app.inject({ method: 'GET', url: '/healthz' })
        assert.equal(health.statusCode, 200)
        assert.equal(running.settled(), false, `/healthz waited for the ${operation}`)
        const read = await send(t.app, 'GET', itemUrl(template.id))
        assert.equal(read.statusCode, 200, read.body)
        assert.equal(running.settled(), false, `the GET by id waited for the ${operation}`)
        const done = await running.result
        assert.equal(done.statusCode, 200, done.body)
        assert.equal(done.json<{ counts: { referrals: number } }>().counts.referrals, stored + 1)
      } finally {
        await t.close()
      }
    })
  }

  test('a restore gives back every row saved, the team-email index included', async () => {
    const t = await makeTestApp({ dataDir: dir })
    try {
      assert.equal((await admin(t, 'PUT', '/snapshots/equal')).statusCode, 200)
      const saved = digest()
      await createReferral(t.app)
      const patched = await patchReferral(t.app, template.id, [replace('/details/notes', 'Changed.')])
      assert.equal(patched.statusCode, 204, patched.body)
      assert.notEqual(digest(), saved)
      assert.equal((await admin(t, 'POST', '/snapshots/equal/restore')).statusCode, 200)
      assert.equal(digest(), saved)
    } finally {
      await t.close()
    }
  })

  test('a create issued during a save lands after it, outside the snapshot; one issued during a restore lands after it', async () => {
    const t = await makeTestApp({ dataDir: dir })
    try {
      const saving = admin(t, 'PUT', '/snapshots/during')
      await writeLocked()
      const first = await postReferral(t.app) // held: on the main connection it would meet SQLITE_BUSY
      assert.equal(first.statusCode, 200, first.body)
      assert.equal((await saving).statusCode, 200)

      const restoring = admin(t, 'POST', '/snapshots/during/restore')
      await writeLocked()
      const second = await postReferral(t.app, partnerLedCreate())
      assert.equal(second.statusCode, 200, second.body)
      assert.equal((await restoring).statusCode, 200)

      assert.equal((await send(t.app, 'GET', itemUrl(first.json<Referral>().id))).statusCode, 404)
      assert.equal((await send(t.app, 'GET', itemUrl(second.json<Referral>().id))).statusCode, 200)
    } finally {
      await t.close()
    }
  })

  test('a write held longer than the bound is answered 503 with Retry-After, unmade', async () => {
    const t = await makeTestApp({ dataDir: dir, writeHoldMs: 1 })
    try {
      const saving = inFlight(admin(t, 'PUT', '/snapshots/bound'))
      await writeLocked()
      const refused = await postReferral(t.app)
      assert.equal(refused.statusCode, 503, refused.body)
      assert.equal(refused.headers['retry-after'], '1')
      const { error } = refused.json<{ error: { code: string; message: string } }>()
      assert.equal(error.code, 'serviceNotAvailable')
      assert.match(error.message, /snapshot operation/)
      assert.equal(saving.settled(), false)
      assert.equal((await saving.result).statusCode, 200)
      assert.equal((await postReferral(t.app)).statusCode, 200)
    } finally {
      await t.close()
    }
  })

  test('a snapshot thread that dies mid-restore leaves the data as it was, answers 503, and a new thread takes the next operation', async () => {
    const t = await makeTestApp({ dataDir: dir })
    try {
      await createReferral(t.app) // not in 'big': a restore that went through would remove it
      const before = digest()
      const restoring = admin(t, 'POST', '/snapshots/big/restore')
      await writeLocked()
      await snapshotThread(t).terminate()
      const failed = await restoring
      assert.equal(failed.statusCode, 503, failed.body)
      assert.match(failed.json<{ error: { message: string } }>().error.message, /nothing was changed/)
      assert.equal(digest(), before)
      assert.equal((await postReferral(t.app)).statusCode, 200, 'the store does not write after the crash')
      assert.equal((await admin(t, 'DELETE', '/snapshots/equal')).statusCode, 204)
    } finally {
      await t.close()
    }
  })
})
