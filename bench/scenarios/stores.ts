// The embedded store beside PostgreSQL, one server and two, on the same seeded referrals: GET by
// id, indexed lists (also each right after a write), pages reached through @odata.nextLink, PATCH
// without If-Match and create.
// The three sides run at once (an embedded server, and servers A and B on one PostgreSQL
// database), and each operation is measured on each side in turn, so that the machine's drift
// falls alike on all three; five rounds of that, and each side's median run is reported (one
// 5-second run moves by a third from the next on this machine). A ratio between sides is the
// median of the rounds' ratios, each taken between runs a few seconds apart, so that a slow
// minute of the machine weighs on one round's ratio instead of one side's median. Two servers
// share the load generator's connections, as a balancer would. Beside each server's CPU, the CPU
// of the PostgreSQL backends serving the database is read from /proc, which makes the CPU cost of
// a request on each tier.
import { anyOf, authorization, collectionPath, jsonHeaders, itemPath, listPath, notesPatch } from '../api.js'
import { afterEachWrite } from '../after-each-write.js'
import { startCosell } from '../cosell.js'
import { emptyTally } from '../dataset.js'
import { label, openSeededIds, seededIds, type Dataset } from '../datasets.js'
import { measureSpread, type CpuCounter, type Env, type LoadSpec, type Measured } from '../measure.js'
import {
  analyze,
  backendCpu,
  createDatabase,
  drop,
  withSettings,
  type BenchDatabase,
} from '../postgres-db.js'
import type { Row } from '../report.js'
import { createBody, seedStore } from '../seed.js'
import type { ServerProcess } from '../server-process.js'
import { PostgresReferralStore } from '../../src/store/postgres/store.js'
import { probe } from './list-requests.js'

const getTarget = 0.5
const listTargetMs = 30
const spreadTarget = 1.0
/** Each operation is measured this many times on each side, the sides taking turns; each side's median is reported. */
const rounds = 5
/** Pages reached through nextLink that the paging load asks for at random. */
const pagesWalked = 20

type Side = {
  readonly name: string
  readonly servers: readonly ServerProcess[]
  readonly database?: CpuCounter
  /** Paths of list pages 2…, each reached through the previous page's @odata.nextLink. */
  nextPages: string[]
}

type Operation = {
  readonly scenario: string
  /** Requests from one caller: the latency a client sees, not the throughput. */
  readonly oneCaller?: true
  /** One PostgreSQL server's throughput is compared with the embedded store's. */
  readonly versusEmbedded?: true
  readonly spec: (side: Side) => LoadSpec
  /** Measures the operation its own way instead of loading `spec`. */
  readonly measure?: (env: Env, side: Side) => Promise<Measured>
}

const indexedFilter = { $filter: "status eq 'Active'", $top: '25' }
const get = (path: string): LoadSpec => ({ headers: { authorization }, next: () => ({ path }) })

function operations(dataset: Dataset): Operation[] {
  const ids = seededIds(dataset.size)
  const open = [...openSeededIds(dataset.size)].sort(() => Math.random() - 0.5)
  let patches = 0
  let creates = 0
  return [
    {
      scenario: 'GET by id, random ids',
      versusEmbedded: true,
      spec: () => ({ headers: { authorization }, next: () => ({ path: itemPath(anyOf(ids)) }) }),
    },
    { scenario: "list $filter=status eq 'Active', $top=25", spec: () => get(listPath(indexedFilter)) },
    {
      scenario: "list $filter=status eq 'Active', $top=25, one caller",
      oneCaller: true,
      spec: () => ({ ...get(listPath(indexedFilter)), connections: 1 }),
    },
    {
      scenario:
        "list $filter=status eq 'Active', $top=25, one caller, each right after a PATCH (2 servers: PATCH on A, list on B)",
      oneCaller: true,
      spec: () => get(listPath(indexedFilter)),
      measure: (env, side) =>
        afterEachWrite(
          env,
          { write: side.servers[0]!, list: side.servers.at(-1)! },
          dataset,
          listPath(indexedFilter),
          side.database,
        ),
    },
    {
      scenario: 'list $orderby=updatedDateTime desc, $top=25',
      spec: () => get(listPath({ $orderby: 'updatedDateTime desc', $top: '25' })),
    },
    {
      scenario: `list pages 2-${pagesWalked + 1} through @odata.nextLink, 100 a page`,
      spec: (side) => ({ headers: { authorization }, next: () => ({ path: anyOf(side.nextPages) }) }),
    },
    {
      scenario: 'PATCH /details/notes, no If-Match, random open referrals',
      spec: () => ({
        method: 'PATCH',
        headers: jsonHeaders,
        next: () => ({
          path: itemPath(open[patches++ % open.length]!),
          body: notesPatch(`stores ${patches}`),
        }),
      }),
    },
    {
      scenario: 'create (POST)',
      spec: () => ({
        method: 'POST',
        headers: jsonHeaders,
        next: () => ({ path: collectionPath, body: JSON.stringify(createBody(creates++)) }),
      }),
    },
  ]
}

export async function storesScenario(env: Env, dataset: Dataset): Promise<Row[]> {
  const db = await seededDatabase(env, dataset.size).catch((error: unknown) => error as Error)
  if (db instanceof Error)
    return [{ scenario: 'postgres-1m', rows: label(dataset.size), note: `not measured: ${db.message}` }]
  const started: ServerProcess[] = []
  const start = async (extra: Record<string, string> = {}, dir = dataset.dir) => {
    const server = await startCosell(env.build, dir, extra)
    started.push(server)
    return server
  }
  try {
    const embedded = await start()
    const pgEnv = { DATABASE_URL: db.url }
    const [a, b] = [await start(pgEnv, `${dataset.dir}-pg-a`), await start(pgEnv, `${dataset.dir}-pg-b`)]
    const database = backendCpu(db)
    const sides: Side[] = [
      { name: 'embedded', servers: [embedded], nextPages: [] },
      { name: 'PostgreSQL, 1 server', servers: [a], database, nextPages: [] },
      { name: 'PostgreSQL, 2 servers', servers: [a, b], database, nextPages: [] },
    ]
    for (const side of sides) side.nextPages = await walkPages(side.servers[0]!.origin)
    const rows: Row[] = []
    for (const operation of operations(dataset))
      rows.push(...(await measureOperation(env, dataset, sides, operation)))
    return rows
  } finally {
    for (const server of started) await server.stop()
    await drop(db)
  }
}

async function measureOperation(
  env: Env,
  dataset: Dataset,
  sides: readonly Side[],
  operation: Operation,
): Promise<Row[]> {
  const runs: Measured[][] = sides.map(() => [])
  for (let round = 0; round < rounds; round++)
    for (const [i, side] of sides.entries())
      runs[i]!.push(
        await (operation.measure?.(env, side) ??
          measureSpread(env, side.servers, operation.spec(side), side.database)),
      )
  const measured = runs.map(median)
  return sides.map((side, i) => {
    const { roundRatios = '', ...judgement } = judged(operation, i, runs)
    return {
      scenario: `${operation.scenario}: ${side.name}`,
      rows: label(dataset.size),
      ...measured[i]!,
      ...judgement,
      note: `median of ${runs[i]!.map((run) => label(run.load.rps)).join(' / ')} req/s${roundRatios}`,
    }
  })
}

/** The run of median throughput, with its own latency and CPU figures. */
function median(runs: readonly Measured[]): Measured {
  return [...runs].sort((a, b) => a.load.rps - b.load.rps)[Math.floor(runs.length / 2)]!
}

type Judgement = Pick<Row, 'ratio' | 'target'> & { readonly roundRatios?: string }

/** The ratio and target a side's row carries: PostgreSQL's GET against the embedded store's, the
 *  indexed list's p99 for one caller (of the side's median run), two servers' throughput against
 *  one's. `runs` holds each side's runs, round by round, in the order embedded, one server, two
 *  servers. */
function judged(operation: Operation, side: number, runs: readonly (readonly Measured[])[]): Judgement {
  if (operation.oneCaller) {
    const p99 = median(runs[side]!).load.p99
    return { target: { text: `p99 ≤ ${listTargetMs} ms`, met: p99 <= listTargetMs } }
  }
  if (side === 1 && operation.versusEmbedded) return compared(runs[1]!, runs[0]!, getTarget, 'embedded')
  return side === 2 ? compared(runs[2]!, runs[1]!, spreadTarget, '1 server') : {}
}

/** The median of the rounds' ratios of `side`'s throughput to `base`'s (named `of` in the row). */
function compared(
  side: readonly Measured[],
  base: readonly Measured[],
  target: number,
  of: string,
): Judgement {
  const ratios = side.map((run, round) => run.load.rps / base[round]!.load.rps)
  const value = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!
  return {
    ratio: { value, of },
    target: { text: `≥ ${target.toFixed(1)}x ${of}`, met: value >= target },
    roundRatios: `; the rounds' ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
  }
}

/** Follows @odata.nextLink from the first page of the default order; answers pages 2… as paths. */
async function walkPages(origin: string): Promise<string[]> {
  const pages: string[] = []
  let url = `${origin}${listPath({})}`
  while (pages.length < pagesWalked) {
    const answer = await probe(url)
    if ('problem' in answer) throw new Error(`bench: paging ${url} ${answer.problem}`)
    const next = answer.page['@odata.nextLink']
    if (next === undefined) break
    const { pathname, search } = new URL(next)
    pages.push(`${pathname}${search}`)
    url = next
  }
  if (pages.length === 0) throw new Error('bench: the first page has no @odata.nextLink')
  return pages
}

/** A fresh database with the data set's first `size` referrals, seeded through the PostgreSQL
 *  store without waiting for each commit's flush, then vacuumed and analysed. */
async function seededDatabase(env: Env, size: number): Promise<BenchDatabase> {
  const db = await createDatabase()
  try {
    env.log(`seeding ${label(size)} referrals into PostgreSQL database ${db.name}`)
    const store = await PostgresReferralStore.open(withSettings(db, { synchronous_commit: 'off' }))
    const seconds = await seedStore(store, 0, size, emptyTally())
    env.log(`  seeded in ${seconds.toFixed(1)} s (${label(size / seconds)}/s); VACUUM ANALYZE`)
    const analysed = performance.now()
    await analyze(db)
    env.log(`  analysed in ${((performance.now() - analysed) / 1000).toFixed(1)} s`)
    return db
  } catch (error) {
    await drop(db)
    throw error
  }
}
