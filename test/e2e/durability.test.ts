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
import { collectionUrl, itemUrl } from '../support/referral-api.js'
import { exitWithin, killHard, startServer, stopAll, spawnServer } from '../support/server-process.js'
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

describe('durability', () => {
  test(
    'every create acknowledged before kill -9 is there, intact, after a restart on the same directory',
    { timeout: 120_000 },
    async (t) => {
      const dir = dataDir()
      const first = await startServer(dir)

      const acknowledged = new Map<string, Referral>()
      const killAt = 150 // acknowledged creates before the kill; the other writers are still in flight
      const maxRequests = 5_000
      const deadline = Date.now() + 60_000
      let sent = 0
      let killed: Promise<void> | undefined
      const writer = async () => {
        while (!killed && sent < maxRequests && Date.now() < deadline) {
          sent++
          try {
            const r = await create(first.url)
            if (r && !killed) acknowledged.set(r.id, r)
            if (acknowledged.size >= killAt && !killed) killed = killHard(first)
          } catch {
            // connection refused or reset: the server is gone; nothing was acknowledged
          }
        }
      }
      await Promise.all(Array.from({ length: 8 }, writer))
      assert.ok(
        killed,
        `the burst ended before ${killAt} creates were acknowledged (${acknowledged.size} of ${sent} sent)`,
      )
      await killed
      t.diagnostic(`${acknowledged.size} creates acknowledged of ${sent} sent before and around kill -9`)
      assert.equal(first.child.signalCode, 'SIGKILL')

      const second = await startServer(dir)
      const missing: string[] = []
      for (const [id, before] of acknowledged) {
        const res = await fetch(`${second.url}${itemUrl(id)}`, { headers: authHeader() })
        if (res.status !== 200) {
          missing.push(id)
          continue
        }
        assert.deepEqual(stored((await res.json()) as Referral), stored(before), `referral ${id} changed`)
      }
      assert.deepEqual(missing, [], `${missing.length} acknowledged referrals were lost`)
      const list = (await (
        await fetch(`${second.url}${collectionUrl}`, { headers: authHeader() })
      ).json()) as {
        '@odata.count': number
      }
      assert.ok(list['@odata.count'] >= acknowledged.size)
      assert.ok(await create(second.url), 'the restarted server accepts writes')
      await killHard(second)
    },
  )
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
      const code = await exitWithin(second, 30_000)
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

describe('health', () => {
  test('GET /healthz answers 200 once the server is up, without a token', { timeout: 60_000 }, async () => {
    const server = await startServer(dataDir())
    const res = await fetch(`${server.url}/healthz`)
    assert.equal(res.status, 200)
    await killHard(server)
  })
})
