// Creates under both durability settings, and kill -9 in the middle of a create load.
// Throughput: COSELL_DURABILITY=process and =power each serve their own copy of the same seeded
// data, measured in turn (process, power, process, …) so both see the machine alike and grow alike;
// the round whose power ÷ process ratio is the median is reported, with every round's ratio.
// Durability: each server then serves a create load on `killConnections` connections and is
// killed (SIGKILL) from a timer, at no particular answer, while every client waits for one. After a
// restart every create whose 2xx reached the bench (in the timed rounds or the kill load) must be
// stored; the kill load's creates stored without a 2xx (in flight at the kill, yet committed) are
// counted apart by their name.
import { collectionPath, get, jsonHeaders, listPath } from '../api.js'
import { benchTenant } from '../dataset.js'
import { startCosell, type CosellBuild } from '../cosell.js'
import { label, type Dataset } from '../datasets.js'
import { killUnderLoad, type KilledLoad } from '../kill-under-load.js'
import { measure, type Env, type Measured } from '../measure.js'
import type { Row } from '../report.js'
import { createBody } from '../seed.js'
import type { ServerProcess } from '../server-process.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'

const createTarget = 2_000
const rounds = 3
const killConnections = 64
/** The kill comes after this much load: well past the start, at no particular answer. */
const killAfterMs = 1_500
/** The name every create of the kill load carries, so that the stored ones can be counted. */
const killName = 'Bench kill -9'

export type Durability = 'process' | 'power'

export type Side = {
  readonly server: ServerProcess
  readonly dataset: Dataset
  readonly durability: Durability
}

export type CreateOutcome = {
  readonly rows: Row[]
  /** Ids of the creates `process` acknowledged, all stored. */
  readonly created: readonly string[]
  /** The `process` server, started again on its data after the kill. */
  readonly server: ServerProcess
}

export function startSide(
  build: CosellBuild,
  dataset: Dataset,
  durability: Durability,
): Promise<ServerProcess> {
  return startCosell(build, dataset.dir, { COSELL_DURABILITY: durability })
}

export async function createScenario(
  env: Env,
  build: CosellBuild,
  process: Side,
  power: Side,
  seeded: number,
): Promise<CreateOutcome> {
  const created = { process: [] as string[], power: [] as string[] }
  const measured: { process: Measured; power: Measured; ratio: number }[] = []
  for (let round = 0; round < rounds; round++) {
    const processRound = await timedCreates(env, process.server, created.process)
    const powerRound = await timedCreates(env, power.server, created.power)
    measured.push({
      process: processRound,
      power: powerRound,
      ratio: powerRound.load.rps / processRound.load.rps,
    })
  }
  const median = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds / 2)]!
  const eachRound = measured.map((m) => m.ratio.toFixed(2)).join(', ')
  const rows: Row[] = [
    throughputRow(process, median.process, seeded, created.process.length, eachRound),
    {
      ...throughputRow(power, median.power, seeded, created.power.length, eachRound),
      ratio: { value: median.ratio, of: 'process' },
    },
  ]
  const restarted: ServerProcess[] = []
  for (const side of [process, power]) {
    const { row, server } = await killRow(env, build, side, created[side.durability])
    rows.push(row)
    restarted.push(server)
  }
  await restarted[1]!.stop()
  return { rows, created: created.process, server: restarted[0]! }
}

const bodies = Array.from({ length: 256 }, (_, n) => JSON.stringify(createBody(n)))

/** One timed create load (after a warm-up); the ids of acknowledged creates go to `created`. */
function timedCreates(env: Env, server: ServerProcess, created: string[]): Promise<Measured> {
  let sent = 0
  return measure(env, server, {
    method: 'POST',
    headers: jsonHeaders,
    next: () => ({ path: collectionPath, body: bodies[sent++ % bodies.length]! }),
    onResponse: (status, body) => {
      const id = status < 300 ? /"id"\s*:\s*"([^"]+)"/.exec(body)?.[1] : undefined
      if (id) created.push(id)
    },
  })
}

function throughputRow(
  side: Side,
  measured: Measured,
  seeded: number,
  acknowledged: number,
  eachRound: string,
): Row {
  const ceiling = measured.load.rps / measured.cpu.server // requests a second at one full core
  return {
    scenario: `create (POST), COSELL_DURABILITY=${side.durability}`,
    rows: `${label(seeded)}+`,
    ...measured,
    target: { text: `≥ ${label(createTarget)}/s`, met: measured.load.rps >= createTarget },
    note:
      `the median of ${rounds} rounds taken in turn (power ÷ process each round: ${eachRound}); ` +
      `${label(acknowledged)} acknowledged in all rounds; CPU-bound ceiling ${label(ceiling)}/s`,
  }
}

async function killRow(
  env: Env,
  build: CosellBuild,
  side: Side,
  timed: readonly string[],
): Promise<{ row: Row; server: ServerProcess }> {
  env.log(
    `create load on ${killConnections} connections, kill -9 after ${killAfterMs} ms (${side.durability})`,
  )
  const killed = await killUnderLoad(side.server, {
    connections: killConnections,
    killAfterMs,
    body: (n) => JSON.stringify({ ...createBody(n), name: `${killName} ${n}` }),
  })
  const [storedTimed = 0, storedKilled = 0] = await storedOf(side.dataset.dir, [timed, killed.acknowledged])
  const server = await startSide(build, side.dataset, side.durability)
  const named = await countNamed(server)
  const row = killOutcome(side, killed, {
    acknowledged: timed.length + killed.acknowledged.length,
    stored: storedTimed + storedKilled,
    unacknowledged: named === undefined ? undefined : named - storedKilled,
  })
  return { row, server }
}

type Found = {
  readonly acknowledged: number
  /** Acknowledged and stored after the restart. */
  readonly stored: number
  /** Kill-load creates stored but never acknowledged; undefined when the count failed. */
  readonly unacknowledged: number | undefined
}

function killOutcome(side: Side, killed: KilledLoad, found: Found): Row {
  const unacknowledged =
    found.unacknowledged === undefined
      ? 'not counted (the count request failed)'
      : label(found.unacknowledged)
  return {
    scenario: `create, kill -9 with ${killed.outstandingAtKill} requests outstanding, COSELL_DURABILITY=${side.durability}`,
    rows: `${label(side.dataset.size)}+`,
    connections: killConnections,
    target: { text: 'every acknowledged create stored', met: found.stored === found.acknowledged },
    note:
      `${label(found.acknowledged)} acknowledged (${label(killed.acknowledged.length)} of ${label(killed.sent)} ` +
      `sent in the kill load, the rest in the timed rounds), ${label(found.stored)} of them stored after a restart; ` +
      `${unacknowledged} stored without an acknowledgement (in flight at the kill); ` +
      `${label(killed.answeredAfterKill)} of the outstanding were answered 2xx as the kill came` +
      (killed.refused > 0 ? `; ${label(killed.refused)} refused before the kill` : ''),
  }
}

/** How many ids of each list the data directory holds (the server must not be running on it). */
async function storedOf(dataDir: string, lists: readonly (readonly string[])[]): Promise<number[]> {
  const store = SqliteReferralStore.open(dataDir)
  try {
    const counts: number[] = []
    for (const ids of lists) {
      let stored = 0
      for (const id of ids) if (await store.get(benchTenant, id)) stored++
      counts.push(stored)
    }
    return counts
  } finally {
    await store.close()
  }
}

/** How many creates of the kill load are stored, by the API's own count of their name. */
async function countNamed(server: ServerProcess): Promise<number | undefined> {
  const response = await get(
    `${server.origin}${listPath({ $filter: `startswith(name,'${killName} ')`, $top: '0' })}`,
  )
  if (response.status !== 200) return undefined
  return (JSON.parse(response.text) as { '@odata.count': number })['@odata.count']
}
