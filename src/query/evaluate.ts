// The oracle: evaluates a checked $filter over a referral document in memory, with exactly the
// semantics the SQL compiler produces (two-valued logic: `eq`/`ne` treat null as a value, ordering
// comparisons and text functions are false on null), and sorts the way ORDER BY does.
import { unreachable, type CallNode, type CompareOp, type Expr, type PathNode } from './ast.js'
import { datePart, storedDateTimeText } from './datetime.js'
import type { CursorValue, OrderKey } from './plan.js'
import {
  codePoints,
  compareText,
  foldCase,
  indexOfText,
  substringText,
  trimSpaces,
  upperCase,
} from './text.js'

type Scalar = string | number | boolean | null
type Env = { readonly root: unknown; readonly vars: ReadonlyMap<string, unknown> }

export function evaluateFilter(filter: Expr | undefined, doc: unknown): boolean {
  return filter === undefined || truth(filter, { root: doc, vars: new Map() })
}

function truth(node: Expr, env: Env): boolean {
  switch (node.kind) {
    case 'literal':
    case 'path':
      return scalar(node, env) === true
    case 'logical':
      return node.op === 'and'
        ? truth(node.left, env) && truth(node.right, env)
        : truth(node.left, env) || truth(node.right, env)
    case 'not':
      return !truth(node.operand, env)
    case 'compare': {
      const text = folds(node.left) || folds(node.right)
      return compareValues(node.op, fold(scalar(node.left, env), text), fold(scalar(node.right, env), text))
    }
    case 'in': {
      const text = folds(node.operand)
      const operand = fold(scalar(node.operand, env), text)
      return node.items.some((item) => compareValues('eq', operand, fold(scalar(item, env), text)))
    }
    case 'lambda': {
      const found = read(node.collection, env)
      const elements = Array.isArray(found) ? (found as unknown[]) : []
      const { predicate, variable } = node
      if (predicate === undefined || variable === undefined) return elements.length > 0
      const test = (element: unknown): boolean =>
        truth(predicate, { ...env, vars: new Map(env.vars).set(variable, element) })
      return node.op === 'any' ? elements.some(test) : elements.every(test)
    }
    case 'call':
      return textPredicate(node, env)
    case 'negate':
    case 'arithmetic':
      return false
    default:
      return unreachable(node)
  }
}

function textPredicate(node: CallNode, env: Env): boolean {
  const [text, part] = node.args.map((arg) => scalar(arg, env))
  if (typeof text !== 'string' || typeof part !== 'string') return false
  const [haystack, needle] = [foldCase(text), foldCase(part)]
  if (node.name === 'contains') return haystack.includes(needle)
  if (node.name === 'startswith') return haystack.startsWith(needle)
  return haystack.endsWith(needle)
}

function scalar(node: Expr, env: Env): Scalar {
  switch (node.kind) {
    case 'literal':
      return node.value
    case 'path': {
      const found = read(node, env)
      if (typeof found === 'string') return node.type === 'datetime' ? storedDateTimeText(found) : found
      return typeof found === 'number' || typeof found === 'boolean' ? found : null
    }
    case 'negate': {
      const operand = scalar(node.operand, env)
      return typeof operand === 'number' ? -operand : null
    }
    case 'arithmetic': {
      const [a, b] = [scalar(node.left, env), scalar(node.right, env)]
      if (typeof a !== 'number' || typeof b !== 'number') return null
      if (node.op === 'add') return a + b
      if (node.op === 'sub') return a - b
      if (node.op === 'mul') return a * b
      if (b === 0) return null // SQL divides by NULLIF(b, 0)
      return node.op === 'div' ? a / b : a - b * Math.trunc(a / b)
    }
    case 'call':
      return call(node, env)
    case 'compare':
    case 'logical':
    case 'not':
    case 'in':
    case 'lambda':
      return truth(node, env)
    default:
      return unreachable(node)
  }
}

function call(node: CallNode, env: Env): Scalar {
  const args = node.args.map((arg) => scalar(arg, env))
  const [first, second, third] = args
  if (args.some((arg) => arg === null)) return null
  const text = String(first)
  switch (node.name) {
    case 'tolower':
      return foldCase(text)
    case 'toupper':
      return upperCase(text)
    case 'trim':
      return trimSpaces(text)
    case 'length':
      return codePoints(text).length
    case 'indexof':
      return indexOfText(text, String(second))
    case 'concat':
      return text + String(second)
    case 'substring': {
      const start = Math.max(0, Number(second)) + 1
      return substringText(text, start, third === undefined ? undefined : Math.max(0, Number(third)))
    }
    case 'contains':
    case 'startswith':
    case 'endswith':
      return textPredicate(node, env)
    default: {
      const [from, length] = datePart[node.name] ?? [1, 0]
      const part = substringText(text, from, length)
      return node.name === 'date' ? part : Number(part)
    }
  }
}

function read(node: PathNode, env: Env): unknown {
  let current = node.variable === undefined ? env.root : env.vars.get(node.variable)
  for (const segment of node.segments) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return null
    current = Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : null
  }
  return current ?? null
}

/** String and GUID comparisons ignore (ASCII) case; the SQL compiler folds the same operands. */
export function folds(node: Expr): boolean {
  return node.type === 'string' || node.type === 'guid'
}

function fold(value: Scalar, text: boolean): Scalar {
  return text && typeof value === 'string' ? foldCase(value) : value
}

function compareValues(op: CompareOp, a: Scalar, b: Scalar): boolean {
  if (op === 'eq' || op === 'ne') {
    const equal = a === null || b === null ? a === b : order(a, b) === 0
    return op === 'eq' ? equal : !equal
  }
  if (a === null || b === null) return false
  const sign = order(a, b)
  return op === 'gt' ? sign > 0 : op === 'ge' ? sign >= 0 : op === 'lt' ? sign < 0 : sign <= 0
}

function order(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b)
  return Math.sign(Number(a) - Number(b))
}

/** The value ORDER BY sorts on for one key: folded text for strings, padded date-times. */
export function sortKey(doc: unknown, key: OrderKey): CursorValue {
  const node: PathNode = { kind: 'path', segments: key.path, offset: 0, type: key.type }
  const value = scalar(node, { root: doc, vars: new Map() })
  return key.type === 'string' || key.type === 'guid' ? fold(value, true) : value
}

/** Sorts like the compiled ORDER BY: nulls first ascending and last descending. */
export function compareByOrder(orderBy: readonly OrderKey[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const key of orderBy) {
      const [x, y] = [sortKey(a, key), sortKey(b, key)]
      const sign = x === null || y === null ? (x === y ? 0 : x === null ? -1 : 1) : order(x, y)
      if (sign !== 0) return key.direction === 'asc' ? sign : -sign
    }
    return 0
  }
}
