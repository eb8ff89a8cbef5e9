// Several servers on one PostgreSQL database, at the store level: one leader at a time, and another
// takes over when it stops or its session dies; work of one name never runs twice at once across
// servers; what one announces the others hear, and it does not hear itself.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import pg from 'pg'
import { PostgresReferralStore } from '../../src/store/postgres/store.js'
import { freshDatabase, postgresUnavailable } from '../support/postgres.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the PostgreSQL coordination tests: ${unavailable}`)
const skip = unavailable ?? false

const retryMs = 50

async function twoServers(): Promise<[PostgresReferralStore, PostgresReferralStore, string]> {
  const url = await freshDatabase()
  const first = await PostgresReferralStore.open(url, { leaderRetryMs: retryMs })
  const second = await PostgresReferralStore.open(url, { leaderRetryMs: retryMs })
  return [first, second, url]
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return
    await sleep(25)
  }
  assert.fail(`waited 10 s for ${what}`)
}

/** Leads as `name`, recording who is leading now in `leaders` and each start and stop in `events`. */
function leadAs(
  store: PostgresReferralStore,
  name: string,
  leaders: Set<string>,
  events: string[] = [],
): Promise<void> {
  return store.coordination.lead(
    () => {
      leaders.add(name)
      events.push(`${name} leads`)
      return Promise.resolve({
        close: () => {
          leaders.delete(name)
          events.push(`${name} stops`)
          return Promise.resolve()
        },
      })
    },
    (error) => assert.fail(String(error)),
  )
}

test('of two servers on one database one leads; the other takes over when it stops', { skip }, async () => {
  const [first, second] = await twoServers()
  const leaders = new Set<string>()
  try {
    await leadAs(first, 'first', leaders)
    await leadAs(second, 'second', leaders)
    assert.deepEqual([...leaders], ['first'])
    assert.equal(first.coordination.leading, true)
    assert.equal(second.coordination.leading, false)
    await first.close()
    // the second may already lead: the first gave up the lock before its pools finished closing
    assert.equal(leaders.has('first'), false, 'the leader’s work is closed with it')
    await until(() => leaders.has('second'), 'the second server to lead')
    assert.equal(second.coordination.leading, true)
  } finally {
    await first.close().catch(() => undefined)
    await second.close()
  }
})

test(
  'when the leader’s session dies, it stops its work and a server leads again, one at a time',
  { skip },
  async () => {
    const [first, second, url] = await twoServers()
    const leaders = new Set<string>()
    const events: string[] = []
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await leadAs(first, 'first', leaders, events)
      await leadAs(second, 'second', leaders, events)
      // the session that holds the leadership's lock: the one advisory lock held outside a
      // transaction in this test's database (other tests hold theirs in their own)
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )
      assert.equal(rows.length, 1)
      const ended = await admin.query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [
        rows[0]!.pid,
      ])
      assert.equal(ended.rows[0]?.done, true)
      // the first may lead again at once through a new session: the record says it stopped first
      await until(() => events.includes('first stops'), 'the first to stop')
      await until(() => leaders.size === 1, 'a server to lead again')
      await sleep(10 * retryMs)
      assert.equal(leaders.size, 1, events.join(', '))
    } finally {
      await admin.end()
      await first.close()
      await second.close()
    }
  },
)

test('work of one name runs on one server at a time, whichever server asks', { skip }, async () => {
  const [first, second] = await twoServers()
  let running = 0
  let most = 0
  const work = async () => {
    running++
    most = Math.max(most, running)
    await sleep(20)
    running--
  }
  try {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? first : second).coordination.exclusively('sweep', work)),
    )
    assert.equal(most, 1)
    // another name does not wait for it
    let other = false
    await first.coordination.exclusively('sweep', async () => {
      await second.coordination.exclusively('clock', () => Promise.resolve(void (other = true)))
    })
    assert.equal(other, true)
  } finally {
    await first.close()
    await second.close()
  }
})

test('what one server announces the others hear, and it does not hear itself', { skip }, async () => {
  const [first, second] = await twoServers()
  const heard: string[] = []
  first.coordination.onAnnounced('admin', () => heard.push('first'))
  second.coordination.onAnnounced('admin', () => heard.push('second'))
  second.coordination.onAnnounced('feed', () => heard.push('second feed'))
  try {
    await first.coordination.announce('admin')
    await until(() => heard.length > 0, 'the announcement')
    await first.coordination.announce('feed')
    await until(() => heard.length > 1, 'the second announcement')
    await sleep(100)
    assert.deepEqual(heard, ['second', 'second feed'])
  } finally {
    await first.close()
    await second.close()
  }
})
