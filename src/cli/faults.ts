// `cosell faults [add|list|clear [id]]`: make the public API misbehave on purpose (429, 500, 503,
// 412, latency, a dropped connection) for the calls a rule matches.
import type { Command } from 'commander'
import { AdminApi, type FaultRuleInput, type FaultRuleView } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { run } from './format.js'
import { withExamples } from './help.js'
import { printItem, printList, withOutput, type OutputFlags, type View } from './output.js'

type Flags = ConnectionFlags & OutputFlags

interface AddFlags extends Flags {
  readonly route?: string
  readonly operation?: string
  readonly forTenant?: string
  readonly status?: string
  readonly retryAfter?: string
  readonly latency?: string
  readonly drop?: boolean
  readonly probability?: string
  readonly times?: string
  readonly seed?: string
}

export function addFaultCommands(program: Command): void {
  const group = program
    .command('faults')
    .description('make the public API fail on purpose; the server keeps the rules until restart')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  withExamples(group, 'cosell faults add --status 503 --times 3', 'cosell faults list', 'cosell faults clear')

  withExamples(
    withOutput(withConnection(group.command('add'))),
    "cosell faults add --status 503 --route 'GET /v1.0/engagements/referrals' --times 3 --retry-after 5",
    'cosell faults add --operation updateReferral --status 412 --probability 0.5 --seed 7',
    'cosell faults add --latency uniform:100-500',
  )
    .description('add a fault rule; unset matchers match any call')
    .option(
      '--route <pattern>',
      "METHOD /path; * is one segment, ** any rest, e.g. 'PATCH /v1.0/engagements/referrals/*'",
    )
    .option('--operation <name>', 'an operation of the public API, e.g. listReferrals, updateReferral')
    .option('--for-tenant <tid>', "only calls with this tenant's token")
    .option('--status <code>', '429, 500, 503, or 412 (PATCH and PUT only)')
    .option('--retry-after <seconds>', 'Retry-After of a 429 or 503 (default 1)')
    .option(
      '--latency <spec>',
      'ms, uniform:MIN-MAX, normal:MEAN,STDDEV or lognormal:MEAN,STDDEV (at most 60000)',
    )
    .option('--drop', 'close the connection without an answer')
    .option('--probability <p>', 'chance from 0 to 1 that a matching call is hit (default 1)')
    .option('--times <n>', 'only the next N matching calls')
    .option('--seed <n>', 'same seed, same outcomes')
    .action((flags: AddFlags) =>
      run(async () => {
        const rule = await api(flags).addFault(faultRule(flags))
        printItem(rule, { ...faultView, line: (r) => `added ${describe(r)}` }, flags)
      }),
    )

  withExamples(
    withOutput(withConnection(group.command('list'))),
    'cosell faults list',
    'cosell faults list --output json',
  )
    .description('list fault rules with how often each matched and fired, and the calls remaining')
    .action((flags: Flags) =>
      run(async () => {
        printList(await api(flags).faults(), faultView, flags)
      }),
    )

  withExamples(
    withConnection(group.command('clear [id]')),
    'cosell faults clear',
    'cosell faults clear "$FAULT_ID"',
  )
    .description('remove one fault rule, or all of them')
    .action((id: string | undefined, flags: Flags) =>
      run(async () => {
        if (id === undefined) return console.log(`removed ${await api(flags).clearFaults()} fault rules`)
        await api(flags).deleteFault(id)
        console.log(`removed ${id}`)
      }),
    )
}

const faultView: View<FaultRuleView> = {
  columns: [
    { header: 'id', value: (r) => r.id },
    { header: 'matches', value: matcher },
    { header: 'effect', value: effect },
    { header: 'when', value: when },
    { header: 'seed', value: (r) => r.seed },
    { header: 'matched', value: (r) => r.matched },
    { header: 'fired', value: (r) => r.fired },
    { header: 'remaining', value: remaining },
  ],
}

/** The body of the rule; numbers the server would refuse are sent as typed, so it names them. */
function faultRule(flags: AddFlags): FaultRuleInput {
  const rule: Record<string, unknown> = {
    route: flags.route,
    operation: flags.operation,
    tenant: flags.forTenant,
    status: number(flags.status),
    retryAfter: number(flags.retryAfter),
    latency: flags.latency === undefined ? undefined : latency(flags.latency),
    drop: flags.drop,
    probability: number(flags.probability),
    times: number(flags.times),
    seed: number(flags.seed),
  }
  return Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined))
}

function number(text: string | undefined): number | string | undefined {
  return text === undefined || text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text)
}

function latency(spec: string): unknown {
  const [shape, args = ''] = spec.split(':', 2)
  const [a, b] = args.split(/[-,]/).map(number)
  switch (shape) {
    case 'uniform':
      return { distribution: 'uniform', min: a, max: b }
    case 'normal':
    case 'lognormal':
      return { distribution: shape, mean: a, stddev: b }
    default:
      return number(spec)
  }
}

function matcher(r: FaultRuleView): string {
  const parts = [r.route, r.operation, r.tenant && `tenant ${r.tenant}`].filter(Boolean)
  return parts.length === 0 ? 'any call' : parts.join(', ')
}

function effect(r: FaultRuleView): string {
  const parts = [
    r.latency === undefined ? undefined : `wait ${delay(r.latency)}`,
    r.status === undefined
      ? undefined
      : `${r.status}${r.retryAfter === undefined ? '' : ` (Retry-After ${r.retryAfter})`}`,
    r.drop ? 'drop' : undefined,
  ]
  return parts.filter(Boolean).join(', then ')
}

function delay(latency: NonNullable<FaultRuleView['latency']>): string {
  if (typeof latency === 'number') return `${latency} ms`
  switch (latency.distribution) {
    case 'fixed':
      return `${latency.ms} ms`
    case 'uniform':
      return `${latency.min}-${latency.max} ms`
    default:
      return `${latency.distribution} ${latency.mean}±${latency.stddev} ms`
  }
}

function when(r: FaultRuleView): string {
  const parts = [
    r.probability === undefined ? undefined : `p=${r.probability}`,
    r.times === undefined ? undefined : `next ${r.times}`,
  ]
  return parts.filter(Boolean).join(' of ') || 'always'
}

function remaining(r: FaultRuleView): string {
  if (r.remaining === null) return '-'
  return r.spent ? '0 (spent)' : String(r.remaining)
}

function describe(r: FaultRuleView): string {
  return `${r.id}: ${matcher(r)} → ${effect(r)}, ${when(r)} (seed ${r.seed})`
}
