// Reads the body of `POST /_cosell/faults` field by field, reporting every problem at once (each
// naming the field, the rule and the allowed values), then the rules between fields: an effect is
// required, status and drop exclude each other, and a 412 only on a PATCH or PUT.
import type { Problem } from '../errors.js'
import {
  faultLimits,
  faultStatuses,
  type FaultOperation,
  type FaultRule,
  type FaultStatus,
  type Latency,
} from './fault-rule.js'
import { parseRoutePattern } from './route-pattern.js'

const fields = [
  'route',
  'operation',
  'tenant',
  'status',
  'retryAfter',
  'latency',
  'drop',
  'probability',
  'times',
  'seed',
] as const

type Field = (typeof fields)[number]
type Body = Partial<Record<Field, unknown>>

export function readFaultRule(
  body: unknown,
  operations: readonly FaultOperation[],
): { rule?: FaultRule; problems: Problem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {
      problems: [problem('body', 'type', 'The body must be a JSON object describing one fault rule.')],
    }
  const problems: Problem[] = Object.keys(body)
    .filter((key) => !(fields as readonly string[]).includes(key))
    .map((key) =>
      problem(key, 'unknown', `'${key}' is not a fault rule field; use ${fields.join(', ')}.`, fields),
    )
  const b = body as Body
  const rule: FaultRule = {
    ...optional('route', readRoute(b.route, problems)),
    ...optional('operation', readOperation(b.operation, operations, problems)),
    ...optional('tenant', readTenant(b.tenant, problems)),
    ...optional('status', readStatus(b.status, problems)),
    ...optional(
      'retryAfter',
      number(
        'retryAfter',
        b.retryAfter,
        { min: 0, max: faultLimits.retryAfterSeconds, whole: true },
        problems,
      ),
    ),
    ...optional('latency', readLatency(b.latency, problems)),
    ...optional('drop', readDrop(b.drop, problems)),
    ...optional('probability', number('probability', b.probability, { min: 0, max: 1 }, problems)),
    ...optional('times', number('times', b.times, { min: 1, max: faultLimits.times, whole: true }, problems)),
    ...optional('seed', number('seed', b.seed, { min: 0, max: 4_294_967_295, whole: true }, problems)),
  }
  if (problems.length === 0) problems.push(...crossFieldProblems(rule, operations))
  return problems.length > 0 ? { problems } : { rule, problems }
}

function crossFieldProblems(rule: FaultRule, operations: readonly FaultOperation[]): Problem[] {
  const problems: Problem[] = []
  if (rule.status === undefined && rule.latency === undefined && rule.drop === undefined)
    problems.push(
      problem(
        'body',
        'effect',
        'A fault rule needs an effect: status, latency or drop (or latency with one of the others).',
      ),
    )
  if (rule.status !== undefined && rule.drop)
    problems.push(
      problem('drop', 'exclusive', 'A rule either answers a status or drops the connection, not both.'),
    )
  if (rule.retryAfter !== undefined && rule.status !== 429 && rule.status !== 503)
    problems.push(problem('retryAfter', 'status', 'retryAfter goes with status 429 or 503.', ['429', '503']))
  if (rule.status === 412) problems.push(...preconditionProblems(rule, operations))
  return problems
}

const writes = ['PATCH', 'PUT']

/** A 412 says the referral changed since the client read it: only a conditional write can get one. */
function preconditionProblems(rule: FaultRule, operations: readonly FaultOperation[]): Problem[] {
  const routeMethod = rule.route?.split(/\s+/)[0]?.toUpperCase()
  const operationMethod = operations.find((o) => o.name === rule.operation)?.method
  const methods = [routeMethod, operationMethod].filter((m) => m !== undefined)
  if (methods.length > 0 && methods.every((m) => writes.includes(m))) return []
  const writeOperations = operations.filter((o) => writes.includes(o.method)).map((o) => o.name)
  const target =
    operationMethod !== undefined && !writes.includes(operationMethod)
      ? 'operation'
      : routeMethod !== undefined && !writes.includes(routeMethod)
        ? 'route'
        : 'status'
  return [
    problem(
      target,
      'preconditionOnWrite',
      `A 412 fault means someone else edited the referral since it was read, which only a PATCH or PUT can meet (never a GET): name a PATCH or PUT route, or one of ${writeOperations.join(', ')}.`,
      writeOperations,
    ),
  ]
}

function readRoute(value: unknown, problems: Problem[]): string | undefined {
  const text = string('route', value, faultLimits.patternLength, problems)
  if (text === undefined) return undefined
  const pattern = parseRoutePattern(text)
  if ('target' in pattern) return void problems.push(pattern)
  return text.trim()
}

function readOperation(
  value: unknown,
  operations: readonly FaultOperation[],
  problems: Problem[],
): string | undefined {
  const names = operations.map((o) => o.name)
  const text = string('operation', value, 100, problems)
  if (text === undefined) return undefined
  const known = names.find((n) => n.toLowerCase() === text.toLowerCase())
  if (known) return known
  problems.push(
    problem(
      'operation',
      'enum',
      `operation '${text}' is not an operation of the public API; use one of ${names.join(', ')}.`,
      names,
    ),
  )
  return undefined
}

function readTenant(value: unknown, problems: Problem[]): string | undefined {
  return string('tenant', value, faultLimits.tenantLength, problems)?.toLowerCase()
}

function readStatus(value: unknown, problems: Problem[]): FaultStatus | undefined {
  if (value === undefined) return undefined
  const status = faultStatuses.find((s) => s === value)
  if (status === undefined)
    problems.push(
      problem(
        'status',
        'enum',
        `status must be one of ${faultStatuses.join(', ')}.`,
        faultStatuses.map(String),
      ),
    )
  return status
}

function readDrop(value: unknown, problems: Problem[]): true | undefined {
  if (value === undefined || value === false) return undefined
  if (value !== true) problems.push(problem('drop', 'type', 'drop must be true (or left out).'))
  return value === true ? true : undefined
}

const distributions = ['fixed', 'uniform', 'normal', 'lognormal'] as const
const latencyFields: Readonly<Record<(typeof distributions)[number], readonly string[]>> = {
  fixed: ['ms'],
  uniform: ['min', 'max'],
  normal: ['mean', 'stddev'],
  lognormal: ['mean', 'stddev'],
}

function readLatency(value: unknown, problems: Problem[]): Latency | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number') {
    const ms = number('latency', value, latencyRange, problems)
    return ms === undefined ? undefined : { distribution: 'fixed', ms }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return void problems.push(
      problem(
        'latency',
        'type',
        'latency must be milliseconds, or an object with a distribution (fixed, uniform, normal, lognormal).',
      ),
    )
  const given = value as Record<string, unknown>
  const distribution = distributions.find((d) => d === given.distribution)
  if (!distribution)
    return void problems.push(
      problem(
        'latency.distribution',
        'enum',
        `latency.distribution must be one of ${distributions.join(', ')}.`,
        distributions,
      ),
    )
  const wanted = latencyFields[distribution]
  const before = problems.length
  for (const key of Object.keys(given).filter((k) => k !== 'distribution' && !wanted.includes(k)))
    problems.push(
      problem(
        `latency.${key}`,
        'unknown',
        `A ${distribution} latency takes ${wanted.join(' and ')}.`,
        wanted,
      ),
    )
  const values = wanted.map((key) => number(`latency.${key}`, given[key] ?? missing, latencyRange, problems))
  if (problems.length > before) return undefined
  const [a, b] = values as [number, number]
  if (distribution === 'fixed') return { distribution, ms: a }
  if (distribution === 'uniform') {
    if (a > b)
      return void problems.push(problem('latency.min', 'range', 'latency.min must not exceed latency.max.'))
    return { distribution, min: a, max: b }
  }
  return { distribution, mean: a, stddev: b }
}

const missing = Symbol('missing')
const latencyRange: Range = { min: 0, max: faultLimits.latencyMs }

interface Range {
  readonly min: number
  readonly max: number
  readonly whole?: boolean
}

function number(target: string, value: unknown, range: Range, problems: Problem[]): number | undefined {
  if (value === undefined) return undefined
  if (value === missing) return void problems.push(problem(target, 'required', `${target} is required.`))
  const { min, max, whole = false } = range
  const fits = typeof value === 'number' && (whole ? Number.isInteger(value) : Number.isFinite(value))
  if (!fits || value < min || value > max)
    return void problems.push(
      problem(target, 'range', `${target} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}.`),
    )
  return value
}

function string(target: string, value: unknown, maxLength: number, problems: Problem[]): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength)
    return void problems.push(
      problem(target, 'type', `${target} must be a non-empty string of at most ${maxLength} characters.`),
    )
  return value.trim()
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}

function problem(target: string, rule: string, message: string, allowed?: readonly string[]): Problem {
  return { target, rule, message, ...(allowed ? { allowedValues: allowed } : {}) }
}
