// The sandbox controls as a user meets them: a real `cosell serve` in a child process and the real
// CLI. Incoming referrals expire exactly once, even across restarts of the server on the same data
// directory (the clock's state and the expiry are both in the database), and clock, seed,
// snapshot and reset work from the command line.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Referral } from '../../src/domain/referral/schema.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { insertIncoming, type IncomingOptions } from '../support/incoming.js'
import { collectionUrl, itemUrl, type ListEnvelope } from '../support/referral-api.js'
import { killHard, startServer, stopAll, type RunningServer } from '../support/server-process.js'
import { authHeader, tenantA } from '../support/tokens.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const execute = promisify(execFile)
const day = 86_400_000

const dirs: string[] = []
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-sandbox-'))
  dirs.push(dir)
  return dir
}

after(async () => {
  await stopAll()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Writes an incoming referral into a data directory no server holds. */
async function writeIncoming(
  dir: string,
  options: Omit<IncomingOptions, 'organizationId'>,
): Promise<Referral> {
  const store = SqliteReferralStore.open(dir)
  try {
    return await insertIncoming(store, { organizationId: tenantA, ...options })
  } finally {
    await store.close()
  }
}

/** The referral as stored: what depends on the serving host (its port) left out. */
async function read(server: RunningServer, id: string): Promise<Omit<Referral, 'links'>> {
  const res = await fetch(`${server.url}${itemUrl(id)}`, { headers: authHeader() })
  assert.equal(res.status, 200)
  const {
    links: _links,
    '@odata.context': _context,
    ...stored
  } = (await res.json()) as Referral & {
    '@odata.context': string
  }
  return stored
}

/** Runs the real CLI against `server`; resolves with stdout, or rejects with the failed run. */
async function cosell(server: RunningServer, ...args: string[]): Promise<string> {
  const { stdout } = await execute(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', ...args, '--url', server.url],
    { cwd: repoRoot, timeout: 60_000 },
  )
  return stdout
}

describe('the sandbox through a real server and the CLI', () => {
  test('an incoming referral expires exactly once, also across restarts on the same data directory', async () => {
    const dir = dataDir()
    const received = new Date()
    const first = await writeIncoming(dir, { receivedAt: received })

    let server = await startServer(dir)
    assert.equal((await read(server, first.id)).status, 'New')
    const moved = JSON.parse(await cosell(server, 'clock', 'advance', 'P15D', '--json')) as {
      expired: number
    }
    assert.equal(moved.expired, 1)
    const expired = await read(server, first.id)
    assert.deepEqual([expired.status, expired.substatus], ['Closed', 'Expired'])
    assert.equal(expired.closedDateTime, first.expirationDateTime)
    await killHard(server)

    // received a day ago by wall time, due tomorrow: already past for a clock 15 days ahead
    const second = await writeIncoming(dir, {
      receivedAt: new Date(received.getTime() - day),
      expiration: new Date(received.getTime() + day),
    })
    server = await startServer(dir)
    assert.equal((await read(server, second.id)).substatus, 'Expired', 'not expired at start-up')
    assert.deepEqual(await read(server, first.id), expired, 'expired a second time')
    const clock = JSON.parse(await cosell(server, 'clock', 'show', '--json')) as { offset: string }
    assert.equal(clock.offset, 'P15D')
    await killHard(server)
  })

  test('seed, snapshot, reset and clock from the command line', async () => {
    const server = await startServer(dataDir())
    const count = async () => {
      const res = await fetch(`${server.url}${collectionUrl}?$top=1`, { headers: authHeader() })
      return ((await res.json()) as ListEnvelope)['@odata.count']
    }
    assert.match(
      await cosell(server, 'seed', '--referrals', '30', '--organization', tenantA, '--seed', '5'),
      new RegExp(`^seeded 30 referrals for .* \\(${tenantA}\\), seed 5: \\d+ Active/Accepted`),
    )
    assert.match(
      await cosell(server, 'snapshot', 'save', 'demo'),
      /^saved demo: 30 referrals, 2 organisations/,
    )
    assert.match(
      await cosell(server, 'reset', '--yes'),
      /^removed 30 referrals, 2 organisations, \d+ users; clock /,
    )
    assert.equal(await count(), 0)
    const listed = JSON.parse(await cosell(server, 'snapshot', 'list', '--json')) as { name: string }[]
    assert.deepEqual(
      listed.map((s) => s.name),
      ['demo'],
    )
    assert.match(await cosell(server, 'snapshot', 'list'), /^name\s+saved at\s+clock\s+referrals/)
    assert.match(await cosell(server, 'snapshot', 'restore', 'demo'), /^restored demo/)
    assert.equal(await count(), 30)

    assert.match(await cosell(server, 'clock', 'freeze'), /frozen/)
    assert.match(await cosell(server, 'clock'), /frozen {2}offset/)
    const refused = await cosell(server, 'clock', 'set', '2000-01-01T00:00:00Z').then(
      () => assert.fail('setting the clock back was accepted'),
      (error: { code: number; stderr: string }) => error,
    )
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /400 invalidRequest: set .* time does not run backwards/)

    assert.match(await cosell(server, 'snapshot', 'delete', 'demo'), /^deleted demo/)
    const missing = await cosell(server, 'snapshot', 'restore', 'demo').then(
      () => assert.fail('a deleted snapshot was restored'),
      (error: { stderr: string }) => error,
    )
    assert.match(missing.stderr, /404 itemNotFound/)
    await killHard(server)
  })
})
