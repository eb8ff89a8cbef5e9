// `cosell journal` and `cosell report` against a real server, after a client of the demo tenant
// wrote without If-Match and sent a create the rules refuse.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { JournalPage } from '../../src/client/admin.js'
import { demoTenant } from '../../src/cli/connection.js'
import { cliServer } from '../support/cli-server.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { authHeader } from '../support/tokens.js'

const { cosell, url } = cliServer('cli-report')

async function call(method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url()}${path}`, {
    method,
    headers: { ...authHeader(demoTenant), 'content-type': 'application/json', 'user-agent': 'my-crm/1.0' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  })
}

test('report names the client, what it did, why and what to do instead; journal lists its requests', async () => {
  const created = (await (await call('POST', '/v1.0/engagements/referrals', partnerLedCreate())).json()) as {
    id: string
  }
  const patch = [{ op: 'replace', path: '/name', value: 'Renamed' }]
  assert.equal((await call('PATCH', `/v1.0/engagements/referrals/${created.id}`, patch)).status, 204)
  const bad = {
    ...partnerLedCreate(),
    customerProfile: { ...(partnerLedCreate().customerProfile as object), size: 'huge' },
  }
  assert.equal((await call('POST', '/v1.0/engagements/referrals', bad)).status, 400)

  const report = await cosell('report')
  assert.match(report, new RegExp(`Client report for tenant ${demoTenant}`))
  assert.match(report, /my-crm\/1\.0 — 3 requests, 2 findings:/)
  assert.match(
    report,
    /PUT or PATCH without If-Match \(1×\)\n\s+What: +1 PATCH was sent without an If-Match header\./,
  )
  assert.match(report, /Refused by validation: enum on customerProfile\.size \(1×\)/)
  assert.match(report, /Instead: /)

  const page = JSON.parse(await cosell('journal', '--json', '--limit', '2')) as JournalPage
  assert.deepEqual(
    page.value.map((e) => [e.method, e.status, e.userAgent]),
    [
      ['POST', 400, 'my-crm/1.0'],
      ['PATCH', 204, 'my-crm/1.0'],
    ],
  )
  assert.match(await cosell('journal'), /enum customerProfile\.size/)
})
