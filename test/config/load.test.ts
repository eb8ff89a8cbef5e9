import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config/load.js'

test('defaults serve on 127.0.0.1:8080 with ./.cosell', () => {
  const config = loadConfig({})
  assert.equal(config.port, 8080)
  assert.equal(config.host, '127.0.0.1')
  assert.equal(config.dataDir, './.cosell')
  assert.equal(config.publicUrl, null)
  assert.equal(config.createStatus, 200)
})

test('environment variables are read and flags win over them', () => {
  const config = loadConfig(
    { PORT: '9000', COSELL_PUBLIC_URL: 'https://cosell.example.com/' },
    { port: '9001' },
  )
  assert.equal(config.port, 9001)
  assert.equal(config.publicUrl, 'https://cosell.example.com')
})

test('a bad setting stops start-up with a message naming it', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty' }),
    (e: unknown) => e instanceof ConfigError && /PORT="eighty"/.test(e.message),
  )
  assert.throws(() => loadConfig({}, { port: '70000' }), /--port/)
  assert.throws(() => loadConfig({ COSELL_PUBLIC_URL: 'not a url' }), /COSELL_PUBLIC_URL/)
  assert.throws(() => loadConfig({ COSELL_CREATE_STATUS: '202' }), /COSELL_CREATE_STATUS/)
})

test('an admin token shorter than 16 characters is refused, naming COSELL_ADMIN_TOKEN', () => {
  assert.throws(() => loadConfig({ COSELL_ADMIN_TOKEN: 'short' }), /COSELL_ADMIN_TOKEN/)
  assert.equal(
    loadConfig({ COSELL_ADMIN_TOKEN: 'a-long-enough-admin-token' }).adminToken,
    'a-long-enough-admin-token',
  )
})

test('every on/off setting takes 1 and 0 as well as true and false', () => {
  assert.equal(loadConfig({}).accessLog, true)
  assert.equal(loadConfig({ COSELL_ACCESS_LOG: '0' }).accessLog, false)
  assert.equal(loadConfig({ COSELL_ACCESS_LOG: 'false' }).accessLog, false)
  assert.equal(loadConfig({ COSELL_REQUIRE_CONTACT_CONSENT: '0' }).requireContactConsent, false)
  assert.equal(loadConfig({ COSELL_ALLOW_INSECURE: '1' }).allowInsecure, true)
  assert.throws(() => loadConfig({ COSELL_ACCESS_LOG: 'maybe' }), /COSELL_ACCESS_LOG="maybe"/)
})

test('COSELL_THROTTLE and --throttle: off by default, connector, or budgets LIMIT/SECONDS', () => {
  assert.deepEqual(loadConfig({}).throttle, { profile: 'off' })
  assert.deepEqual(loadConfig({ COSELL_THROTTLE: 'connector' }).throttle, { profile: 'connector' })
  assert.deepEqual(loadConfig({ COSELL_THROTTLE: 'off' }, { throttle: 'read=100/60,write=20/60' }).throttle, {
    profile: 'custom',
    read: { limit: 100, periodSeconds: 60 },
    write: { limit: 20, periodSeconds: 60 },
  })
})

test('a bad throttle names the setting, what was written and the part that is wrong', () => {
  const refused: [string, RegExp][] = [
    ['fast', /COSELL_THROTTLE="fast": throttle\.profile must be one of: off, connector, custom/],
    ['read=0/60', /COSELL_THROTTLE="read=0\/60": throttle\.read\.limit must be >= 1/],
    ['write=5/0', /throttle\.write\.periodSeconds must be >= 1/],
    ['read=10', /COSELL_THROTTLE="read=10": read=10 is not LIMIT\/SECONDS/],
    ['reads=1/2', /'reads' is not a budget/],
  ]
  for (const [text, message] of refused)
    assert.throws(
      () => loadConfig({ COSELL_THROTTLE: text }),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
      text,
    )
  assert.throws(() => loadConfig({}, { throttle: 'fast' }), /--throttle="fast"/)
})

test('REDIS_URL and --redis-url: unset by default, a redis:// or rediss:// URL, anything else refused', () => {
  assert.equal(loadConfig({}).redisUrl, null)
  assert.equal(loadConfig({ REDIS_URL: 'redis://cache:6379' }).redisUrl, 'redis://cache:6379')
  assert.equal(loadConfig({}, { redisUrl: 'rediss://cache:6380/2' }).redisUrl, 'rediss://cache:6380/2')
  assert.throws(
    () => loadConfig({ REDIS_URL: 'cache:6379' }),
    (e: unknown) => e instanceof ConfigError && /REDIS_URL="cache:6379"/.test(e.message),
  )
})

test('COSELL_DATABASE_POOL: 10 by default, a whole number from 1 to 100, anything else refused naming it', () => {
  assert.equal(loadConfig({}).databasePool, 10)
  assert.equal(loadConfig({ COSELL_DATABASE_POOL: '4' }).databasePool, 4)
  for (const bad of ['0', '101', 'ten', '2.5'])
    assert.throws(
      () => loadConfig({ COSELL_DATABASE_POOL: bad }),
      (e: unknown) => e instanceof ConfigError && e.message.includes(`COSELL_DATABASE_POOL="${bad}"`),
    )
})
