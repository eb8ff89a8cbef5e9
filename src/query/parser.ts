// Recursive-descent parser for OData v4 $filter, one function per rule of this grammar
// (keywords, function names and literals true/false/null are case-insensitive):
//
//   filter      = orExpr END
//   orExpr      = andExpr { "or" andExpr }
//   andExpr     = notExpr { "and" notExpr }
//   notExpr     = "not" notExpr | compareExpr
//   compareExpr = addExpr [ ("eq"|"ne"|"gt"|"ge"|"lt"|"le") addExpr | "in" list ]
//   addExpr     = mulExpr { ("add"|"sub") mulExpr }
//   mulExpr     = unaryExpr { ("mul"|"div"|"mod") unaryExpr }
//   unaryExpr   = "-" unaryExpr | primary
//   primary     = literal | "(" orExpr ")" | call | member
//   call        = FUNCTION "(" [ orExpr { "," orExpr } ] ")"
//   member      = IDENT { "/" IDENT } [ "/" ("any"|"all") "(" [ IDENT ":" orExpr ] ")" ]
//   list        = "(" listItem { "," listItem } ")"
//   listItem    = [ "-" ] literal
//   literal     = STRING | NUMBER | GUID | DATETIME | DATE | "true" | "false" | "null"
//
// `not` binds looser than comparisons (as in SQL), so `not status eq 'New'` means
// `not (status eq 'New')` rather than OData's type error `(not status) eq 'New'`.
import type { ArithmeticOp, CompareOp, Expr, FunctionName, Literal, PathNode } from './ast.js'
import { functionArity } from './function-arity.js'
import { tokenize, type Token } from './lexer.js'
import { defaultParseLimits, sizeProblems, type ParseLimits } from './parse-limits.js'
import { fail, ok, problem, quote, type QueryProblem, type Result } from './problem.js'

const compareOps = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])

class ParseError extends Error {
  readonly problems: readonly QueryProblem[]
  constructor(first: QueryProblem, ...more: QueryProblem[]) {
    super(first.message)
    this.problems = [first, ...more]
  }
}

type State = {
  readonly tokens: readonly Token[]
  readonly option: string
  readonly limits: ParseLimits
  position: number
  depth: number
  lambdaDepth: number
  /** Operators and function calls read so far. Loops read flat chains (`a or b or …`), so nesting
   *  limits cannot see them; these counts can. */
  terms: number
  functions: number
}

export function parseFilter(input: string, option = '$filter', limits = defaultParseLimits): Result<Expr> {
  const lexed = tokenize(input, option)
  if (!lexed.ok) return lexed
  return runParser(lexed.value, option, limits, (state) => {
    const expr = parseOr(state)
    expect(state, 'end', 'end of input')
    checkSize(state)
    return expr
  })
}

// Checked once the whole filter is read (parse-limits.ts); an oversized filter never reaches SQL.
function checkSize(state: State): void {
  const [first, ...more] = sizeProblems(state.option, state, state.limits)
  if (first !== undefined) throw new ParseError(first, ...more)
}

/** Runs one grammar rule over a token list; shared with the $orderby and $select parsers. */
export function runParser<T>(
  tokens: readonly Token[],
  option: string,
  limits: ParseLimits,
  rule: (state: State) => T,
): Result<T> {
  const state: State = {
    tokens,
    option,
    limits,
    position: 0,
    depth: 0,
    lambdaDepth: 0,
    terms: 0,
    functions: 0,
  }
  try {
    return ok(rule(state))
  } catch (error) {
    if (error instanceof ParseError) return fail(error.problems)
    throw error
  }
}

export type { State as ParserState }

function parseOr(state: State): Expr {
  let left = parseAnd(state)
  while (isKeyword(peek(state), 'or')) {
    const offset = operator(state).offset
    left = { kind: 'logical', op: 'or', left, right: parseAnd(state), offset }
  }
  return left
}

function parseAnd(state: State): Expr {
  let left = parseNot(state)
  while (isKeyword(peek(state), 'and')) {
    const offset = operator(state).offset
    left = { kind: 'logical', op: 'and', left, right: parseNot(state), offset }
  }
  return left
}

function parseNot(state: State): Expr {
  const token = peek(state)
  if (isKeyword(token, 'not') && peekAt(state, 1).kind !== 'slash') {
    operator(state)
    return nested(state, token, () => ({ kind: 'not', operand: parseNot(state), offset: token.offset }))
  }
  return parseCompare(state)
}

function parseCompare(state: State): Expr {
  const left = parseAdd(state)
  const token = peek(state)
  const word = token.kind === 'identifier' ? token.text.toLowerCase() : ''
  if (compareOps.has(word)) {
    operator(state)
    return { kind: 'compare', op: word as CompareOp, left, right: parseAdd(state), offset: token.offset }
  }
  if (word === 'in') {
    operator(state)
    return { kind: 'in', operand: left, items: parseList(state), offset: token.offset }
  }
  return left
}

function parseAdd(state: State): Expr {
  let left = parseMul(state)
  for (
    let op = arithmetic(peek(state), 'add', 'sub');
    op !== undefined;
    op = arithmetic(peek(state), 'add', 'sub')
  ) {
    const offset = operator(state).offset
    left = { kind: 'arithmetic', op, left, right: parseMul(state), offset }
  }
  return left
}

function parseMul(state: State): Expr {
  let left = parseUnary(state)
  for (
    let op = arithmetic(peek(state), 'mul', 'div', 'mod');
    op !== undefined;
    op = arithmetic(peek(state), 'mul', 'div', 'mod')
  ) {
    const offset = operator(state).offset
    left = { kind: 'arithmetic', op, left, right: parseUnary(state), offset }
  }
  return left
}

function parseUnary(state: State): Expr {
  const token = peek(state)
  if (token.kind !== 'minus') return parsePrimary(state)
  next(state)
  const operand = peek(state)
  if (operand.kind === 'number') {
    next(state)
    return { kind: 'literal', literal: 'number', value: -Number(operand.text), offset: token.offset }
  }
  state.terms += 1
  return nested(state, token, () => ({ kind: 'negate', operand: parseUnary(state), offset: token.offset }))
}

function parsePrimary(state: State): Expr {
  const token = peek(state)
  const literal = readLiteral(state)
  if (literal !== undefined) return literal
  if (token.kind === 'open') {
    next(state)
    const inner = nested(state, token, () => parseOr(state))
    expect(state, 'close', "')'")
    return inner
  }
  if (token.kind === 'identifier' && !isOperator(token)) {
    if (peekAt(state, 1).kind === 'open') return parseCall(state)
    return parseMember(state)
  }
  throw unexpected(state, "a property, literal, function or '('")
}

function parseCall(state: State): Expr {
  const token = next(state)
  const name = token.text.toLowerCase()
  const arity = Object.hasOwn(functionArity, name) ? functionArity[name as FunctionName] : undefined
  if (arity === undefined) {
    const known = Object.keys(functionArity).join(', ')
    throw new ParseError(
      problem(
        state.option,
        `unknown function ${quote(token.text)} at offset ${token.offset}, expected one of ${known}`,
        token.offset,
      ),
    )
  }
  next(state)
  state.functions += 1
  const args: Expr[] = []
  nested(state, token, () => {
    if (peek(state).kind !== 'close') {
      args.push(parseOr(state))
      while (peek(state).kind === 'comma') {
        next(state)
        args.push(parseOr(state))
      }
    }
  })
  const close = expect(state, 'close', args.length < arity[1] ? "',' or ')'" : "')'")
  if (args.length < arity[0] || args.length > arity[1]) {
    const wanted = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} or ${arity[1]}`
    const message = `${name}() at offset ${token.offset} takes ${wanted} argument${arity[1] === 1 ? '' : 's'}, found ${args.length}`
    throw new ParseError(problem(state.option, message, close.offset))
  }
  return { kind: 'call', name: name as FunctionName, args, offset: token.offset }
}

function parseMember(state: State): Expr {
  const first = next(state)
  const segments = [first.text]
  while (peek(state).kind === 'slash') {
    next(state)
    const segment = peek(state)
    if (segment.kind !== 'identifier' || isOperator(segment)) throw unexpected(state, 'a property name')
    const lambda = segment.text.toLowerCase()
    if ((lambda === 'any' || lambda === 'all') && peekAt(state, 1).kind === 'open') {
      const collection: PathNode = { kind: 'path', segments, offset: first.offset }
      return parseLambda(state, lambda, collection)
    }
    next(state)
    segments.push(segment.text)
  }
  return { kind: 'path', segments, offset: first.offset }
}

function parseLambda(state: State, op: 'any' | 'all', collection: PathNode): Expr {
  const token = operator(state)
  next(state)
  if (peek(state).kind === 'close') {
    next(state)
    return { kind: 'lambda', op, collection, offset: token.offset }
  }
  const variable = expect(state, 'identifier', 'a lambda variable name')
  expect(state, 'colon', "':'")
  if (state.lambdaDepth >= state.limits.maxLambdaDepth) {
    const message = `lambda at offset ${token.offset} nests deeper than ${state.limits.maxLambdaDepth} levels`
    throw new ParseError(problem(state.option, message, token.offset))
  }
  state.lambdaDepth += 1
  const predicate = nested(state, token, () => parseOr(state))
  state.lambdaDepth -= 1
  expect(state, 'close', "')'")
  return { kind: 'lambda', op, collection, variable: variable.text, predicate, offset: token.offset }
}

function parseList(state: State): Literal[] {
  expect(state, 'open', "'('")
  const items: Literal[] = []
  do {
    if (items.length > 0) next(state)
    const minus = peek(state).kind === 'minus' ? next(state) : undefined
    const literal = readLiteral(state)
    if (literal === undefined || (minus !== undefined && literal.literal !== 'number'))
      throw unexpected(state, 'a literal')
    items.push(
      minus === undefined || literal.literal !== 'number'
        ? literal
        : { ...literal, value: -literal.value, offset: minus.offset },
    )
  } while (peek(state).kind === 'comma')
  expect(state, 'close', "',' or ')'")
  return items
}

/** Consumes a literal token when there is one. */
export function readLiteral(state: State): Literal | undefined {
  const token = peek(state)
  const offset = token.offset
  switch (token.kind) {
    case 'string':
      next(state)
      return { kind: 'literal', literal: 'string', value: token.value ?? '', offset }
    case 'number':
      next(state)
      return { kind: 'literal', literal: 'number', value: Number(token.text), offset }
    case 'guid':
      next(state)
      return { kind: 'literal', literal: 'guid', value: token.value ?? token.text, offset }
    case 'datetime':
    case 'date':
      next(state)
      return { kind: 'literal', literal: token.kind, value: token.value ?? token.text, offset }
    case 'identifier': {
      if (peekAt(state, 1).kind === 'slash' || peekAt(state, 1).kind === 'open') return undefined
      const word = token.text.toLowerCase()
      if (word === 'true' || word === 'false') {
        next(state)
        return { kind: 'literal', literal: 'boolean', value: word === 'true', offset }
      }
      if (word !== 'null') return undefined
      next(state)
      return { kind: 'literal', literal: 'null', value: null, offset }
    }
    default:
      return undefined
  }
}

function arithmetic<Op extends ArithmeticOp>(token: Token, ...ops: Op[]): Op | undefined {
  if (token.kind !== 'identifier') return undefined
  const word = token.text.toLowerCase()
  return ops.find((op) => op === word)
}

/** Consumes an operator token and counts it. */
function operator(state: State): Token {
  state.terms += 1
  return next(state)
}

function nested<T>(state: State, token: Token, rule: () => T): T {
  if (state.depth >= state.limits.maxDepth) {
    const message = `expression at offset ${token.offset} nests deeper than ${state.limits.maxDepth} levels`
    throw new ParseError(problem(state.option, message, token.offset))
  }
  state.depth += 1
  const result = rule()
  state.depth -= 1
  return result
}

// Operator words never start a property path, so `status eq eq 'x'` fails where the mistake is.
const operators = new Set([
  'and',
  'or',
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'in',
  'add',
  'sub',
  'mul',
  'div',
  'mod',
])

function isOperator(token: Token): boolean {
  return token.kind === 'identifier' && operators.has(token.text.toLowerCase())
}

/** `item { "," item } END`: the shape of $orderby and $select. */
export function commaList<T>(state: State, item: (state: State) => T): T[] {
  const items = [item(state)]
  while (peek(state).kind === 'comma') {
    next(state)
    items.push(item(state))
  }
  expect(state, 'end', "',' or end of input")
  return items
}

export function isKeyword(token: Token, word: string): boolean {
  return token.kind === 'identifier' && token.text.toLowerCase() === word
}

export function peek(state: State): Token {
  return peekAt(state, 0)
}

function peekAt(state: State, ahead: number): Token {
  const tokens = state.tokens
  return tokens[Math.min(state.position + ahead, tokens.length - 1)] ?? { kind: 'end', text: '', offset: 0 }
}

export function next(state: State): Token {
  const token = peek(state)
  if (token.kind !== 'end') state.position += 1
  return token
}

export function expect(state: State, kind: Token['kind'], description: string): Token {
  if (peek(state).kind !== kind) throw unexpected(state, description)
  return next(state)
}

export function unexpected(state: State, expected: string): ParseError {
  const token = peek(state)
  const found =
    token.kind === 'end' ? quote(undefined) : token.kind === 'string' ? token.text : quote(token.text)
  return new ParseError(
    problem(state.option, `expected ${expected} at offset ${token.offset}, found ${found}`, token.offset),
  )
}
