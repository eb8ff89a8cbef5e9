// The data directory holds every partner's referrals and the key that signs their tokens: what
// cosell creates there is readable by its owner only (issue 9 item 7).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { loadSigningKey, signingKeyFile } from '../../src/auth/signing-key.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'

const root = mkdtempSync(join(tmpdir(), 'cosell-modes-'))
after(() => rmSync(root, { recursive: true, force: true }))

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8)

test('the store creates its directory 0700 and its database and WAL files 0600', async () => {
  const dir = join(root, 'store', 'data')
  const store = SqliteReferralStore.open(dir)
  try {
    await store.saveSetting('probe', { written: true }) // the WAL exists once something is written
    assert.equal(mode(join(root, 'store')), '700', 'a parent the store had to create')
    assert.equal(mode(dir), '700')
    assert.equal(mode(join(dir, 'cosell.db')), '600')
    assert.equal(mode(join(dir, 'cosell.db-wal')), '600')
  } finally {
    await store.close()
  }
})

test('the signing key is created 0600, in a directory created 0700', async () => {
  const dir = join(root, 'key')
  await loadSigningKey(dir)
  assert.equal(mode(dir), '700')
  assert.equal(mode(signingKeyFile(dir)), '600')
})
