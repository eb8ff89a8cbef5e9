// A CRM sync as a user runs it, for the end-to-end scenarios (test/e2e/sync-*.test.ts): a real
// `cosell serve`, a CRM table made by `cosell sync init sql … --create-table` in an SQLite file or
// a fresh PostgreSQL database, the sync.json that init wrote (its mapping and polling changed as a
// scenario needs), and `cosell sync …` run as child processes. The test reads and writes the table
// with SQL, as the CRM would, and the referrals through the SDK, as Partner Center's users would.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  HttpClient,
  ReferralsApi,
  WebhooksApi,
  emulatorToken,
  type Referral,
} from '../../src/client/index.js'
import type { Mapping } from '../../src/sync/mapping/mapping-schema.js'
import { cliEnv, runCosell, type CliRun } from './cli-server.js'
import { openCrmTable, type CrmDialect, type CrmTable } from './crm-table.js'
import { freshDatabase, postgresUnavailable } from './postgres.js'
import { startServer, stopAll, type RunningServer } from './server-process.js'
import { tenantA, tenantB } from './tokens.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const user = 'john@partner.example'

export interface ScenarioOptions {
  readonly dialect: CrmDialect
  /** The partner tenant the sync and the test act as; scenarios sharing a server each take their own. */
  readonly tenant: string
  /** Changes the default mapping `cosell sync init` wrote (conflict policies, …). */
  readonly mapping?: (mapping: Mapping) => Mapping
  /** How often `cosell sync watch` reads each side, in seconds. */
  readonly poll?: { readonly referrals?: number; readonly crm?: number }
}

/** A `cosell sync` child the test stops itself (watch), or kills (kill -9 mid-run). */
export interface SyncChild {
  readonly child: ChildProcess
  stdout(): string
  stderr(): string
  /** The exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export interface SyncScenario {
  readonly crm: CrmTable
  readonly referrals: ReferralsApi
  readonly webhooks: WebhooksApi
  /** `cosell sync <args> -c sync.json` against the server; resolves whatever it exits with. */
  sync(...args: string[]): Promise<CliRun>
  /** The same, failing the test unless it exits 0; resolves with its stdout. */
  syncOk(...args: string[]): Promise<string>
  /** The same, as a child process left running. */
  spawnSync(...args: string[]): SyncChild
  /** `cosell seed --referrals <count>` for the tenant: realistic referrals in every state. */
  seed(count: number): Promise<void>
  /** Every referral of the tenant. */
  allReferrals(): Promise<Referral[]>
  /** A flagged row `id` inserted and synced once: the referral the sync made for it. */
  pairFromCrm(id: string): Promise<Referral>
}

/** A server for the file's scenarios, started before its tests and stopped after them. */
export function scenarioServer(): () => RunningServer {
  let server: RunningServer | undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'cosell-sync-e2e-'))
  before(async () => {
    server = await startServer(dataDir)
  })
  after(async () => {
    await stopAll()
    await Promise.all([...children].map((child) => stopChild(child)))
    await Promise.all(closing.splice(0).map((close) => close()))
    for (const dir of [dataDir, ...dirs.splice(0)]) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    if (!server) throw new Error('the server has not started')
    return server
  }
}

const children = new Set<ChildProcess>()
const dirs: string[] = []
const closing: (() => Promise<void>)[] = []

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

/** A CRM table, its sync.json and the CLI around them, for one scenario on `server`. */
export async function openScenario(server: RunningServer, options: ScenarioOptions): Promise<SyncScenario> {
  const dir = mkdtempSync(join(tmpdir(), `cosell-sync-${options.dialect}-`))
  dirs.push(dir)
  const config = join(dir, 'sync.json')
  const env = { COSELL_URL: server.url, COSELL_TENANT: options.tenant, COSELL_USER: user }
  const database = options.dialect === 'sqlite' ? join(dir, 'crm.db') : await freshDatabase()
  const url = options.dialect === 'sqlite' ? `sqlite:${database}` : database
  const init = await runCosell(
    ['sync', 'init', 'sql', `url=${url}`, 'table=opportunities', '--create-table', '--file', config],
    env,
  )
  assert.equal(init.code, 0, init.stderr)
  rewriteConfig(config, options, options.dialect === 'postgres' ? database : undefined)
  const crm = await openCrmTable(options.dialect, database)
  closing.push(() => crm.close())
  const http = new HttpClient({
    baseUrl: server.url,
    token: emulatorToken({ tid: options.tenant, upn: user }),
  })
  const referrals = new ReferralsApi(http)
  const sync = (...args: string[]) => runCosell(['sync', ...args, '-c', config], env, 180_000)
  const syncOk = async (...args: string[]) => {
    const run = await sync(...args)
    assert.equal(run.code, 0, `cosell sync ${args.join(' ')} exited ${run.code}:\n${run.stderr}`)
    return run.stdout
  }
  return {
    crm,
    referrals,
    webhooks: new WebhooksApi(http),
    sync,
    syncOk,
    spawnSync: (...args) => spawnCosell(['sync', ...args, '-c', config], env),
    seed: async (count) => {
      const seeded = await runCosell(
        ['seed', '--referrals', String(count), '--organization', options.tenant],
        env,
      )
      assert.equal(seeded.code, 0, seeded.stderr)
    },
    allReferrals: async () => {
      const all: Referral[] = []
      for await (const referral of referrals.all()) all.push(referral)
      return all
    },
    pairFromCrm: async (id) => {
      await crm.insert([flaggedRow(id, 1)])
      await syncOk('run')
      return referrals.get(String((await crm.row(id))?.referral_id))
    },
  }
}

/** The CRM databases a scenario runs on: SQLite, and PostgreSQL unless unreachable (then said why, and skipped). */
export async function scenarioDatabases(
  scenario: string,
): Promise<{ dialect: CrmDialect; tenant: string; skip: string | false }[]> {
  const unavailable = await postgresUnavailable()
  if (unavailable) console.log(`# skipping ${scenario} on PostgreSQL: ${unavailable}`)
  return [
    { dialect: 'sqlite', tenant: tenantA, skip: false },
    { dialect: 'postgres', tenant: tenantB, skip: unavailable ?? false },
  ]
}

/** The configuration init wrote, with the scenario's mapping and polling; on PostgreSQL the state lives there too. */
function rewriteConfig(file: string, options: ScenarioOptions, postgresState: string | undefined): void {
  const written = JSON.parse(readFileSync(file, 'utf8')) as { mapping: Mapping } & Record<string, unknown>
  const config = {
    ...written,
    mapping: options.mapping ? options.mapping(written.mapping) : written.mapping,
    ...(options.poll ? { poll: options.poll } : {}),
    ...(postgresState ? { state: postgresState } : {}),
  }
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
}

function spawnCosell(args: readonly string[], settings: Readonly<Record<string, string>>): SyncChild {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: cliEnv(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child)
      resolve({ code, signal })
    }),
  )
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

/**
 * Checks `condition` every `everyMs` until it holds; fails after `timeoutMs` saying what was
 * awaited. A bound, never a claim about speed.
 */
export async function waitUntil(
  what: string,
  condition: () => Promise<boolean> | boolean,
  { timeoutMs = 60_000, everyMs = 50 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** A flagged row in the default layout with every field a referral needs: what a CRM user would enter. */
export function flaggedRow(id: string, n: number): Record<string, string | number | boolean> {
  return {
    id,
    name: `CRM deal ${n}`,
    account_name: `Account ${n}`,
    account_address: `${n} Main Street`,
    account_city: 'Seattle',
    account_country: 'US',
    amount: 1000 + n,
    currency: 'USD',
    close_date: '2031-06-30',
    stage: 'Qualify',
    sync_to_partner_center: true,
  }
}
