// Splits an OData expression ($filter, $orderby, $select) into tokens that keep their offset and
// length, so every message can point at the exact place. Keywords stay identifiers: the parser
// decides, case-insensitively, whether `and` is an operator or a property.
import { problem, quote, fail, ok, type Result } from './problem.js'

export type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'guid'
  | 'datetime'
  | 'date'
  | 'open'
  | 'close'
  | 'comma'
  | 'slash'
  | 'colon'
  | 'minus'
  | 'star'
  | 'end'

/** `value` holds a string literal without quotes, or a typed literal's text (`guid'…'` → `…`). */
export type Token = {
  readonly kind: TokenKind
  readonly text: string
  readonly offset: number
  readonly value?: string
}

const patterns: readonly (readonly [TokenKind, RegExp])[] = [
  ['datetime', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.-])/iy],
  ['date', /\d{4}-\d{2}-\d{2}(?![\w:.-])/y],
  // Real `links.relatedReferrals` put the engagement GUID unquoted (the documented links, decision
  // 10).
  ['guid', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/iy],
  ['number', /\d+(?:\.\d+)?(?:e[+-]?\d+)?/iy],
  ['identifier', /[A-Za-z_][A-Za-z0-9_]*/y],
]

// Maps, so that a word from the request (`constructor'x'`) never finds an Object.prototype member.
const punctuation: ReadonlyMap<string, TokenKind> = new Map([
  ['(', 'open'],
  [')', 'close'],
  [',', 'comma'],
  ['/', 'slash'],
  [':', 'colon'],
  ['-', 'minus'],
  ['*', 'star'],
])

// OData v2/v3 clients still send typed literals such as guid'…' and datetime'…'.
const typedPrefixes: ReadonlyMap<string, TokenKind> = new Map([
  ['guid', 'guid'],
  ['datetime', 'datetime'],
  ['datetimeoffset', 'datetime'],
  ['date', 'date'],
])

export function tokenize(input: string, option = '$filter'): Result<Token[]> {
  const tokens: Token[] = []
  let at = 0
  while (at < input.length) {
    const char = input[at] ?? ''
    if (/\s/.test(char)) {
      at += 1
      continue
    }
    if (char === "'") {
      const read = readString(input, at)
      if (read === undefined)
        return fail([problem(option, `unterminated string starting at offset ${at}`, at)])
      tokens.push({ kind: 'string', text: input.slice(at, read.end), offset: at, value: read.value })
      at = read.end
      continue
    }
    const single = punctuation.get(char)
    if (single !== undefined) {
      tokens.push({ kind: single, text: char, offset: at })
      at += 1
      continue
    }
    const token = matchPattern(input, at)
    if (token === undefined) {
      return fail([problem(option, `unexpected character ${quote(char)} at offset ${at}`, at)])
    }
    const typed = token.kind === 'identifier' ? typedPrefixes.get(token.text.toLowerCase()) : undefined
    const next = at + token.text.length
    if (typed !== undefined && input[next] === "'") {
      const read = readString(input, next)
      if (read === undefined)
        return fail([problem(option, `unterminated string starting at offset ${next}`, next)])
      tokens.push({ kind: typed, text: input.slice(at, read.end), offset: at, value: read.value })
      at = read.end
      continue
    }
    tokens.push(token)
    at = next
  }
  tokens.push({ kind: 'end', text: '', offset: input.length })
  return ok(tokens)
}

function matchPattern(input: string, at: number): Token | undefined {
  for (const [kind, pattern] of patterns) {
    pattern.lastIndex = at
    const match = pattern.exec(input)
    if (match !== null) return { kind, text: match[0], offset: at }
  }
  return undefined
}

/** Reads a quoted string whose quotes are doubled inside (`'O''Neil'`). */
function readString(input: string, start: number): { value: string; end: number } | undefined {
  let value = ''
  let at = start + 1
  while (at < input.length) {
    const char = input[at]
    if (char === "'") {
      if (input[at + 1] !== "'") return { value, end: at + 1 }
      value += "'"
      at += 2
      continue
    }
    value += char
    at += 1
  }
  return undefined
}
