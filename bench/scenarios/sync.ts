// Issue 14: the CRM sync between a cosell server (embedded store) and a PostgreSQL table of the
// SQL connector's default layout, run as a user runs it (`cosell sync run` and `cosell sync
// watch`, the build's CLI in child processes). Initial sync, in two measured passes: the seeded
// referrals into the empty table, then as many flagged rows into referrals; records/s, wall time
// (process start included) and the sync process's peak RSS. Each measured pass is followed by one
// that reads back its own writes (every pair's echo), so the next starts from a quiet state. Then
// the steady state: `sync watch` (webhooks on, the table polled every second) while one change a
// second is made on each side (at a random moment within it), and the time from each change's
// commit to its arrival on the other side, found by reading that side every 20 ms.
import { join } from 'node:path'
import { authorization, itemPath, jsonHeaders, notesPatch } from '../api.js'
import { startCosell } from '../cosell.js'
import { CrmTable, crmTableName } from '../crm-table.js'
import { label, openSeededIds, removeDataset, seedDataset } from '../datasets.js'
import { summarize, type LoadResult } from '../load.js'
import type { Env } from '../measure.js'
import { createDatabase, drop } from '../postgres-db.js'
import type { Row } from '../report.js'
import type { ServerProcess } from '../server-process.js'
import { SyncCli, type SyncPass } from '../sync-cli.js'

export type SyncSize = {
  /** Referrals seeded, and as many flagged CRM rows. */
  readonly records: number
  /** How long the steady state runs, one change a second on each side. */
  readonly steadySeconds: number
}

const steadyTargetMs = 1_000
const crmPollSeconds = 1
const readEveryMs = 20
/** A change not seen on the other side by then counts as lost. */
const arrivalTimeoutMs = 15_000

export async function syncScenario(env: Env, size: SyncSize): Promise<Row[]> {
  const db = await createDatabase().catch((error: unknown) => error as Error)
  if (db instanceof Error)
    return [{ scenario: 'sync', rows: label(size.records), note: `not measured: ${db.message}` }]
  const dataset = await seedDataset(env, 'sync', size.records).catch(async (error: unknown) => {
    await drop(db)
    throw error
  })
  const stops: Array<() => Promise<void>> = []
  try {
    const server = await startCosell(env.build, dataset.dir)
    stops.push(() => server.stop())
    const crm = { url: db.url, table: crmTableName }
    const sync = await SyncCli.init(env, join(env.workDir, 'sync'), server.origin, crm, {
      crm: crmPollSeconds,
    })
    const table = await CrmTable.open(db.url)
    stops.push(() => table.close())
    const initial = await initialSync(env, sync, table, size)
    const steady = await steadyState(env, sync, server, table, size)
    return [...initial, ...steady]
  } finally {
    for (const stop of stops.reverse()) await stop()
    await drop(db)
    removeDataset(dataset)
  }
}

async function initialSync(env: Env, sync: SyncCli, table: CrmTable, size: SyncSize): Promise<Row[]> {
  env.log(`sync: ${label(size.records)} referrals → an empty CRM table (cosell sync run)`)
  const toCrm = await sync.pass()
  const toCrmEcho = await sync.pass()
  env.log(`sync: ${label(size.records)} flagged CRM rows → referrals (cosell sync run)`)
  await table.seedFlagged(size.records)
  const toReferrals = await sync.pass()
  const toReferralsEcho = await sync.pass()
  return [
    passRow(size, 'initial referrals → CRM rows', toCrm, toCrm.summary.created.crm, toCrmEcho),
    passRow(
      size,
      'initial CRM rows → referrals',
      toReferrals,
      toReferrals.summary.created.referral,
      toReferralsEcho,
    ),
  ]
}

function passRow(size: SyncSize, scenario: string, pass: SyncPass, records: number, echo: SyncPass): Row {
  const { summary, run } = pass
  const load: LoadResult = {
    rps: records / run.seconds,
    ok: records,
    failed: summary.failed,
    statuses: summary.failed > 0 ? { failed: summary.failed } : {},
    p50: NaN,
    p99: NaN,
    seconds: run.seconds,
  }
  return {
    scenario: `${scenario}, cosell sync run`,
    rows: label(size.records),
    load,
    peakMb: run.peakKb / 1024,
    note: `records/s; ${run.seconds.toFixed(1)} s wall, process start included; ${describe(summary)}; the next pass, reading back its echo: ${echo.run.seconds.toFixed(1)} s, ${describe(echo.summary)}`,
  }
}

function describe(summary: SyncPass['summary']): string {
  const { detected, created, updated, linked, held, failed, unchanged } = summary
  return [
    `read ${detected.referral}+${detected.crm}`,
    `created ${created.referral}+${created.crm}`,
    `updated ${updated.referral}+${updated.crm}`,
    `${linked} linked, ${held} held, ${failed} failed, ${unchanged} unchanged (referral+CRM)`,
  ].join(', ')
}

// ---- the steady state ------------------------------------------------------------------------

type Arrivals = { readonly latencies: number[]; lost: number; seconds: number }

async function steadyState(
  env: Env,
  sync: SyncCli,
  server: ServerProcess,
  table: CrmTable,
  size: SyncSize,
): Promise<Row[]> {
  const seconds = size.steadySeconds
  const referralIds = openSeededIds(size.records).slice(0, seconds)
  const rows = await table.pairsFromCrm(seconds)
  if (referralIds.length < seconds || rows.length < seconds)
    throw new Error(`bench: sync: fewer than ${seconds} open referrals or CRM-made pairs to change`)
  const watch = await sync.watch()
  try {
    env.log(`sync: steady state, ${seconds} s of one change a second on each side (cosell sync watch)`)
    await pause(2_000) // its first pass: nothing to do, both sides were read to their ends
    const [toCrm, toReferral] = await Promise.all([
      oncePerSecond(seconds, (i) => referralToCrm(server.origin, table, referralIds[i]!, i)),
      oncePerSecond(seconds, (i) => crmToReferral(server.origin, table, rows[i]!)),
    ])
    const peakMb = watch.memory().peakMb
    return [
      steadyRow(size, 'steady referral → CRM row: PATCH notes, webhook', toCrm, peakMb),
      steadyRow(
        size,
        `steady CRM row → referral: UPDATE amount, table polled every ${crmPollSeconds} s`,
        toReferral,
        peakMb,
      ),
    ]
  } finally {
    await watch.stop()
  }
}

/** PATCHes a referral's notes; answers the ms from the PATCH's answer to the row holding them. */
async function referralToCrm(
  origin: string,
  table: CrmTable,
  id: string,
  n: number,
): Promise<number | undefined> {
  const notes = `steady ${n} ${Date.now()}`
  const response = await fetch(`${origin}${itemPath(id)}`, {
    method: 'PATCH',
    headers: jsonHeaders,
    body: notesPatch(notes),
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok)
    throw new Error(`bench: sync: PATCH ${id} answered ${response.status}: ${await response.text()}`)
  const committed = performance.now()
  return arrival(committed, async () => (await table.notesOf(id)) === notes)
}

/** Raises a row's amount; answers the ms from the UPDATE's commit to the referral holding it. */
async function crmToReferral(
  origin: string,
  table: CrmTable,
  row: { id: string; referralId: string },
): Promise<number | undefined> {
  const amount = await table.raiseAmount(row.id)
  const committed = performance.now()
  return arrival(committed, async () => {
    const response = await fetch(`${origin}${itemPath(row.referralId)}`, {
      headers: { authorization },
      signal: AbortSignal.timeout(10_000),
    })
    const referral = (await response.json()) as { details?: { dealValue?: unknown } }
    return referral.details?.dealValue === amount
  })
}

/** Reads every `readEveryMs` until `arrived`; the ms since `since`, or undefined after the timeout. */
async function arrival(since: number, arrived: () => Promise<boolean>): Promise<number | undefined> {
  while (performance.now() - since < arrivalTimeoutMs) {
    if (await arrived()) return performance.now() - since
    await pause(readEveryMs)
  }
  return undefined
}

/** `change(i)` at a random moment of each second (later, when the one before is still waiting):
 *  changes at a fixed moment would meet the table's polling at one phase only. */
async function oncePerSecond(
  count: number,
  change: (i: number) => Promise<number | undefined>,
): Promise<Arrivals> {
  const arrivals: Arrivals = { latencies: [], lost: 0, seconds: 0 }
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    await pause(started + (i + Math.random()) * 1_000 - performance.now())
    const latency = await change(i)
    if (latency === undefined) arrivals.lost++
    else arrivals.latencies.push(latency)
  }
  arrivals.seconds = (performance.now() - started) / 1000
  return arrivals
}

function steadyRow(size: SyncSize, scenario: string, arrivals: Arrivals, peakMb: number): Row {
  const { latencies, lost } = arrivals
  const load = summarize(latencies, lost > 0 ? { lost } : {}, lost, arrivals.seconds)
  return {
    scenario,
    rows: label(size.records),
    load,
    peakMb,
    target: { text: `p99 ≤ ${label(steadyTargetMs)} ms`, met: lost === 0 && load.p99 <= steadyTargetMs },
    note: `changes/s; p50/p99: commit → seen on the other side (read every ${readEveryMs} ms) over ${latencies.length} changes${lost > 0 ? `, ${lost} not seen within ${arrivalTimeoutMs / 1000} s` : ''}; peak RSS: the sync watch process`,
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}
