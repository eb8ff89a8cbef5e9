// Issue 2 with 10,000 referrals seeded: GET by id against cosell and against a raw node:http
// server sending the same bytes, list with $top=20, create (then kill -9 and check that every
// acknowledged create is stored), and PATCH of distinct open referrals without If-Match.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchTenant } from '../dataset.js'
import {
  anyOf,
  authorization,
  collectionPath,
  get,
  inParallel,
  itemPath,
  jsonHeaders,
  listPath,
  notesPatch,
} from '../api.js'
import { startCosell } from '../cosell.js'
import { label, openSeededIds, removeDataset, seedDataset, seededIds, type Dataset } from '../datasets.js'
import { errorMessage } from '../load.js'
import { measure, type Env, type Measured } from '../measure.js'
import type { Row } from '../report.js'
import { createBody } from '../seed.js'
import { startServer, type ServerProcess } from '../server-process.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'

export const crudScenarioNames = ['get-by-id', 'list', 'create', 'patch'] as const

const seeded = 10_000
const getTarget = 0.75
const createTarget = 2_000

export async function crudScenarios(env: Env, wanted: (name: string) => boolean): Promise<Row[]> {
  const dataset = await seedDataset(env, 'crud-10k', seeded)
  const rows: Row[] = []
  let server = await startCosell(env.build, dataset.dir)
  try {
    if (wanted('get-by-id')) rows.push(...(await getById(env, server, dataset)))
    if (wanted('list')) rows.push(await list(env, server))
    let created: string[] = []
    if (wanted('create')) {
      const outcome = await create(env, server, dataset)
      rows.push(outcome.row)
      created = outcome.created
      server = await startCosell(env.build, dataset.dir) // create ended with kill -9
    }
    if (wanted('patch')) rows.push(await patch(env, server, [...openSeededIds(seeded), ...created]))
  } finally {
    await server.stop()
    removeDataset(dataset)
  }
  return rows
}

/** Raw and cosell measured in turn, this many times each. This machine's speed drifts from one
 *  minute to the next (other tenants of its host): each round's ratio compares two neighbouring
 *  measurements, and the round with the median ratio is the one reported. */
const getRounds = 5

type Round = { readonly baseline: Measured; readonly measured: Measured; readonly ratio: number }

async function getById(env: Env, cosell: ServerProcess, dataset: Dataset): Promise<Row[]> {
  const ids = seededIds(dataset.size)
  const file = await recordResponses(env, cosell, ids)
  const spec = { headers: { authorization }, next: () => ({ path: itemPath(anyOf(ids)) }) }
  const raw = await startServer({
    args: ['--import', 'tsx', join(import.meta.dirname, '../raw-server.ts'), file],
    ready: /listening on (http:\/\/\S+)/,
  })
  const rounds: Round[] = []
  try {
    for (let round = 0; round < getRounds; round++) {
      const baseline = await measure(env, raw, spec)
      const measured = await measure(env, cosell, spec)
      rounds.push({ baseline, measured, ratio: measured.load.rps / baseline.load.rps })
    }
  } finally {
    await raw.stop()
  }
  const { baseline, measured, ratio } = [...rounds].sort((a, b) => a.ratio - b.ratio)[
    Math.floor(rounds.length / 2)
  ]!
  const peakMb = (side: 'baseline' | 'measured') => Math.max(...rounds.map((r) => r[side].peakMb))
  const eachRound = rounds.map((r) => r.ratio.toFixed(2)).join(', ')
  // with each server CPU-bound on a core of its own, the throughput ratio would be the cost ratio
  const costRatio = cpuPerRequest(baseline) / cpuPerRequest(measured)
  return [
    {
      scenario: 'GET by id, raw node:http baseline',
      rows: label(dataset.size),
      ...baseline,
      peakMb: peakMb('baseline'),
      note: 'same bytes from memory; measured in turn with cosell',
    },
    {
      scenario: 'GET by id',
      rows: label(dataset.size),
      ...measured,
      peakMb: peakMb('measured'),
      ratio,
      target: { text: `≥ ${getTarget}x raw`, met: ratio >= getTarget },
      note: `the median of ${getRounds} rounds' ratios (${eachRound}); server CPU a request: raw's ÷ cosell's = ${costRatio.toFixed(2)}`,
    },
  ]
}

/** Fetches every seeded referral once (also a warm-up) and writes what the raw server will send. */
async function recordResponses(env: Env, cosell: ServerProcess, ids: readonly string[]): Promise<string> {
  const lines = await inParallel(ids, 16, async (id) => {
    const response = await get(`${cosell.origin}${itemPath(id)}`)
    if (response.status !== 200)
      throw new Error(`GET ${id} answered ${response.status}: ${errorMessage(response.text)}`)
    return `${id}\t${response.etag ?? ''}\t${response.text}`
  })
  const file = join(env.workDir, 'raw-responses.tsv')
  writeFileSync(file, lines.join('\n'))
  return file
}

async function list(env: Env, server: ServerProcess): Promise<Row> {
  const path = listPath({ $top: '20' })
  const probe = await get(`${server.origin}${path}`)
  const page =
    probe.status === 200 ? (JSON.parse(probe.text) as { value: unknown[] }).value.length : undefined
  const measured = await measure(env, server, { headers: { authorization }, next: () => ({ path }) })
  const note = page === 20 ? undefined : `answered ${probe.status} with ${page ?? 'no'} referrals, not 20`
  return { scenario: 'list $top=20', rows: label(seeded), ...measured, ...(note ? { note } : {}) }
}

async function create(
  env: Env,
  server: ServerProcess,
  dataset: Dataset,
): Promise<{ row: Row; created: string[] }> {
  const bodies = Array.from({ length: 256 }, (_, n) => JSON.stringify(createBody(n)))
  const created: string[] = []
  let sent = 0
  const measured = await measure(env, server, {
    method: 'POST',
    headers: jsonHeaders,
    next: () => ({ path: collectionPath, body: bodies[sent++ % bodies.length]! }),
    onResponse: (status, body) => {
      const id = status < 300 ? /"id"\s*:\s*"([^"]+)"/.exec(body)?.[1] : undefined
      if (id) created.push(id)
    },
  })
  await server.kill()
  const stored = await countStored(dataset.dir, created)
  const met = measured.load.rps >= createTarget && stored === created.length
  return {
    row: {
      scenario: 'create (POST)',
      rows: `${label(seeded)}+`,
      ...measured,
      target: { text: `≥ ${label(createTarget)}/s, all durable`, met },
      note:
        `${label(created.length)} acknowledged (warm-up included), ${label(stored)} stored after kill -9; ` +
        `CPU-bound ceiling ${label(1 / cpuPerRequest(measured))}/s`,
    },
    created,
  }
}

/** Seconds of server CPU one request took. */
function cpuPerRequest(measured: Measured): number {
  return measured.cpu.server / measured.load.rps
}

async function countStored(dataDir: string, ids: readonly string[]): Promise<number> {
  const store = SqliteReferralStore.open(dataDir)
  try {
    let stored = 0
    for (const id of ids) if (await store.get(benchTenant, id)) stored++
    return stored
  } finally {
    await store.close()
  }
}

async function patch(env: Env, server: ServerProcess, ids: readonly string[]): Promise<Row> {
  const order = [...ids].sort(() => Math.random() - 0.5)
  let sent = 0
  const measured = await measure(env, server, {
    method: 'PATCH',
    headers: jsonHeaders,
    next: () => {
      const id = order[sent++ % order.length]!
      return { path: itemPath(id), body: notesPatch(`bench patch ${sent}`) }
    },
  })
  const note =
    sent > order.length
      ? `ids reused: ${label(sent)} requests over ${label(order.length)} referrals`
      : 'each request a different referral'
  return { scenario: 'PATCH /details/notes, no If-Match', rows: label(ids.length), ...measured, note }
}
