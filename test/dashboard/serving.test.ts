// How the server serves the dashboard's built files: `/` and the assets without a token, hashed
// assets cached for good and the page re-checked, and every other path still the API's own.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { registerDashboard } from '../../src/http/routes/dashboard.js'

describe('serving the dashboard', () => {
  let root: string
  let app: FastifyInstance
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'cosell-web-'))
    mkdirSync(join(root, 'assets'))
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>')
    writeFileSync(join(root, 'assets/index-D7Gjq1wB.js'), 'console.log(1)')
    app = Fastify()
    await registerDashboard(app, root)
    app.get('/healthz', () => ({ status: 'ok' }))
  })
  after(async () => {
    await app.close()
    rmSync(root, { recursive: true, force: true })
  })

  test('/ is the page, re-checked on every visit', async () => {
    const res = await app.inject({ url: '/' })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/html/)
    assert.equal(res.headers['cache-control'], 'no-cache')
    assert.match(res.body, /<div id="app">/)
  })

  test('a hashed asset is cached for a year, immutable', async () => {
    const res = await app.inject({ url: '/assets/index-D7Gjq1wB.js' })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable')
  })

  test('other paths are not the dashboard’s: no catch-all route', async () => {
    assert.equal((await app.inject({ url: '/assets/missing-AAAAAAAA.js' })).statusCode, 404)
    assert.equal((await app.inject({ url: '/pipeline' })).statusCode, 404)
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200)
  })

  test('before the build, / says how to build it', async () => {
    const bare = Fastify()
    await registerDashboard(bare, join(root, 'nothing-here'))
    const res = await bare.inject({ url: '/' })
    assert.equal(res.statusCode, 404)
    assert.match(res.body, /npm run build/)
    await bare.close()
  })
})
