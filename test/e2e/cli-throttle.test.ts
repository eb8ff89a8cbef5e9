// `cosell throttle` against a real server, as a user would run it: a tenant's own profile set,
// shown, felt as a 429 on the wire, refused when it is not a profile, and cleared.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ThrottleSettings } from '../../src/client/admin.js'
import { cliFailure as failure, cliServer } from '../support/cli-server.js'
import { authHeader } from '../support/tokens.js'

const { cosell, url } = cliServer('cli-throttle')
const tenant = '77777777-7777-4777-8777-777777777777'

const listAs = (tid: string) =>
  fetch(`${url()}/v1.0/engagements/referrals`, {
    headers: authHeader(tid),
    signal: AbortSignal.timeout(10_000),
  })

test('throttle set gives a tenant its own budgets; its next calls past them answer 429', async () => {
  assert.match(await cosell('throttle'), /^default {2}off\nno tenant has a profile of its own\n$/)
  const set = await cosell('throttle', 'set', tenant, '--read', '1/3600', '--write', '5/60')
  assert.equal(set, `${tenant}  read=1/3600,write=5/60  (override)\n`)
  assert.equal((await listAs(tenant)).status, 200)
  const throttled = await listAs(tenant)
  assert.equal(throttled.status, 429)
  const seconds = throttled.headers.get('retry-after')
  assert.ok(seconds !== null && Number(seconds) > 3500, `Retry-After ${seconds}`)
  assert.deepEqual(await throttled.json(), {
    statusCode: 429,
    message: `Rate limit is exceeded. Try again in ${seconds} seconds.`,
  })
  assert.equal((await listAs('88888888-8888-4888-8888-888888888888')).status, 200) // others: the default
  const shown = JSON.parse(await cosell('throttle', 'show', '--json')) as ThrottleSettings
  assert.deepEqual(shown.tenants, [
    {
      tenantId: tenant,
      profile: {
        profile: 'custom',
        read: { limit: 1, periodSeconds: 3600 },
        write: { limit: 5, periodSeconds: 60 },
      },
      source: 'override',
    },
  ])
})

test('throttle set takes the COSELL_THROTTLE form too: connector, or name=LIMIT/SECONDS', async () => {
  assert.equal(await cosell('throttle', 'set', tenant, 'connector'), `${tenant}  connector  (override)\n`)
  assert.equal(
    await cosell('throttle', 'set', tenant, 'calls=100/60'),
    `${tenant}  calls=100/60  (override)\n`,
  )
  assert.equal(await cosell('throttle', 'show', tenant), `${tenant}  calls=100/60  (override)\n`)
})

test('a profile that is not one is refused, naming what is wrong, and changes nothing', async () => {
  // the server's refusal exits 1; what the CLI itself cannot read is a usage error, exit 2
  await cosell('throttle', 'set', tenant, 'connector')
  assert.match(
    await failure(cosell('throttle', 'set', tenant, '--read', '0/60')),
    /400 invalidRequest: read\.limit must be >= 1/,
  )
  assert.match(await failure(cosell('throttle', 'set', tenant, 'connector', '--read', '5/60'), 2), /not both/)
  assert.match(
    await failure(cosell('throttle', 'set', tenant, '--read', '5'), 2),
    /read=5 is not LIMIT\/SECONDS/,
  )
  assert.match(
    await failure(cosell('throttle', 'set', tenant, 'sometimes')),
    /profile must be one of: off, connector, custom/,
  )
  assert.equal(await cosell('throttle', 'show', tenant), `${tenant}  connector  (override)\n`)
})

test('throttle clear gives the tenant the default again', async () => {
  await cosell('throttle', 'set', tenant, '--calls', '1/3600')
  await listAs(tenant)
  assert.equal((await listAs(tenant)).status, 429)
  assert.equal(await cosell('throttle', 'clear', tenant), `${tenant}  off  (default)\n`)
  assert.equal((await listAs(tenant)).status, 200)
  assert.match(await cosell('throttle'), /no tenant has a profile of its own/)
})
