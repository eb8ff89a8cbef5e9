// cosell's signing key is kept beside the data, so tokens survive restarts and every process on
// the same data directory signs and checks with one key.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { jwtVerify, SignJWT } from 'jose'
import { loadSigningKey, signingKeyFile } from '../../src/auth/signing-key.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-key-'))
  dirs.push(dir)
  return join(dir, 'data') // not created yet: loading creates it
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

test('the key of a data directory is created once, readable by its owner only, and the same on every load', async () => {
  const dir = tempDir()
  const first = await loadSigningKey(dir)
  const second = await loadSigningKey(dir)
  assert.equal(second.kid, first.kid)
  assert.equal(statSync(signingKeyFile(dir)).mode & 0o777, 0o600)
  assert.equal(typeof (JSON.parse(readFileSync(signingKeyFile(dir), 'utf8')) as { d?: unknown }).d, 'string')
  const token = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'RS256' }).sign(first.privateKey)
  assert.equal((await jwtVerify(token, second.publicKey)).payload.a, 1)
})

test('processes that start together agree on one key', async () => {
  const dir = tempDir()
  const keys = await Promise.all(Array.from({ length: 5 }, () => loadSigningKey(dir)))
  assert.equal(new Set(keys.map((k) => k.kid)).size, 1)
  assert.equal((await loadSigningKey(dir)).kid, keys[0]!.kid)
})

test('an in-memory store gets a key of its own each time', async () => {
  assert.notEqual((await loadSigningKey(':memory:')).kid, (await loadSigningKey(':memory:')).kid)
})

test('the published JWK is the public half only', async () => {
  const { publicJwk, kid } = await loadSigningKey(':memory:')
  assert.deepEqual(Object.keys(publicJwk).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use'])
  assert.equal(publicJwk.kid, kid)
})
