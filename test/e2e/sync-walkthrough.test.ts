// docs/sync.md's walkthrough — cosell and a PostgreSQL "CRM" table in five commands — run as
// written against a cosell server this test starts, with a database of its own in place of `crm`.
// The docs test skips that block (it needs PostgreSQL and its client tools); this one runs it
// where they are, and checks what the walkthrough says happens.
import assert from 'node:assert/strict'
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { promisify } from 'node:util'
import pg from 'pg'
import { docBlocks, repoRoot } from '../support/doc-blocks.js'
import { adminQuery, postgresUnavailable } from '../support/postgres-reachable.js'
import { startServer, stopAll } from '../support/server-process.js'
import { cliEnv } from '../support/cli-server.js'
import { tenantA } from '../support/tokens.js'

const run = promisify(execFile)

function clientTools(): string | undefined {
  try {
    execFileSync('bash', ['-c', 'command -v createdb && command -v psql'], { stdio: 'ignore' })
    return undefined
  } catch {
    return 'the PostgreSQL client tools (createdb, psql) are not on PATH'
  }
}

const skip = (await postgresUnavailable()) ?? clientTools()
const database = `cosell_walk_${process.pid}`
const dir = mkdtempSync(join(tmpdir(), 'cosell-sync-walk-'))
after(async () => {
  await stopAll()
  if (!skip) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  rmSync(dir, { recursive: true, force: true })
})

test(
  "docs/sync.md's walkthrough: five commands sync cosell with a PostgreSQL table both ways",
  { skip, timeout: 300_000 },
  async () => {
    const block = docBlocks('docs/sync.md').blocks.find((b) => b.skip?.includes('sync-walkthrough'))
    assert.ok(block, 'docs/sync.md has no walkthrough block marked for this test')
    const server = await startServer(join(dir, 'data'))
    const env = {
      ...cliEnv({ COSELL_URL: server.url }),
      TSX: join(repoRoot, 'node_modules/.bin/tsx'),
      CLI: join(repoRoot, 'src/cli/main.ts'),
    }
    const prelude = `set -Eeuo pipefail\ncd ${JSON.stringify(dir)}\nnpx() { shift; "$TSX" "$CLI" "$@"; }\n`
    await run(
      'bash',
      ['-c', `${prelude}npx cosell seed --referrals 20 --organization ${tenantA} > /dev/null`],
      { cwd: repoRoot, env },
    )
    const script = block.code
      .replace(/(-U postgres )crm\b/g, `$1${database}`)
      .replace(/127\.0\.0\.1\/crm\b/g, `127.0.0.1/${database}`)
    assert.doesNotMatch(script, /[ /]crm\b/, 'every mention of the database is replaced')
    const result = await run('bash', ['-c', prelude + script], { cwd: repoRoot, env, timeout: 240_000 })
    assert.match(result.stdout, /read 20 referral\(s\), 0 CRM record\(s\); created 20 in the CRM/)
    assert.match(result.stdout, /created 0 in the CRM, 1 referral\(s\)/)
    const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database })
    await client.connect()
    try {
      const rows = await client.query<{ n: string; paired: string }>(
        'SELECT count(*) AS n, count(referral_id) AS paired FROM opportunities',
      )
      assert.deepEqual(rows.rows[0], { n: '21', paired: '21' })
    } finally {
      await client.end()
    }
  },
)
