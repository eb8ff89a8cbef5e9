// `cosell sync …`: the CRM sync (docs/sync.md). `init` writes a configuration with the
// connector's default mapping; `run` makes one pass (or shows what it would do, with --dry-run);
// `watch` keeps passing, woken by webhooks; `status`, `retry` and `explain` read and steer the
// state that a run leaves.
import { writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { ApiError } from '../client/errors.js'
import { SyncApi } from '../client/sync.js'
import { WebhooksApi } from '../client/webhooks.js'
import { schemaProblems } from '../domain/referral/schema-problems.js'
import { SyncConfigError } from '../sync/config/load-sync-config.js'
import { connectorTypes } from '../sync/connectors/registry.js'
import { SyncEngine } from '../sync/engine.js'
import { explainPair } from '../sync/explain-pair.js'
import { retryHeld } from '../sync/retry-held.js'
import { reportStatus } from '../sync/status-report.js'
import type { PassSummary } from '../sync/sync-outcome.js'
import { WatchLoop } from '../sync/watch-loop.js'
import { WebhookListener } from '../sync/webhook-listener.js'
import { withConnection } from './connection.js'
import { run, UsageError } from './format.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printTable, withOutput, type OutputFlags } from './output.js'
import { ProgressBar } from './progress-bar.js'
import { openSyncSession, openSyncStateOnly, type SyncFlags, type SyncSession } from './sync-session.js'
import { printExplanation, printStatus, summaryLine } from './sync-text.js'

interface InitFlags {
  readonly name: string
  readonly file: string
  readonly createTable?: boolean
  readonly force?: boolean
}

interface RunFlags extends SyncFlags, OutputFlags {
  readonly dryRun?: boolean
  readonly full?: boolean
}

interface WatchFlags extends SyncFlags {
  readonly listen: string
  readonly webhookUrl?: string
  readonly webhook: boolean
  readonly replaceWebhook?: boolean
}

interface RetryFlags extends SyncFlags {
  readonly take?: 'crm' | 'referral'
}

const now = () => new Date().toISOString()

export function addSyncCommands(program: Command): void {
  const group = program.command('sync').description('sync referrals with a CRM (docs/sync.md)')
  withExamples(
    group,
    'cosell sync init sql url=postgres://postgres@127.0.0.1/crm table=opportunities --create-table',
    'cosell sync run',
    'cosell sync watch',
  )
  const command = (name: string) =>
    withConnection(group.command(name)).option('-c, --config <file>', 'the sync configuration', 'sync.json')

  withExamples(
    group.command('init <type> [settings...]'),
    'cosell sync init sql url=sqlite:crm.db table=opportunities --create-table',
    'cosell sync init csv path=deals.csv',
    'cosell sync init hubspot accessToken.env=HUBSPOT_TOKEN',
  )
    .description(
      `write a configuration with the connector's default mapping; types: ${[...connectorTypes.keys()].join(', ')}`,
    )
    .option('--name <name>', 'names this sync in its state and status reports', 'crm')
    .option('--file <file>', 'where to write it', 'sync.json')
    .option('--create-table', 'make the table of the default layout (SQL connector) unless it exists')
    .option('--force', 'replace an existing file')
    .action((type: string, settings: string[], flags: InitFlags) => run(() => init(type, settings, flags)))

  withExamples(
    withOutput(command('run')),
    'cosell sync run',
    'cosell sync run --dry-run',
    'cosell sync run --config pipeline.json --full',
  )
    .description('one pass: read both sides, apply every change, print a summary')
    .option('--dry-run', 'print what would change on each side; write nothing')
    .option('--full', 'read both sides from the beginning, not from where the last pass stopped')
    .action((flags: RunFlags) => run(() => runPass(flags)))

  withExamples(
    command('watch'),
    'cosell sync watch',
    'cosell sync watch --no-webhook',
    'cosell sync watch --listen 0.0.0.0:9300 --webhook-url https://sync.example.com/',
  )
    .description('pass after pass until stopped (Ctrl-C): webhooks wake it, polling catches the rest')
    .option('--listen <host:port>', 'where webhooks are received', '127.0.0.1:0')
    .option(
      '--webhook-url <url>',
      'the URL to register, when the Referrals API reaches this machine by another name',
    )
    .option('--no-webhook', 'poll only; register no webhook')
    .option('--replace-webhook', "replace the tenant's webhook registration if it names another URL")
    .action((flags: WatchFlags) => run(() => watch(flags)))

  withExamples(withOutput(command('status')), 'cosell sync status', 'cosell sync status --output json')
    .description('pairs by status, pending changes, and what is held and why')
    .action((flags: SyncFlags & OutputFlags) => run(() => status(flags)))

  withExamples(
    command('retry [id]'),
    'cosell sync retry',
    'cosell sync retry 0b5a0cab-8f1e-4c52-9d3b-5d7e6f1a2b3c --take crm',
  )
    .description('let held changes go and try again on the next pass (one pair, or all)')
    .option('--take <side>', 'decide held conflicts for this side: crm or referral')
    .action((id: string | undefined, flags: RetryFlags) => run(() => retry(id, flags)))

  withExamples(
    withOutput(command('explain <id>')),
    'cosell sync explain 0b5a0cab-8f1e-4c52-9d3b-5d7e6f1a2b3c',
  )
    .description(
      'one pair (a referral id or a CRM id): each field on both sides, what happens next, held changes, history',
    )
    .action((id: string, flags: SyncFlags & OutputFlags) => run(() => explain(id, flags)))
}

async function init(type: string, pairs: readonly string[], flags: InitFlags): Promise<void> {
  const connectorType = connectorTypes.get(type)
  if (!connectorType)
    throw new UsageError(`unknown connector type ${type}; one of: ${[...connectorTypes.keys()].join(', ')}`)
  const crm = { type, ...settingsOf(pairs) }
  const problems = schemaProblems(connectorType.settings, crm, 'crm')
  if (problems.length > 0) throw new SyncConfigError('settings', problems)
  const file = resolve(flags.file)
  if (existsSync(file) && !flags.force)
    throw new UsageError(`${flags.file} exists; add --force to replace it`)
  if (flags.createTable) {
    if (!connectorType.prepare) throw new UsageError(`the ${type} connector has nothing to create`)
    console.error(await connectorType.prepare(crm, { env: process.env, baseDir: resolve(file, '..') }))
  }
  const config = { name: flags.name, crm, mapping: connectorType.defaultMapping(crm) }
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
  console.error(`wrote ${flags.file}: edit its mapping, then run \`cosell sync run --dry-run\``)
}

/** `key=value` pairs: `key.env=NAME` names a secret's environment variable; numbers and booleans read as such. */
function settingsOf(pairs: readonly string[]): Record<string, unknown> {
  const settings: Record<string, unknown> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new UsageError(`settings are key=value; got ${pair}`)
    const key = pair.slice(0, at)
    const text = pair.slice(at + 1)
    if (key.endsWith('.env')) settings[key.slice(0, -4)] = { env: text }
    else settings[key] = text === 'true' ? true : text === 'false' ? false : text
  }
  return settings
}

async function runPass(flags: RunFlags): Promise<void> {
  const session = await openSyncSession(flags)
  try {
    const bar = new ProgressBar()
    const engine = engineOf(session, {
      dryRun: flags.dryRun ?? false,
      fromStart: flags.full ?? false,
      onProgress: (p) =>
        bar.update(() => ({ text: `${p.phase} ${p.side ?? ''} ${p.done}`.replace(/ +/g, ' ') })),
    })
    const summary = await engine.runOnce()
    bar.clear()
    if (flags.dryRun) return printPlanned(engine, flags)
    await report(session)
    if (formatOf(flags) === 'json') printJson(summary)
    else console.log(summaryLine(summary))
    if (summary.failed > 0) {
      process.exitCode = 1
      console.error(
        `${summary.failed} change(s) failed and stay queued for the next pass: cosell sync status`,
      )
    }
  } finally {
    await session.close()
  }
}

function printPlanned(engine: SyncEngine, flags: OutputFlags): void {
  if (formatOf(flags) === 'json') return printJson(engine.planned)
  if (engine.planned.length === 0) return console.log('nothing would change')
  printTable(
    ['side', 'action', 'id', 'pair', 'fields'],
    engine.planned.map((p) => [p.side, p.action, p.id ?? '(new)', p.pair, JSON.stringify(p.fields)]),
  )
}

async function watch(flags: WatchFlags): Promise<void> {
  const session = await openSyncSession(flags)
  const poll = session.loaded.config.poll ?? {}
  // events that arrive before the loop exists are kept for it
  const early: { loop?: WatchLoop; touched: string[] } = { touched: [] }
  const onReferral = (id: string) => (early.loop ? early.loop.touch(id) : void early.touched.push(id))
  const webhook = flags.webhook ? await listenForWebhooks(session, flags, onReferral) : undefined
  const loop = new WatchLoop(engineOf(session, {}), {
    // webhooks bring a referral's change at once; without them (or with a registration that is
    // another's) reading the referrals often is the only way
    referralsEveryMs: (poll.referrals ?? (webhook?.receiving ? 60 : 10)) * 1000,
    crmEveryMs: (poll.crm ?? 5) * 1000,
    onPass: (summary) => {
      if (changed(summary)) console.log(`${now()}  ${summaryLine(summary)}`)
    },
    onError: (error) =>
      console.error(`${now()}  pass failed: ${error instanceof Error ? error.message : String(error)}`),
    afterPass: () => report(session),
  })
  early.loop = loop
  for (const id of early.touched) loop.touch(id)
  loop.start()
  console.error(
    `watching ${session.connector.label} ⇄ ${session.http.baseUrl}${webhook ? `; webhooks at ${webhook.listener.url}` : ''} (Ctrl-C stops)`,
  )
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  console.error('stopping after the pass under way…')
  await loop.stop()
  await webhook?.close()
  await session.close()
}

async function listenForWebhooks(
  session: SyncSession,
  flags: WatchFlags,
  onReferral: (id: string) => void,
): Promise<{ listener: WebhookListener; receiving: boolean; close(): Promise<void> }> {
  const [host = '127.0.0.1', port = '0'] = splitHostPort(flags.listen)
  const listener = await WebhookListener.listen(host, Number(port), onReferral)
  const url = flags.webhookUrl ?? listener.url
  const webhooks = new WebhooksApi(session.http)
  const registration = { WebhookUrl: url, WebhookEvents: ['referral-created', 'referral-updated'] as const }
  const existing = await webhooks.get().catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return undefined
    throw error
  })
  // a registration naming this listener already is this sync's own, left by a run that was killed
  let registered = existing?.WebhookUrl === url
  if (!existing) {
    await webhooks.create({ ...registration, WebhookEvents: [...registration.WebhookEvents] })
    registered = true
  } else if (existing.WebhookUrl !== url) {
    if (!flags.replaceWebhook) {
      console.error(
        `the tenant's webhook goes to ${existing.WebhookUrl}; polling instead (--replace-webhook to take it over)`,
      )
    } else {
      await webhooks.update({ ...registration, WebhookEvents: [...registration.WebhookEvents] })
      registered = true
    }
  }
  return {
    listener,
    receiving: registered,
    close: async () => {
      if (registered) await webhooks.delete().catch(() => undefined)
      await listener.close()
    },
  }
}

function splitHostPort(text: string): string[] {
  const at = text.lastIndexOf(':')
  if (at < 0) throw new UsageError(`--listen takes host:port; got ${text}`)
  return [text.slice(0, at).replace(/^\[|\]$/g, ''), text.slice(at + 1)]
}

async function status(flags: SyncFlags & OutputFlags): Promise<void> {
  const { loaded, state } = await openSyncStateOnly(flags)
  try {
    const counts = await state.counts()
    const held = await state.held({ limit: 50 })
    const troubled = await state.links({ status: 'error', limit: 50 })
    if (formatOf(flags) === 'json')
      return printJson({ name: loaded.config.name, ...counts, held, errors: troubled })
    printStatus(loaded.config.name, counts, held, troubled)
  } finally {
    await state.close()
  }
}

async function retry(id: string | undefined, flags: RetryFlags): Promise<void> {
  if (flags.take !== undefined && flags.take !== 'crm' && flags.take !== 'referral') {
    throw new UsageError(`--take is crm or referral; got ${String(flags.take)}`)
  }
  const session = await openSyncSession(flags)
  try {
    const outcome = await retryHeld(
      { state: session.state, referrals: session.referrals, mapping: session.loaded.mapping, now },
      { ...(id ? { id } : {}), ...(flags.take ? { take: flags.take } : {}) },
    )
    console.log(`${outcome.pairs} pair(s) queued for the next pass`)
    if (outcome.undecided > 0) {
      console.error(
        `${outcome.undecided} conflict(s) stay held: name the side that wins with --take crm or --take referral`,
      )
    }
  } finally {
    await session.close()
  }
}

async function explain(id: string, flags: SyncFlags & OutputFlags): Promise<void> {
  const session = await openSyncSession(flags)
  try {
    const explanation = await explainPair(
      {
        state: session.state,
        referrals: session.referrals,
        connector: session.connector,
        mapping: session.loaded.mapping,
        now,
      },
      id,
    )
    if (!explanation.link && !explanation.referral && !explanation.record) {
      throw new UsageError(
        `${id} is neither a referral nor a record of ${session.connector.label} that the sync knows`,
      )
    }
    if (formatOf(flags) === 'json') return printJson(explanation)
    printExplanation(explanation)
  } finally {
    await session.close()
  }
}

function engineOf(
  session: SyncSession,
  options: Partial<ConstructorParameters<typeof SyncEngine>[0]>,
): SyncEngine {
  return new SyncEngine({
    mapping: session.loaded.mapping,
    connector: session.connector,
    referrals: session.referrals,
    state: session.state,
    ...options,
  })
}

/** Sessions whose Referrals endpoint has no status route (Microsoft's service): told nothing more. */
const withoutStatusRoute = new WeakSet<SyncSession>()

/** Reports status to cosell; Microsoft's service has no such route, and is told nothing. */
async function report(session: SyncSession): Promise<void> {
  if (session.loaded.config.report === false || withoutStatusRoute.has(session)) return
  try {
    await reportStatus({
      state: session.state,
      sync: new SyncApi(session.http),
      mapping: session.loaded.mapping,
      connection: session.loaded.config.name,
      connector: session.connector.label,
    })
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return void withoutStatusRoute.add(session)
    console.error(`could not report sync status: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function changed(summary: PassSummary): boolean {
  const { created, updated, linked, held, failed } = summary
  return created.crm + created.referral + updated.crm + updated.referral + linked + held + failed > 0
}
