// Issue 10 items 2–3: what webhook delivery costs the API, and how fast an event arrives. GET by id
// and PATCH against two servers on copies of one data set, in turn: one with no registration, one
// with 10 (the bench tenant's receiver hangs, so every event it raises holds a sender slot for
// COSELL_WEBHOOK_TIMEOUT_MS and is retried; 9 other tenants' receivers answer at once, and hear
// nothing, since they take part in no engagement of the bench tenant). Then, on a third copy whose
// receiver answers at once, the time from a PATCH's answer to its event's arrival, p50 and p99.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { benchTenant } from '../dataset.js'
import { anyOf, authorization, itemPath, jsonHeaders, notesPatch } from '../api.js'
import { startCosell } from '../cosell.js'
import {
  copyDataset,
  label,
  openSeededIds,
  removeDataset,
  seedDataset,
  seededIds,
  type Dataset,
} from '../datasets.js'
import { measure, type Env, type Measured } from '../measure.js'
import type { Row } from '../report.js'
import type { ServerProcess } from '../server-process.js'
import { token } from '../../test/support/tokens.js'

const seeded = 1_000
const latencySamples = 200

interface Receiver {
  readonly url: string
  readonly arrivals: number[]
  close(): Promise<void>
}

export async function webhooksScenario(env: Env): Promise<Row[]> {
  const dataset = await seedDataset(env, 'webhooks-1k', seeded)
  const copies = [copyDataset(env, dataset, 'webhooks-1k-b'), copyDataset(env, dataset, 'webhooks-1k-c')]
  const receivers: Receiver[] = []
  const servers: ServerProcess[] = []
  try {
    const none = await started(env, dataset, servers)
    const busy = await started(env, copies[0]!, servers)
    const hanging = await startReceiver(true)
    receivers.push(hanging)
    await register(busy, benchTenant, hanging.url)
    for (let i = 0; i < 9; i++) {
      const healthy = await startReceiver(false)
      receivers.push(healthy)
      await register(busy, `bench-webhook-tenant-${i}`, healthy.url)
    }
    const rows = [
      ...compare(env, 'GET by id', await getBoth(env, none, busy)),
      ...compare(env, 'PATCH /details/notes', await patchBoth(env, none, busy)),
    ]
    const prompt = await startReceiver(false)
    receivers.push(prompt)
    const measured = await started(env, copies[1]!, servers)
    await register(measured, benchTenant, prompt.url)
    rows.push(await deliveryLatency(env, measured, prompt))
    return rows
  } finally {
    for (const server of servers) await server.stop()
    for (const receiver of receivers) await receiver.close()
    for (const data of [dataset, ...copies]) removeDataset(data)
  }
}

async function started(env: Env, data: Dataset, servers: ServerProcess[]): Promise<ServerProcess> {
  const server = await startCosell(env.build, data.dir)
  servers.push(server)
  return server
}

async function register(server: ServerProcess, tenant: string, url: string): Promise<void> {
  const response = await fetch(`${server.origin}/webhooks/v1/registration`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token({ tid: tenant })}`, 'content-type': 'application/json' },
    body: JSON.stringify({ WebhookUrl: url, WebhookEvents: ['referral-created', 'referral-updated'] }),
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok) throw new Error(`registration answered ${response.status}: ${await response.text()}`)
}

async function getBoth(env: Env, none: ServerProcess, busy: ServerProcess): Promise<[Measured, Measured]> {
  const ids = seededIds(seeded)
  const spec = { headers: { authorization }, next: () => ({ path: itemPath(anyOf(ids)) }) }
  env.log('webhooks: GET by id, no registration')
  const a = await measure(env, none, spec)
  env.log('webhooks: GET by id, 10 registrations, one hanging')
  return [a, await measure(env, busy, spec)]
}

async function patchBoth(env: Env, none: ServerProcess, busy: ServerProcess): Promise<[Measured, Measured]> {
  const ids = openSeededIds(seeded)
  let sent = 0
  const spec = {
    method: 'PATCH' as const,
    headers: jsonHeaders,
    next: () => ({ path: itemPath(ids[sent++ % ids.length]!), body: notesPatch(`bench webhook ${sent}`) }),
  }
  env.log('webhooks: PATCH, no registration')
  const a = await measure(env, none, spec)
  env.log('webhooks: PATCH, 10 registrations, one hanging')
  return [a, await measure(env, busy, spec)]
}

function compare(_env: Env, what: string, [none, busy]: [Measured, Measured]): Row[] {
  return [
    { scenario: `${what}, no webhook registration`, rows: label(seeded), ...none },
    {
      scenario: `${what}, 10 registrations, one receiver hanging`,
      rows: label(seeded),
      ...busy,
      ratio: { value: busy.load.rps / none.load.rps, of: 'no registration' },
      note: "every event of the bench tenant goes to the hanging receiver (10 s timeout, retried); the 9 others' tenants hear nothing",
    },
  ]
}

/** PATCHes one at a time; each event's arrival minus the moment its PATCH was answered. */
async function deliveryLatency(env: Env, server: ServerProcess, receiver: Receiver): Promise<Row> {
  env.log(`webhooks: delivery latency, ${latencySamples} PATCHes one at a time`)
  const ids = openSeededIds(seeded)
  const latencies: number[] = []
  for (let i = 0; i < latencySamples; i++) {
    const before = receiver.arrivals.length
    const response = await fetch(`${server.origin}${itemPath(ids[i % ids.length]!)}`, {
      method: 'PATCH',
      headers: jsonHeaders,
      body: notesPatch(`latency ${i}`),
      signal: AbortSignal.timeout(10_000),
    })
    const answered = performance.now()
    if (!response.ok) throw new Error(`PATCH answered ${response.status}`)
    const deadline = answered + 10_000
    while (receiver.arrivals.length === before && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 1))
    if (receiver.arrivals.length === before) throw new Error('an event did not arrive within 10 s')
    latencies.push(Math.max(0, receiver.arrivals[before]! - answered))
  }
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
  return {
    scenario: 'Webhook delivery latency, PATCH answered → receiver',
    rows: label(seeded),
    note: `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms over ${latencySamples} events, one at a time (the receiver polls nothing: it is woken by the commit)`,
  }
}

function startReceiver(hang: boolean): Promise<Receiver> {
  const arrivals: number[] = []
  const held = new Set<ServerResponse>()
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (hang) return void held.add(res)
      arrivals.push(performance.now())
      res.writeHead(200).end()
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        arrivals,
        close: () => {
          for (const res of held) res.destroy()
          server.closeAllConnections()
          return new Promise((done) => server.close(() => done()))
        },
      }),
    ),
  )
}
