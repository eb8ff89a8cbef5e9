// The access log: one info line a request from a real `cosell serve`, naming method, path, status,
// duration, tenant and request id, and nothing a log reader should not see (tokens, queries, bodies).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { emulatorToken } from '../../src/client/emulator-token.js'
import { killHard, startServer, stopAll } from '../support/server-process.js'

const tenant = '5f3c0a57-7f27-4a35-9a5f-1c0d3f3e0a11'
const token = emulatorToken({ tid: tenant, upn: 'ana@contoso.example' })
const dirs: string[] = []

after(async () => {
  await stopAll()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function serveAndList(settings: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-access-log-'))
  dirs.push(dir)
  const server = await startServer(dir, { COSELL_LOG_LEVEL: 'info', ...settings })
  const res = await fetch(`${server.url}/v1.0/engagements/referrals?$filter=name eq 'Secret Customer'`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await res.text()
  const requestId = res.headers.get('request-id') ?? ''
  // the line is written once the answer has gone out: wait (bounded) until it is there
  for (let i = 0; i < 100 && !server.output().includes(requestId); i++)
    await new Promise((r) => setTimeout(r, 20))
  await killHard(server)
  const lines = server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
  return {
    status: res.status,
    requestId,
    lines: lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  }
}

describe('the access log', () => {
  test('a request is logged at info level with method, path, status, duration, tenant and request id', async () => {
    const { status, requestId, lines } = await serveAndList({})
    assert.equal(status, 200)
    const line = lines.find((l) => l.reqId === requestId)
    assert.ok(line, `no line for request ${requestId} in:\n${JSON.stringify(lines, null, 1)}`)
    assert.equal(line.level, 30)
    assert.match(String(line.msg), /^GET \/v1\.0\/engagements\/referrals 200 \d+\.\d ms$/)
    assert.equal(line.tenant, tenant)
    assert.equal(line.status, 200)
    assert.equal(typeof line.ms, 'number')
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/)
    assert.equal(line.pid, undefined, 'compact: no pid or hostname')
    const text = JSON.stringify(line)
    assert.ok(!text.includes(token.split('.')[1]!), 'the token is not logged')
    assert.ok(!text.includes('Secret'), 'the query is not logged')
  })

  test('COSELL_ACCESS_LOG=0 turns it off', async () => {
    const { requestId, lines } = await serveAndList({ COSELL_ACCESS_LOG: '0' })
    assert.equal(
      lines.find((l) => l.reqId === requestId),
      undefined,
    )
  })
})
