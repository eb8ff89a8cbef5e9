// `cosell export --all`, `cosell import --all` and `cosell migrate` as a user runs them: the store
// found as `cosell serve` finds it, an export taken while a server serves the directory, options
// of the referral mode refused with --all, and refusals that exit 1 and leave the target empty.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { runCosell } from '../support/cli-server.js'
import { scratchDirs } from '../support/scratch-dir.js'
import { startServer, stopAll } from '../support/server-process.js'
import { seedEverything } from '../store/dump/seed-everything.js'

after(stopAll)
const scratch = scratchDirs('cosell-cli-dump-')

async function seededDirectory(): Promise<string> {
  const dir = join(scratch(), 'data')
  const store = SqliteReferralStore.open(dir)
  await seedEverything(store)
  await store.close()
  return dir
}

test('export --all reads the directory a server is serving; import --all of the file into a new directory dumps the same bytes', async () => {
  const dir = join(scratch(), 'served')
  const server = await startServer(dir)
  for (const args of [
    ['seed', '--referrals', '25'],
    ['snapshot', 'save', 'seeded'],
    ['clock', 'advance', 'P2D'],
  ]) {
    const run = await runCosell([...args, '--url', server.url], { COSELL_DATA_DIR: dir })
    assert.equal(run.code, 0, run.stderr)
  }
  const file = join(scratch(), 'backup.jsonl')
  const exported = await runCosell(['export', '--all', '--out', file], { COSELL_DATA_DIR: dir })
  assert.equal(exported.code, 0, exported.stderr)
  assert.match(exported.stderr, /50 referrals, \d+ changes, 1 snapshot/)
  const restored = join(scratch(), 'restored')
  const imported = await runCosell(['import', '--all', file, '--data-dir', restored])
  assert.equal(imported.code, 0, imported.stderr)
  const again = await runCosell(['export', '--all', '--data-dir', restored])
  assert.equal(again.stdout, readFileSync(file, 'utf8'))
  assert.match(again.stdout, /"key":"json:clock"/)
  assert.match(again.stdout, /"key":"json:signing-key"/)
})

test('migrate copies a directory into a new one; into one that holds data it is refused with exit 1', async () => {
  const dir = await seededDirectory()
  const copy = join(scratch(), 'copy')
  const migrated = await runCosell(['migrate', '--from', dir, '--to', copy])
  assert.equal(migrated.code, 0, migrated.stderr)
  const [source, target] = await Promise.all([
    runCosell(['export', '--all', '--data-dir', dir]),
    runCosell(['export', '--all', '--data-dir', copy]),
  ])
  assert.equal(target.stdout, source.stdout)
  const again = await runCosell(['migrate', '--from', dir, '--to', copy])
  assert.equal(again.code, 1)
  assert.match(
    again.stderr,
    /is not empty \(it holds settings, organizations, users, referrals, .*\).*Nothing was imported/,
  )
})

test('a damaged file exits 1 naming the file and line, and the directory takes the good file afterwards', async () => {
  const dir = await seededDirectory()
  const good = (await runCosell(['export', '--all', '--data-dir', dir])).stdout
  const lines = good.split('\n')
  const damaged = join(scratch(), 'damaged.jsonl')
  writeFileSync(damaged, [...lines.slice(0, 7), '{"type":"user","email":3}', ...lines.slice(8)].join('\n'))
  const target = join(scratch(), 'target')
  const refused = await runCosell(['import', '--all', damaged, '--data-dir', target])
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /damaged\.jsonl: line 8: the user record .*Nothing was imported\./)
  const file = join(scratch(), 'good.jsonl')
  writeFileSync(file, good)
  assert.equal((await runCosell(['import', '--all', file, '--data-dir', target])).code, 0)
})

test('options of the referral mode are refused with --all (exit 2)', async () => {
  for (const args of [
    ['export', '--all', '--filter', "status eq 'Active'"],
    ['import', '--all', 'x.jsonl', '--dry-run'],
  ]) {
    const run = await runCosell(args, { COSELL_DATA_DIR: scratch() })
    assert.equal(run.code, 2, args.join(' '))
    assert.match(run.stderr, /--all moves the whole database: --(filter|dry-run) does not apply/)
  }
})
