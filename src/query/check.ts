// Binds a parsed $filter to a field catalogue. It rejects unknown properties, type mismatches,
// collections used without a lambda, lambda variables out of scope and invalid enum values, and
// returns a copy where paths use the catalogue's spelling, literals are canonical (enum spelling,
// lower-case GUIDs, UTC date-times with 7 fractional digits) and value nodes carry their `type`.
// Canonical literals let an indexed column compare exactly while equality stays case-insensitive.
import {
  isPredicate,
  type CallNode,
  type CompareNode,
  type Expr,
  type Literal,
  type ValueType,
} from './ast.js'
import type { Catalogue } from './catalogue.js'
import { canonicalDate, canonicalDateTime } from './datetime.js'
import { coerceLiteral, literalType, textual, typeName } from './coerce.js'
import { fail, ok, problem, quote, type QueryProblem, type Result } from './problem.js'
import { resolvePath, type PathStart } from './resolve-path.js'

export type CheckContext = {
  readonly catalogue: Catalogue
  /** The instant now() stands for, from the caller's clock. */
  readonly now?: string
  readonly option?: string
}

type Scope = ReadonlyMap<string, PathStart>
type Typed = { readonly node: Expr; readonly type: ValueType; readonly enumValues?: readonly string[] }

type State = { readonly context: CheckContext; readonly option: string; readonly problems: QueryProblem[] }

export function checkFilter(node: Expr, context: CheckContext): Result<Expr> {
  const state: State = { context, option: context.option ?? '$filter', problems: [] }
  const checked = condition(state, node, new Map())
  if (state.problems.length > 0 || checked === undefined) return fail(state.problems)
  return ok(checked)
}

function report(state: State, message: string, offset: number): undefined {
  state.problems.push(problem(state.option, message, offset))
  return undefined
}

function condition(state: State, node: Expr, scope: Scope): Expr | undefined {
  const typed = value(state, node, scope)
  if (typed === undefined) return undefined
  if (typed.type === 'boolean') return typed.node
  return report(state, `expected a condition at offset ${node.offset}, found ${describe(typed)}`, node.offset)
}

function value(state: State, node: Expr, scope: Scope): Typed | undefined {
  switch (node.kind) {
    case 'literal':
      return literal(state, node)
    case 'path': {
      const variable = node.segments[0] === undefined ? undefined : findVariable(scope, node.segments[0])
      const segments = variable === undefined ? node.segments : node.segments.slice(1)
      const offset = variable === undefined ? node.offset : node.offset + variable.length + 1
      const start = variable === undefined ? undefined : scope.get(variable)
      const resolved = resolvePath(state.context.catalogue, segments, offset, start)
      if (!resolved.ok) return report(state, resolved.message, resolved.offset)
      const field = resolved.path.field
      const label = [...(variable === undefined ? [] : [variable]), ...resolved.path.segments].join('/')
      if (field.kind === 'array') {
        const hint = `use ${label}/any(x: …) or ${label}/all(x: …)`
        return report(state, `${quote(label)} at offset ${node.offset} is a collection; ${hint}`, node.offset)
      }
      if (field.kind === 'object') {
        const members = Object.keys(field.fields).slice(0, 6).join(', ')
        return report(
          state,
          `${quote(label)} at offset ${node.offset} is an object; compare one of its properties (${members}…)`,
          node.offset,
        )
      }
      const type = field.type
      const bound = {
        ...node,
        segments: resolved.path.segments,
        type,
        ...(variable === undefined ? {} : { variable }),
      }
      return {
        node: bound,
        type,
        ...(field.enumValues === undefined ? {} : { enumValues: field.enumValues }),
      }
    }
    case 'lambda':
      return lambda(state, node, scope)
    case 'compare':
      return compare(state, node, scope)
    case 'logical': {
      const left = condition(state, node.left, scope)
      const right = condition(state, node.right, scope)
      return left === undefined || right === undefined ? undefined : bool({ ...node, left, right })
    }
    case 'not': {
      const operand = condition(state, node.operand, scope)
      return operand === undefined ? undefined : bool({ ...node, operand })
    }
    case 'negate': {
      const operand = number(state, node.operand, scope)
      return operand === undefined
        ? undefined
        : { node: { ...node, operand, type: 'number' }, type: 'number' }
    }
    case 'arithmetic': {
      const left = number(state, node.left, scope)
      const right = number(state, node.right, scope)
      if (left === undefined || right === undefined) return undefined
      return { node: { ...node, left, right, type: 'number' }, type: 'number' }
    }
    case 'in': {
      const operand = value(state, node.operand, scope)
      if (operand === undefined) return undefined
      if (isPredicate(operand.node))
        return report(
          state,
          `expected a value before 'in' at offset ${node.offset}, found a condition`,
          node.offset,
        )
      const items = node.items.map((item) => coerce(state, item, operand))
      if (items.some((item) => item === undefined)) return undefined
      return bool({ ...node, operand: operand.node, items: items as Literal[] })
    }
    case 'call':
      return call(state, node, scope)
    default:
      return unhandled(node)
  }
}

function unhandled(node: never): never {
  throw new Error(`unhandled node ${JSON.stringify(node)}`)
}

function bool(node: Expr): Typed {
  return { node: { ...node, type: 'boolean' }, type: 'boolean' }
}

function literal(state: State, node: Literal): Typed | undefined {
  if (node.literal === 'datetime') {
    const canonical = canonicalDateTime(node.value)
    if (canonical === undefined)
      return report(state, `invalid date-time ${quote(node.value)} at offset ${node.offset}`, node.offset)
    return { node: { ...node, value: canonical, type: 'datetime' }, type: 'datetime' }
  }
  if (node.literal === 'date' && canonicalDate(node.value) === undefined) {
    return report(state, `invalid date ${quote(node.value)} at offset ${node.offset}`, node.offset)
  }
  if (node.literal === 'guid')
    return { node: { ...node, value: node.value.toLowerCase(), type: 'guid' }, type: 'guid' }
  const type = literalType(node)
  return { node: { ...node, type }, type }
}

function findVariable(scope: Scope, name: string): string | undefined {
  if (scope.has(name)) return name
  return [...scope.keys()].find((key) => key.toLowerCase() === name.toLowerCase())
}

function lambda(state: State, node: Extract<Expr, { kind: 'lambda' }>, scope: Scope): Typed | undefined {
  const head = node.collection.segments[0]
  const variable = head === undefined ? undefined : findVariable(scope, head)
  const segments = variable === undefined ? node.collection.segments : node.collection.segments.slice(1)
  const start = variable === undefined ? undefined : scope.get(variable)
  const resolved = resolvePath(state.context.catalogue, segments, node.collection.offset, start)
  if (!resolved.ok) return report(state, resolved.message, resolved.offset)
  const label = [...(variable === undefined ? [] : [variable]), ...resolved.path.segments].join('/')
  const field = resolved.path.field
  if (field.kind !== 'array') {
    return report(
      state,
      `${quote(label)} at offset ${node.collection.offset} is not a collection; ${node.op}() needs one`,
      node.offset,
    )
  }
  const collection = {
    ...node.collection,
    segments: resolved.path.segments,
    ...(variable === undefined ? {} : { variable }),
  }
  if (node.predicate === undefined || node.variable === undefined) {
    if (node.op === 'all')
      return report(
        state,
        `all() at offset ${node.offset} needs a condition such as all(x: x/… eq …)`,
        node.offset,
      )
    return bool({ ...node, collection })
  }
  if (findVariable(scope, node.variable) !== undefined) {
    return report(
      state,
      `lambda variable ${quote(node.variable)} at offset ${node.offset} is already in scope`,
      node.offset,
    )
  }
  const inner = new Map(scope).set(node.variable, { field: field.element, label: node.variable })
  const predicate = condition(state, node.predicate, inner)
  return predicate === undefined ? undefined : bool({ ...node, collection, predicate })
}

function number(state: State, node: Expr, scope: Scope): Expr | undefined {
  const typed = value(state, node, scope)
  if (typed === undefined) return undefined
  if (typed.type === 'number' || typed.type === 'null') return typed.node
  return report(state, `expected a number at offset ${node.offset}, found ${describe(typed)}`, node.offset)
}

function compare(state: State, node: CompareNode, scope: Scope): Typed | undefined {
  const left = value(state, node.left, scope)
  const right = value(state, node.right, scope)
  if (left === undefined || right === undefined) return undefined
  const leftCondition = isPredicate(left.node)
  if (leftCondition || isPredicate(right.node))
    return comparePredicate(state, node, leftCondition ? left : right, leftCondition ? right : left)
  if (node.right.kind === 'literal' && node.left.kind !== 'literal') {
    const literal = coerce(state, node.right, left)
    return literal === undefined ? undefined : bool({ ...node, left: left.node, right: literal })
  }
  if (node.left.kind === 'literal' && node.right.kind !== 'literal') {
    const literal = coerce(state, node.left, right)
    return literal === undefined ? undefined : bool({ ...node, left: literal, right: right.node })
  }
  const comparable =
    left.type === right.type ||
    left.type === 'null' ||
    right.type === 'null' ||
    (textual(left.type) && textual(right.type))
  if (!comparable) {
    return report(
      state,
      `cannot compare ${describe(left)} with ${describe(right)} at offset ${node.offset}`,
      node.offset,
    )
  }
  return bool({ ...node, left: left.node, right: right.node })
}

/** `contains(name,'x') eq true` and friends: rewritten so that conditions are never values. */
function comparePredicate(
  state: State,
  node: CompareNode,
  condition: Typed,
  other: Typed,
): Typed | undefined {
  const operand = other.node
  if (
    operand.kind !== 'literal' ||
    (operand.literal !== 'boolean' && operand.literal !== 'null') ||
    (node.op !== 'eq' && node.op !== 'ne')
  ) {
    return report(
      state,
      `a condition can only be compared with true, false or null using eq or ne (offset ${node.offset})`,
      node.offset,
    )
  }
  if (operand.literal === 'null')
    return bool({ kind: 'literal', literal: 'boolean', value: node.op === 'ne', offset: node.offset })
  const keep = (node.op === 'eq') === operand.value
  return bool(keep ? condition.node : { kind: 'not', operand: condition.node, offset: node.offset })
}

/** Makes a literal the type of the value it is compared with, or reports why it cannot be. */
function coerce(state: State, literal: Literal, target: Typed): Literal | undefined {
  const coerced = coerceLiteral(literal, target.type, target.enumValues)
  if (coerced.ok) return coerced.literal
  const subject = target.node.kind === 'path' ? ` to compare with ${quote(pathLabel(target.node))}` : ''
  return report(
    state,
    `expected ${coerced.expected}${subject} at offset ${literal.offset}, found ${describe({ node: literal, type: literalType(literal) })}`,
    literal.offset,
  )
}

function call(state: State, node: CallNode, scope: Scope): Typed | undefined {
  if (node.name === 'now') {
    const now = state.context.now === undefined ? undefined : canonicalDateTime(state.context.now)
    if (now === undefined)
      return report(state, `now() at offset ${node.offset} is not available here`, node.offset)
    return {
      node: { kind: 'literal', literal: 'datetime', value: now, offset: node.offset, type: 'datetime' },
      type: 'datetime',
    }
  }
  const args = node.args.map((arg, index) => argument(state, node, index, arg, scope))
  if (args.some((arg) => arg === undefined)) return undefined
  const type = resultType[node.name]
  return { node: { ...node, args: args as Expr[], type }, type }
}

const resultType: Readonly<Record<CallNode['name'], ValueType>> = {
  contains: 'boolean',
  startswith: 'boolean',
  endswith: 'boolean',
  tolower: 'string',
  toupper: 'string',
  trim: 'string',
  length: 'number',
  indexof: 'number',
  substring: 'string',
  concat: 'string',
  year: 'number',
  month: 'number',
  day: 'number',
  hour: 'number',
  minute: 'number',
  second: 'number',
  date: 'date',
  now: 'datetime',
}

function argument(state: State, node: CallNode, index: number, arg: Expr, scope: Scope): Expr | undefined {
  if (node.name === 'substring' && index > 0) {
    if (arg.kind === 'literal' && arg.literal === 'number' && Number.isInteger(arg.value))
      return { ...arg, type: 'number' }
    return report(
      state,
      `expected a whole-number literal as argument ${index + 1} of substring() at offset ${arg.offset}`,
      arg.offset,
    )
  }
  const typed = value(state, arg, scope)
  if (typed === undefined) return undefined
  const wanted: ValueType = ['year', 'month', 'day', 'hour', 'minute', 'second', 'date'].includes(node.name)
    ? 'datetime'
    : 'string'
  if (arg.kind === 'literal') {
    const coerced = coerceLiteral(arg, wanted, undefined)
    if (coerced.ok) return coerced.literal
  } else if (
    wanted === 'string'
      ? textual(typed.type)
      : typed.type === 'datetime' ||
        (typed.type === 'date' && !['hour', 'minute', 'second', 'date'].includes(node.name))
  ) {
    return typed.node
  }
  const article = wanted === 'string' ? 'text' : 'a date-time'
  return report(
    state,
    `expected ${article} as argument ${index + 1} of ${node.name}() at offset ${arg.offset}, found ${describe(typed)}`,
    arg.offset,
  )
}

function pathLabel(node: Extract<Expr, { kind: 'path' }>): string {
  return [...(node.variable === undefined ? [] : [node.variable]), ...node.segments].join('/')
}

function describe(typed: Typed): string {
  const node = typed.node
  if (node.kind === 'literal')
    return node.literal === 'null' ? 'null' : `${typeName(typed.type)} ${quote(String(node.value))}`
  if (node.kind === 'path') return `${typeName(typed.type)} ${quote(pathLabel(node))}`
  return `a ${typeName(typed.type)} expression`
}
