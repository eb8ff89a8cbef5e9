// `npm run bench [-- --quick] [-- --only <scenario>] [-- --seconds <n>] [-- --source] [-- --heavy-terms <n>]`
// Seeds the data sets, runs each scenario against cosell in a child process, prints a table per
// scenario group and ends with a Markdown table, also written to bench/results.md. Targets are
// reported as PASS/MISS; they never fail the run. Every child process, every temporary data
// directory and the PostgreSQL databases `sync` and `postgres-1m` create are removed on the way
// out, also after an error or Ctrl-C.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildCosell, type CosellBuild } from './cosell.js'
import { growDataset, label, removeDataset, seedDataset } from './datasets.js'
import { commitLatencyMs, describeMachine, loadAverage } from './machine.js'
import type { Env } from './measure.js'
import { markdownTable, textTable, type Row } from './report.js'
import { crudScenarioNames, crudScenarios } from './scenarios/crud.js'
import { databaseMoveScenario } from './scenarios/database-move.js'
import { expensiveScenario } from './scenarios/expensive.js'
import { firstStartScenario } from './scenarios/first-start.js'
import { fuzzScenario } from './scenarios/fuzz.js'
import { hostileBodiesScenario } from './scenarios/hostile-bodies.js'
import { importScenario } from './scenarios/import.js'
import { memoryScenario } from './scenarios/memory.js'
import { queryScenarios } from './scenarios/queries.js'
import { snapshotScenario } from './scenarios/snapshots.js'
import { storesScenario } from './scenarios/stores.js'
import { syncScenario } from './scenarios/sync.js'
import { throttleScenario } from './scenarios/throttle.js'
import { webhooksScenario } from './scenarios/webhooks.js'
import { dropCreatedNow } from './postgres-db.js'
import { killChildren } from './server-process.js'

const largeScenarioNames = [
  'memory-100k',
  'queries-100k',
  'expensive-100k',
  'snapshots-100k',
  'database-move-100k',
  'queries-1m',
] as const
const scenarioNames: readonly string[] = [
  'first-start',
  'crud',
  ...crudScenarioNames,
  'hostile-bodies',
  'fuzz',
  'throttle',
  'webhooks',
  'import',
  'sync',
  ...largeScenarioNames,
  'postgres-1m',
]

/** `postgres-1m` with --quick: the same measurements on a small data set, to try them out. */
const quickStoreRows = 20_000
const storesTitle = 'The embedded store beside PostgreSQL, one server and two'

class UsageError extends Error {}

type Args = { quick: boolean; only?: string; seconds: number; source: boolean; heavyTerms: number }

function readArgs(): Args {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      seconds: { type: 'string', default: '5' },
      source: { type: 'boolean', default: false },
      // $filter allows 20 function calls: the largest walking filter a client may send
      'heavy-terms': { type: 'string', default: '20' },
    },
  })
  if (values.only !== undefined && !scenarioNames.includes(values.only)) {
    throw new UsageError(`bench: unknown scenario '${values.only}'; one of: ${scenarioNames.join(', ')}`)
  }
  const seconds = Number(values.seconds)
  if (!(seconds > 0 && seconds <= 60))
    throw new UsageError('bench: --seconds must be a number of seconds from 1 to 60')
  const heavyTerms = Number(values['heavy-terms'])
  if (!(Number.isInteger(heavyTerms) && heavyTerms >= 1))
    throw new UsageError('bench: --heavy-terms must be a whole number of contains() terms, 1 or more')
  return {
    heavyTerms,
    quick: values.quick,
    seconds,
    source: values.source,
    ...(values.only ? { only: values.only } : {}),
  }
}

function selector(args: Args): (name: string) => boolean {
  return (name) => {
    if (args.quick && name === 'queries-1m') return false
    if (args.only === undefined) return true
    return (
      args.only === name || (args.only === 'crud' && (crudScenarioNames as readonly string[]).includes(name))
    )
  }
}

async function runAll(env: Env, wanted: (name: string) => boolean, args: Args): Promise<Row[]> {
  const all: Row[] = []
  const section = (title: string, rows: Row[]) => {
    console.log(textTable(title, rows))
    all.push(...rows)
  }
  if (wanted('first-start'))
    section('Issue 12: the first run, npm start as a user runs it', await firstStartScenario(env))
  if (crudScenarioNames.some(wanted))
    section('Issue 2: CRUD, 10,000 referrals seeded', await crudScenarios(env, wanted))
  if (wanted('hostile-bodies'))
    section('Issue 9: bodies under 1 MiB shaped to cost CPU, in-process', await hostileBodiesScenario(env))
  if (wanted('fuzz'))
    section('Issue 9: generated requests, in-process', await fuzzScenario(env, args.quick ? 2_000 : 20_000))
  if (wanted('throttle'))
    section('Issue 10: throttling on the hot path, 1,000 referrals', await throttleScenario(env))
  if (wanted('webhooks'))
    section('Issue 10: webhook delivery beside the API, 1,000 referrals', await webhooksScenario(env))
  if (wanted('import'))
    section(
      'Issue 12: cosell import of a co-sell CSV, peak RSS as the file grows',
      await importScenario(env, args.quick ? [2_000, 10_000] : [10_000, 100_000]),
    )
  if (wanted('sync')) {
    const size = args.quick ? { records: 1_000, steadySeconds: 10 } : { records: 10_000, steadySeconds: 30 }
    section(
      `Issue 14: CRM sync, ${label(size.records)} referrals to a PostgreSQL table and back`,
      await syncScenario(env, size),
    )
  }
  const stores = wanted('postgres-1m')
  if (stores && args.quick) {
    const small = await seedDataset(env, 'referrals-stores', quickStoreRows)
    try {
      section(
        `${storesTitle}, ${label(quickStoreRows)} referrals (--quick)`,
        await storesScenario(env, small),
      )
    } finally {
      removeDataset(small)
    }
  }
  if (!largeScenarioNames.some(wanted) && !(stores && !args.quick)) return all
  const dataset = await seedDataset(env, 'referrals-large', 100_000)
  try {
    if (wanted('memory-100k'))
      section('Issue 2: memory, 100,000 referrals', await memoryScenario(env, dataset))
    if (wanted('queries-100k'))
      section('Issue 3: queries, 100,000 referrals', await queryScenarios(env, dataset))
    if (wanted('expensive-100k'))
      section(
        'Issue 9: expensive queries, 100,000 referrals',
        await expensiveScenario(env, dataset, args.heavyTerms),
      )
    if (wanted('snapshots-100k'))
      section('Issue 9: snapshots, 100,000 referrals', await snapshotScenario(env, dataset))
    if (wanted('database-move-100k'))
      section('Moving a whole database, 100,000 referrals', await databaseMoveScenario(env, dataset))
    if (wanted('queries-1m')) {
      await growDataset(env, dataset, 1_000_000)
      section('Issue 3: queries, 1,000,000 referrals', await queryScenarios(env, dataset))
    }
    if (stores && !args.quick) {
      await growDataset(env, dataset, 1_000_000)
      section(`${storesTitle}, 1,000,000 referrals`, await storesScenario(env, dataset))
    }
  } finally {
    removeDataset(dataset)
  }
  return all
}

/** Other processes on the two cores and the disk skew every figure; the results say how busy both were. */
type Conditions = { readonly load: string; readonly commitMs: number }

function conditions(workDir: string): Conditions {
  return { load: loadAverage(), commitMs: commitLatencyMs(workDir) }
}

function describeConditions(at: string, c: Conditions): string {
  return `${at}: 1-minute load average ${c.load}, an fsync'd one-row commit ${c.commitMs.toFixed(2)} ms`
}

function setup(build: CosellBuild, args: Args): string {
  return `cosell ${build.description}, in a child process; autocannon ${args.seconds} s a measurement after a 1 s warm-up`
}

function results(
  rows: readonly Row[],
  build: CosellBuild,
  args: Args,
  minutes: number,
  before: Conditions,
  after: Conditions,
): string {
  const flags = [args.quick ? '--quick' : '', args.only ? `--only ${args.only}` : '']
    .filter(Boolean)
    .join(' ')
  return [
    `<!-- written by npm run bench${flags ? ` -- ${flags}` : ''} on ${new Date().toISOString().slice(0, 10)} -->`,
    `_${describeMachine()}; ${setup(build, args)}; ${minutes.toFixed(1)} min in all. ${describeConditions('Start', before)}; ${describeConditions('end', after)}._`,
    '',
    markdownTable(rows),
    '',
  ].join('\n')
}

async function main(): Promise<void> {
  const args = readArgs()
  const started = performance.now()
  const workDir = mkdtempSync(join(tmpdir(), 'cosell-bench-'))
  const cleanUp = () => {
    killChildren()
    dropCreatedNow()
    rmSync(workDir, { recursive: true, force: true })
  }
  process.once('exit', cleanUp)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))
  const log = (message: string) =>
    console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)
  log(
    args.source
      ? 'running cosell from source'
      : 'building cosell (tsc -p tsconfig.build.json) into a temporary directory',
  )
  const build = buildCosell(args.source, workDir)
  try {
    const env: Env = { build, seconds: args.seconds, warmupSeconds: 1, workDir, log }
    const before = conditions(workDir)
    log(`${describeMachine()}; ${setup(build, args)}`)
    log(describeConditions('start', before))
    const rows = await runAll(env, selector(args), args)
    const after = conditions(workDir)
    log(describeConditions('end', after))
    const markdown = results(rows, build, args, (performance.now() - started) / 60_000, before, after)
    writeFileSync(new URL('./results.md', import.meta.url), markdown)
    console.log(`\n== Markdown (also in bench/results.md)\n\n${markdown}`)
  } finally {
    cleanUp()
  }
}

await main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error)
  process.exitCode = error instanceof UsageError ? 2 : 1
})
