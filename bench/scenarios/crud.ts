// Issue 2 with 10,000 referrals seeded: GET by id against cosell and against a raw node:http
// server sending the same bytes, list with $top=20, creates under both durability settings with
// kill -9 in the middle of a create load (create.ts), and PATCH of distinct open referrals without
// If-Match (the seeded open ones and those the process server created, each at most once while
// there are enough).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { anyOf, authorization, get, inParallel, itemPath, jsonHeaders, listPath, notesPatch } from '../api.js'
import {
  copyDataset,
  label,
  openSeededIds,
  removeDataset,
  seedDataset,
  seededIds,
  type Dataset,
} from '../datasets.js'
import { errorMessage } from '../load.js'
import { measure, type Env, type Measured } from '../measure.js'
import type { Row } from '../report.js'
import { startServer, type ServerProcess } from '../server-process.js'
import { createScenario, startSide } from './create.js'

export const crudScenarioNames = ['get-by-id', 'list', 'create', 'patch'] as const

const seeded = 10_000
const getTarget = 0.75

export async function crudScenarios(env: Env, wanted: (name: string) => boolean): Promise<Row[]> {
  const dataset = await seedDataset(env, 'crud-10k', seeded)
  // the power server's data: a copy of the same seeded rows, taken before anything writes to them
  const powerData = wanted('create') ? copyDataset(env, dataset, 'crud-10k-power') : undefined
  const rows: Row[] = []
  let server = await startSide(env.build, dataset, 'process')
  try {
    if (wanted('get-by-id')) rows.push(...(await getById(env, server, dataset)))
    if (wanted('list')) rows.push(await list(env, server))
    let created: readonly string[] = []
    if (powerData) {
      const power = await startSide(env.build, powerData, 'power')
      const outcome = await createScenario(
        env,
        env.build,
        { server, dataset, durability: 'process' },
        { server: power, dataset: powerData, durability: 'power' },
        seeded,
      ).finally(() => power.stop())
      rows.push(...outcome.rows)
      created = outcome.created
      server = outcome.server // the kill ended the first one
    }
    if (wanted('patch')) rows.push(await patch(env, server, [...openSeededIds(seeded), ...created]))
  } finally {
    await server.stop()
    removeDataset(dataset)
    if (powerData) removeDataset(powerData)
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
      ratio: { value: ratio, of: 'raw' },
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

/** Seconds of server CPU one request took. */
function cpuPerRequest(measured: Measured): number {
  return measured.cpu.server / measured.load.rps
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
