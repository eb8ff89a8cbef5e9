// The embedded store as a process sees it (issue 2 item 10): an acknowledged create survives
// kill -9 of the server, a second server refuses a data directory already in use, and /healthz
// answers once the store is open. The real `cosell serve` runs as a child process.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { collectionUrl, itemUrl, replace } from '../support/referral-api.js'
import {
  exitWithin,
  killHard,
  startServer,
  stopAll,
  spawnServer,
  type RunningServer,
} from '../support/server-process.js'
import { authHeader } from '../support/tokens.js'

const dirs: string[] = []
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-e2e-'))
  dirs.push(dir)
  return dir
}

after(async () => {
  await stopAll()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const headers = { ...authHeader(), 'content-type': 'application/json' }

async function create(url: string): Promise<Referral | undefined> {
  const res = await fetch(`${url}${collectionUrl}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(partnerLedCreate()),
  })
  return res.status === 200 ? ((await res.json()) as Referral) : undefined
}

/** The stored referral, without what depends on the serving host. */
function stored(r: Referral): Omit<Referral, 'links'> {
  const { links: _links, ...rest } = r as Referral & { '@odata.context'?: string }
  delete (rest as { '@odata.context'?: string })['@odata.context']
  return rest
}

/**
 * Runs `writers` loops of `write` against a server and kill -9s it as soon as `killAt` writes were
 * acknowledged, while the other writers still have requests in flight. Bounded in count and time.
 */
async function burstThenKill(
  server: RunningServer,
  writers: number,
  killAt: number,
  write: (writer: number) => Promise<boolean>,
): Promise<{ acknowledged: number; sent: number }> {
  const maxRequests = 5_000
  const deadline = Date.now() + 60_000
  let sent = 0
  let acknowledged = 0
  let killed: Promise<void> | undefined
  const loop = async (writer: number) => {
    while (!killed && sent < maxRequests && Date.now() < deadline) {
      sent++
      try {
        if (await write(writer)) acknowledged++
      } catch {
        // connection refused or reset: the server is gone and did not acknowledge this write
      }
      if (acknowledged >= killAt && !killed) killed = killHard(server)
    }
  }
  await Promise.all(Array.from({ length: writers }, (_, i) => loop(i)))
  assert.ok(
    killed,
    `the burst ended before ${killAt} writes were acknowledged (${acknowledged} of ${sent} sent)`,
  )
  await killed
  assert.equal(server.child.signalCode, 'SIGKILL')
  return { acknowledged, sent }
}

async function fetchReferral(url: string, id: string): Promise<Referral | undefined> {
  const res = await fetch(`${url}${itemUrl(id)}`, { headers: authHeader() })
  return res.status === 200 ? ((await res.json()) as Referral) : undefined
}

describe('durability', () => {
  test(
    'every create acknowledged before kill -9 is there, intact, after a restart on the same directory',
    { timeout: 120_000 },
    async (t) => {
      const dir = dataDir()
      const first = await startServer(dir)
      const acknowledged = new Map<string, Referral>()
      const burst = await burstThenKill(first, 8, 150, async () => {
        const r = await create(first.url)
        if (r) acknowledged.set(r.id, r)
        return r !== undefined
      })
      t.diagnostic(
        `${burst.acknowledged} creates acknowledged of ${burst.sent} sent before and around kill -9`,
      )

      const second = await startServer(dir)
      const missing: string[] = []
      for (const [id, before] of acknowledged) {
        const after = await fetchReferral(second.url, id)
        if (!after) missing.push(id)
        else assert.deepEqual(stored(after), stored(before), `referral ${id} changed`)
      }
      assert.deepEqual(missing, [], `${missing.length} acknowledged referrals were lost`)
      const list = (await (
        await fetch(`${second.url}${collectionUrl}`, { headers: authHeader() })
      ).json()) as { '@odata.count': number }
      assert.ok(list['@odata.count'] >= acknowledged.size)
      assert.ok(await create(second.url), 'the restarted server accepts writes')
      await killHard(second)
    },
  )

  test('the last acknowledged PATCH of every referral survives kill -9', { timeout: 120_000 }, async (t) => {
    const dir = dataDir()
    const first = await startServer(dir)
    const writers = 6
    const ids: string[] = []
    for (let i = 0; i < writers; i++) ids.push((await create(first.url))!.id)
    const lastSent: string[] = []
    const lastAcknowledged: (string | undefined)[] = []
    let counter = 0
    const burst = await burstThenKill(first, writers, 200, async (writer) => {
      const notes = `writer ${writer}, write ${++counter}`
      lastSent[writer] = notes
      const res = await fetch(`${first.url}${itemUrl(ids[writer]!)}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify([replace('/details/notes', notes)]),
      })
      if (res.status !== 204) return false
      lastAcknowledged[writer] = notes
      return true
    })
    t.diagnostic(`${burst.acknowledged} PATCHes acknowledged of ${burst.sent} sent before and around kill -9`)

    const second = await startServer(dir)
    for (const [writer, id] of ids.entries()) {
      const after = await fetchReferral(second.url, id)
      assert.ok(after, `referral ${id} was lost`)
      // the write in flight at the kill may or may not have landed; the acknowledged one must have
      const allowed = new Set([lastAcknowledged[writer], lastSent[writer]])
      assert.ok(
        allowed.has(after.details.notes ?? undefined),
        `writer ${writer}: stored '${after.details.notes}', acknowledged '${lastAcknowledged[writer]}'`,
      )
    }
    await killHard(second)
  })
})

describe('one server per data directory', () => {
  test(
    'a second server on the same directory exits non-zero naming it, while the first keeps serving',
    { timeout: 120_000 },
    async () => {
      const dir = dataDir()
      const first = await startServer(dir)
      const before = await create(first.url)
      assert.ok(before, 'the first server accepts a create')

      const second = spawnServer(dir)
      const code = await exitWithin(second, 120_000)
      assert.notEqual(code, undefined, `the second server is still running:\n${second.output()}`)
      assert.notEqual(code, 0)
      assert.ok(
        second.output().includes(resolve(dir)),
        `the message does not name ${resolve(dir)}:\n${second.output()}`,
      )
      assert.doesNotMatch(second.output(), /at .*\(.*:\d+:\d+\)/, 'a clear message, not a stack trace')

      const health = await fetch(`${first.url}/healthz`)
      assert.equal(health.status, 200)
      const res = await fetch(`${first.url}${itemUrl(before.id)}`, { headers: authHeader() })
      assert.equal(res.status, 200)
      assert.ok(await create(first.url), 'the first server still accepts writes')
      await killHard(first)
    },
  )
})

describe('start-up settings (issue 2 item 2)', () => {
  const bad: [string, string][] = [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['COSELL_PUBLIC_URL', 'not a url'],
    ['COSELL_LOG_LEVEL', 'chatty'],
  ]
  for (const [name, value] of bad) {
    test(`${name}=${value} stops start-up with a message naming ${name}`, { timeout: 60_000 }, async () => {
      const server = spawnServer(dataDir(), { [name]: value })
      const code = await exitWithin(server, 120_000)
      assert.notEqual(code, undefined, `the server started anyway:\n${server.output()}`)
      assert.notEqual(code, 0)
      assert.ok(server.output().includes(name), `the message does not name ${name}:\n${server.output()}`)
    })
  }
})

describe('health', () => {
  test('GET /healthz answers 200 once the server is up, without a token', { timeout: 60_000 }, async () => {
    const server = await startServer(dataDir())
    const res = await fetch(`${server.url}/healthz`)
    assert.equal(res.status, 200)
    await killHard(server)
  })
})
