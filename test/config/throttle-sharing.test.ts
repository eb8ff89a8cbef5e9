// The start-up warning of a cluster whose throttle budgets are per process.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import { throttleSharingWarning } from '../../src/config/throttle-sharing.js'

const pg = 'postgres://cosell@db/cosell'

test('PostgreSQL, throttling on and no REDIS_URL: the warning says budgets multiply and to set REDIS_URL', () => {
  const warning = throttleSharingWarning(loadConfig({ DATABASE_URL: pg, COSELL_THROTTLE: 'connector' }))
  assert.equal(
    warning,
    'throttling budgets are per server process: with N servers a tenant gets N times its budget; set REDIS_URL',
  )
})

test('no warning with REDIS_URL, with throttling off, or on the embedded store (one server)', () => {
  const cases = [
    { DATABASE_URL: pg, COSELL_THROTTLE: 'connector', REDIS_URL: 'redis://cache:6379' },
    { DATABASE_URL: pg, COSELL_THROTTLE: 'off' },
    { COSELL_THROTTLE: 'connector' },
  ]
  for (const env of cases)
    assert.equal(throttleSharingWarning(loadConfig(env)), undefined, JSON.stringify(env))
})
