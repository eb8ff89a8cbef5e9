// The fault rules a developer set (issue 10 item 5), kept in this server process's memory: they
// are consulted on every call of the public API, which must not wait for a query, and a restart
// clearing them means a forgotten 503 does not outlive the session that wanted it. Each rule draws
// from its own generator seeded by its seed, so the same seed and the same matching calls give the
// same outcomes, whatever other rules do.
import { invalidRequest, notFound } from '../domain/errors.js'
import {
  faultLimits,
  type FaultOperation,
  type FaultRule,
  type FaultRuleView,
  type FaultStatus,
} from '../domain/fault/fault-rule.js'
import { drawLatency } from '../domain/fault/latency.js'
import { readFaultRule } from '../domain/fault/read-fault-rule.js'
import { parseRoutePattern, routeMatches, type RoutePattern } from '../domain/fault/route-pattern.js'
import { seededRandom, type Random } from '../domain/sandbox/random.js'
import type { Ids } from './ports.js'

/** One call of the public API, as far as a rule can tell. */
export interface FaultCall {
  readonly method: string
  readonly path: string
  readonly operation: string | undefined
  readonly tenant: string | undefined
}

/** What one rule does to a call: wait, then answer a status or drop the connection (or go on). */
export interface FaultAction {
  readonly rule: string
  readonly delayMs: number
  readonly status?: FaultStatus
  readonly retryAfter: number
  readonly drop: boolean
  /** For the request journal: "f3: 503 (Retry-After 5), call 2 of 3". */
  readonly detail: string
}

interface Entry {
  readonly id: string
  readonly rule: FaultRule
  readonly seed: number
  readonly pattern: RoutePattern | undefined
  readonly random: Random
  matched: number
  fired: number
}

export class FaultRules {
  private entries: Entry[] = []
  private counter = 0

  constructor(
    /** The public API's operations a rule may name. */
    readonly operations: readonly FaultOperation[],
    /** Where a seed comes from when a rule names none. */
    private readonly ids: Pick<Ids, 'hex8'>,
  ) {}

  /** False while no rule is set: the hook then costs a call nothing more. */
  get active(): boolean {
    return this.entries.length > 0
  }

  add(body: unknown): FaultRuleView {
    const { rule, problems } = readFaultRule(body, this.operations)
    if (!rule) throw invalidRequest(problems)
    if (this.entries.length >= faultLimits.rules)
      throw invalidRequest([
        {
          target: 'faults',
          rule: 'limit',
          message: `At most ${faultLimits.rules} fault rules, spent ones included; delete some first (DELETE /_cosell/faults clears them all).`,
        },
      ])
    const seed = rule.seed ?? Number.parseInt(this.ids.hex8(), 16)
    const pattern = rule.route === undefined ? undefined : (parseRoutePattern(rule.route) as RoutePattern)
    const entry: Entry = {
      id: `f${++this.counter}`,
      rule,
      seed,
      pattern,
      random: seededRandom(seed),
      matched: 0,
      fired: 0,
    }
    this.entries.push(entry)
    return view(entry)
  }

  list(): FaultRuleView[] {
    return this.entries.map(view)
  }

  get(id: string): FaultRuleView {
    return view(this.find(id))
  }

  remove(id: string): void {
    const entry = this.find(id)
    this.entries = this.entries.filter((e) => e !== entry)
  }

  /** Removes every rule; answers how many there were. Ids keep counting, so an old id never names a new rule. */
  clear(): number {
    const removed = this.entries.length
    this.entries = []
    return removed
  }

  /**
   * What the rules do to one call, tried in the order they were added: every latency that fires
   * is kept, and the first rule that answers or drops ends the search (rules after it do not see
   * the call, so their counts and draws stay as they were).
   */
  decide(call: FaultCall): FaultAction[] {
    const actions: FaultAction[] = []
    for (const entry of this.entries) {
      const action = this.tryRule(entry, call)
      if (!action) continue
      actions.push(action)
      if (action.status !== undefined || action.drop) break
    }
    return actions
  }

  private tryRule(entry: Entry, call: FaultCall): FaultAction | undefined {
    if (spent(entry) || !matches(entry, call)) return undefined
    entry.matched++
    const { rule, random } = entry
    if (rule.probability !== undefined && !random.chance(rule.probability)) return undefined
    entry.fired++
    const delayMs = rule.latency ? drawLatency(rule.latency, random) : 0
    const retryAfter = rule.retryAfter ?? 1
    return {
      rule: entry.id,
      delayMs,
      ...(rule.status === undefined ? {} : { status: rule.status }),
      retryAfter,
      drop: rule.drop === true,
      detail: describe(entry, delayMs, retryAfter),
    }
  }

  private find(id: string): Entry {
    const entry = this.entries.find((e) => e.id === id.toLowerCase())
    if (!entry) throw notFound('Fault', id)
    return entry
  }
}

function matches({ rule, pattern }: Entry, call: FaultCall): boolean {
  return (
    (rule.operation === undefined || rule.operation === call.operation) &&
    (rule.tenant === undefined || rule.tenant === call.tenant) &&
    (pattern === undefined || routeMatches(pattern, call.method, call.path))
  )
}

function spent(entry: Entry): boolean {
  return entry.rule.times !== undefined && entry.matched >= entry.rule.times
}

function view(entry: Entry): FaultRuleView {
  const { seed: _seed, ...rule } = entry.rule
  return {
    id: entry.id,
    ...rule,
    seed: entry.seed,
    matched: entry.matched,
    fired: entry.fired,
    remaining: entry.rule.times === undefined ? null : entry.rule.times - entry.matched,
    spent: spent(entry),
  }
}

function describe(entry: Entry, delayMs: number, retryAfter: number): string {
  const { status, drop, times } = entry.rule
  const effects = [
    ...(entry.rule.latency ? [`${delayMs} ms latency`] : []),
    ...(status === 429 || status === 503 ? [`${status} (Retry-After ${retryAfter})`] : []),
    ...(status === 500 || status === 412 ? [String(status)] : []),
    ...(drop ? ['connection dropped'] : []),
  ]
  const count = times === undefined ? '' : `, call ${entry.matched} of ${times}`
  return `${entry.id}: ${effects.join(', then ')}${count}`
}
