// Two real `cosell serve` processes on one PostgreSQL database, as behind a load balancer: what one
// acknowledges the other serves at once, one eTag wins once across both, unconditional writes all
// land, webhook events go out once per registration, and killing a server loses no acknowledged
// write (and the other takes over the background work). Skipped, with the reason printed, where no
// PostgreSQL server is reachable. All traffic stays on 127.0.0.1.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { announcementChannel } from '../../src/store/postgres/coordination.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { freshDatabase, postgresUnavailable } from '../support/postgres.js'
import { scratchDirs } from '../support/scratch-dir.js'
import { killHard, startServer, stopAll, type RunningServer } from '../support/server-process.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'
import { startReceiver, type Receiver } from '../support/webhook-receiver.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the two-server tests: ${unavailable}`)
const skip = unavailable ?? false

const referrals = '/v1.0/engagements/referrals'
const scratch = scratchDirs('two-servers')

let first: RunningServer
let second: RunningServer
let receiver: Receiver
let database: string

before(async () => {
  if (unavailable) return
  database = await freshDatabase()
  const settings = { DATABASE_URL: database, COSELL_WEBHOOK_RETRY_BASE_MS: '100' }
  receiver = await startReceiver()
  first = await startServer(scratch(), settings) // first: it leads the background work
  second = await startServer(scratch(), settings)
})

after(async () => {
  await stopAll()
  await receiver?.close()
})

interface Answer {
  readonly status: number
  readonly etag: string | null
  readonly json: Record<string, unknown> | undefined
  readonly text: string
}

async function call(
  server: RunningServer,
  method: string,
  path: string,
  options: { body?: unknown; tid?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...authHeader(options.tid ?? tenantA),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  })
  const text = await res.text()
  const json = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined
  return { status: res.status, etag: res.headers.get('etag'), json, text }
}

async function create(server: RunningServer, name: string, tid = tenantA): Promise<string> {
  const res = await call(server, 'POST', referrals, { body: { ...partnerLedCreate(), name, team: [] }, tid })
  assert.equal(res.status, 200, res.text)
  return res.json!.id as string
}

const seller = (i: number) => ({
  firstName: 'Seller',
  lastName: `${i}`,
  phoneNumber: '1234567890',
  email: `seller.${i}@contoso.com`,
})

test(
  'a referral created through one server is read and listed through the other at once',
  { skip },
  async () => {
    for (let i = 0; i < 5; i++) {
      const [writer, reader] = i % 2 ? [first, second] : [second, first]
      const name = `listed at once ${i}`
      const id = await create(writer, name)
      assert.equal((await call(reader, 'GET', `${referrals}/${id}`)).status, 200)
      const listed = await call(
        reader,
        'GET',
        `${referrals}?$filter=${encodeURIComponent(`name eq '${name}'`)}`,
      )
      assert.deepEqual(
        (listed.json!.value as { id: string }[]).map((r) => r.id),
        [id],
      )
    }
  },
)

test(
  'of PATCHes holding one eTag sent through both servers at once, exactly one wins',
  { skip },
  async () => {
    const id = await create(first, 'one eTag, two servers')
    const { etag } = await call(second, 'GET', `${referrals}/${id}`)
    assert.ok(etag)
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? first : second, 'PATCH', `${referrals}/${id}`, {
          body: [{ op: 'replace', path: '/details/notes', value: `writer ${i}` }],
          headers: { 'if-match': etag },
        }),
      ),
    )
    const statuses = answers.map((a) => a.status)
    assert.equal(statuses.filter((s) => s === 204).length, 1, statuses.join(', '))
    assert.equal(statuses.filter((s) => s === 412).length, 19, statuses.join(', '))
    const winner = answers.findIndex((a) => a.status === 204)
    for (const server of [first, second]) {
      const stored = await call(server, 'GET', `${referrals}/${id}`)
      assert.equal((stored.json!.details as { notes: string }).notes, `writer ${winner}`)
    }
  },
)

test('50 unconditional PATCHes spread over both servers all land', { skip }, async () => {
  const id = await create(second, 'fifty writers')
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      call(i % 2 ? first : second, 'PATCH', `${referrals}/${id}`, {
        body: [{ op: 'add', path: '/team/-', value: seller(i) }],
      }),
    ),
  )
  assert.deepEqual(
    answers.map((a) => a.status),
    answers.map(() => 204),
    answers.find((a) => a.status !== 204)?.text,
  )
  for (const server of [first, second]) {
    const { json } = await call(server, 'GET', `${referrals}/${id}`)
    const emails = (json!.team as { email: string }[]).map((m) => m.email).sort()
    assert.deepEqual(emails, Array.from({ length: 50 }, (_, i) => seller(i).email).sort())
  }
})

test(
  'a clock moved through one server is the clock of the other at once: read, and stamped on writes',
  { skip },
  async () => {
    for (const [mover, other] of [
      [second, first],
      [first, second],
    ] as const) {
      const moved = await call(mover, 'POST', '/_cosell/clock', { body: { advance: 'P1D' } })
      assert.equal(moved.status, 200, moved.text)
      const now = Date.parse(moved.json!.now as string)
      const read = Date.parse((await call(other, 'GET', '/_cosell/clock')).json!.now as string)
      assert.ok(
        read - now >= 0 && read - now < 60_000,
        `the other server reads ${read - now} ms from the moved clock`,
      )
      const created = await call(other, 'POST', referrals, { body: { ...partnerLedCreate(), team: [] } })
      const stamped = Date.parse(created.json!.createdDateTime as string)
      assert.ok(
        stamped - now >= 0 && stamped - now < 60_000,
        `a write through the other is stamped ${stamped - now} ms from it`,
      )
    }
  },
)

const day = 86_400_000

/**
 * Moves the stored clock a day on as another server would, but with its announcement lost: neither
 * server hears of it. Answers the virtual time it now reads, in ms.
 */
async function moveClockUnheard(): Promise<number> {
  const client = new pg.Client({ connectionString: database })
  await client.connect()
  try {
    const { rows } = await client.query<{ value: Buffer }>(
      "SELECT value FROM settings WHERE key = 'json:clock'",
    )
    const state = rows[0]
      ? (JSON.parse(rows[0].value.toString('utf8')) as { offsetMs: number })
      : { offsetMs: 0 }
    const moved = { offsetMs: state.offsetMs + day, frozenAtMs: null }
    await client.query(
      `INSERT INTO settings (key, value) VALUES ('json:clock', convert_to($1, 'UTF8'))
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [JSON.stringify(moved)],
    )
    return Date.now() + moved.offsetMs
  } finally {
    await client.end()
  }
}

test(
  'a create, PATCH or PUT through a server that did not hear of a moved clock is stamped on the moved clock',
  { skip },
  async () => {
    const stampedOnMoved = (movedNow: number, stamp: unknown, what: string) => {
      const ms = Date.parse(stamp as string)
      assert.ok(
        ms - movedNow >= -1000 && ms - movedNow < 60_000,
        `${what}: stamped ${ms - movedNow} ms from the moved clock`,
      )
    }
    for (const server of [first, second]) {
      let movedNow = await moveClockUnheard()
      const created = await call(server, 'POST', referrals, { body: { ...partnerLedCreate(), team: [] } })
      assert.equal(created.status, 200, created.text)
      stampedOnMoved(movedNow, created.json!.createdDateTime, 'create')
      const path = `${referrals}/${created.json!.id as string}`
      movedNow = await moveClockUnheard()
      const patched = await call(server, 'PATCH', path, {
        body: [{ op: 'replace', path: '/details/notes', value: 'patched' }],
        headers: { prefer: 'return=representation' },
      })
      assert.equal(patched.status, 200, patched.text)
      stampedOnMoved(movedNow, patched.json!.updatedDateTime, 'PATCH')
      movedNow = await moveClockUnheard()
      const put = await call(server, 'PUT', path, {
        body: { ...patched.json, name: 'put on a moved clock' },
        headers: { 'if-match': patched.etag! },
      })
      assert.equal(put.status, 200, put.text)
      stampedOnMoved(movedNow, put.json!.updatedDateTime, 'PUT')
    }
  },
)

/** Each (event, referral, subscriber path) the receiver heard, with how often. */
function heardCounts(path: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const r of receiver.received.filter((r) => r.path === path)) {
    const key = `${r.json.EventName} ${r.json.ResourceUri.split('/').at(-1)}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/** Listens on the servers' announcement channel; answers the announcements heard so far, and a stop. */
async function overhear(): Promise<{ heard: string[]; stop: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: database })
  await client.connect()
  const heard: string[] = []
  client.on('notification', (message) => heard.push((message.payload ?? '').split(' ')[1]!))
  await client.query(`LISTEN ${announcementChannel('public')}`)
  return { heard, stop: () => client.end() }
}

test(
  'while no webhook registration exists, the server that does not lead tells nobody of its commits',
  { skip },
  async () => {
    const listener = await overhear()
    try {
      for (let i = 0; i < 5; i++) await create(second, `untold ${i}`)
      await sleep(200) // ten gathering windows
      assert.deepEqual(listener.heard, [])
    } finally {
      await listener.stop()
    }
  },
)

test(
  'each webhook event is delivered exactly once per registration, whichever server wrote',
  { skip },
  async () => {
    const events = ['referral-created', 'referral-updated']
    const listener = await overhear()
    for (const [tid, server] of [
      [tenantA, second],
      [tenantB, first],
    ] as const) {
      const registered = await call(server, 'POST', '/webhooks/v1/registration', {
        tid,
        body: { WebhookUrl: `${receiver.url}/${tid}`, WebhookEvents: events },
      })
      assert.equal(registered.status, 200, registered.text)
    }
    const written: string[] = []
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const tid = i % 3 === 0 ? tenantB : tenantA
        const id = await create(i % 2 ? first : second, `webhook ${i}`, tid)
        const patched = await call(i % 2 ? second : first, 'PATCH', `${referrals}/${id}`, {
          tid,
          body: [{ op: 'replace', path: '/details/notes', value: 'changed' }],
        })
        assert.equal(patched.status, 204, patched.text)
        written.push(`${tid} ${id}`)
      }),
    )
    const expected = (tid: string) =>
      written.filter((w) => w.startsWith(tid)).flatMap((w) => events.map((e) => `${e} ${w.split(' ')[1]}`))
    for (const tid of [tenantA, tenantB]) {
      await receiver.waitFor(expected(tid).length, `/${tid}`, 60_000)
    }
    await listener.stop()
    assert.ok(listener.heard.includes('webhooks'), `a registration is announced: ${listener.heard.join()}`)
    assert.ok(
      listener.heard.includes('feed'),
      'now a registration exists, the other server tells of its commits',
    )
    await sleep(1500) // a second delivery would come from the poll (every second) of either server
    for (const tid of [tenantA, tenantB]) {
      const counts = heardCounts(`/${tid}`)
      assert.deepEqual([...counts.keys()].sort(), expected(tid).sort())
      const twice = [...counts.entries()].filter(([, n]) => n !== 1)
      assert.deepEqual(twice, [], 'an event was delivered more than once')
    }
  },
)

test(
  'killing one server loses no acknowledged write, and the other takes over its work',
  { skip },
  async () => {
    const acknowledged: string[] = []
    let stop = false
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop && i < 200; i++) {
        try {
          acknowledged.push(await create(w % 2 ? first : second, `survivor ${w}.${i}`))
        } catch {
          // refused or cut by the kill: not acknowledged, so nothing is owed
        }
      }
    })
    while (acknowledged.length < 20) await sleep(10)
    await killHard(first) // the leader of the background work, mid-write
    await sleep(200)
    stop = true
    await Promise.all(writers)
    for (const id of acknowledged) {
      const res = await call(second, 'GET', `${referrals}/${id}`)
      assert.equal(res.status, 200, `acknowledged ${id} is gone: ${res.text}`)
    }
    // webhook delivery moved to the survivor: a write now is delivered
    const id = await create(second, 'after the kill')
    const delivered = () =>
      receiver.received.some(
        (r) => r.json.ResourceUri.endsWith(id) && r.json.EventName === 'referral-created',
      )
    for (let waited = 0; !delivered() && waited < 60_000; waited += 50) await sleep(50)
    assert.ok(delivered(), 'the survivor delivers the events of writes after the kill')
  },
)

test(
  'two servers started at once on a new database both serve, with one signing certificate',
  { skip },
  async () => {
    const settings = { DATABASE_URL: await freshDatabase() }
    const pair = await Promise.all([startServer(scratch(), settings), startServer(scratch(), settings)])
    const certificates = await Promise.all(
      pair.map(async (server) => (await fetch(`${server.url}/webhooks/v1/certificate`)).text()),
    )
    assert.match(certificates[0]!, /BEGIN CERTIFICATE/)
    assert.equal(certificates[1], certificates[0], 'receivers verify against whichever server answers')
    for (const server of pair) {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200)
      await create(server, 'started together')
    }
  },
)
