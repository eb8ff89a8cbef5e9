// One pass over a JSON text before it is parsed, so a body shaped to be costly is refused for the
// price of reading it: JSON.parse spends far more on a million values, or on objects with
// thousands of distinct keys, than on the same megabyte in one string. The scan stops at the
// first limit crossed. It also finds trailing commas (json-body.ts accepts them), which spares a
// second parse. It does not check the syntax: JSON.parse does that afterwards.
import type { Problem } from '../domain/errors.js'

export interface JsonLimits {
  /** Containers nested in containers. */
  readonly maxDepth: number
  /** Values of every kind in the text: objects, arrays, strings, numbers, literals (keys excluded). */
  readonly maxValues: number
  /** Members of one object. */
  readonly maxMembers: number
}

export type JsonScan =
  | { readonly problem: Problem }
  | {
      readonly problem?: undefined
      /** Offsets of commas right before a `]` or `}`. */ readonly trailingCommas: number[]
    }

const [tab, lf, cr, space] = [9, 10, 13, 32]
const [quote, comma, colon, backslash] = [34, 44, 58, 92]
const [openArray, closeArray, openObject, closeObject] = [91, 93, 123, 125]
/** `last` after a number or literal. */
const inLiteral = -1
const whitespace = /[ \t\n\r]*/y
const literal = /[^ \t\n\r"[\]{},:]*/y
/** An open array in `members`. */
const array = -1

export function scanJson(text: string, limits: JsonLimits): JsonScan {
  const members: number[] = [] // per open container: its members so far, or `array`
  const trailingCommas: number[] = []
  let values = 0
  let last = 0 // the last character outside strings and whitespace, or inLiteral
  let lastComma = -1
  const counted = (at: number): Problem | undefined =>
    ++values > limits.maxValues ? tooMany('values', limits.maxValues, at) : undefined
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    let problem: Problem | undefined
    switch (c) {
      case tab:
      case lf:
      case cr:
      case space:
        i = runEnd(whitespace, text, i) - 1
        continue
      case quote: {
        const open = members.length - 1
        const isKey = open >= 0 && members[open] !== array && (last === openObject || last === comma)
        if (!isKey) problem = counted(i)
        else if (++members[open]! > limits.maxMembers) problem = tooMany('members', limits.maxMembers, i)
        i = closingQuote(text, i)
        break
      }
      case openArray:
      case openObject:
        problem = members.length >= limits.maxDepth ? tooDeep(limits.maxDepth) : counted(i)
        members.push(c === openObject ? 0 : array)
        break
      case closeArray:
      case closeObject:
        if (last === comma) trailingCommas.push(lastComma)
        members.pop()
        break
      case comma:
        // a comma with no value before it is a syntax error JSON.parse reports: no need to read on
        if (last === 0 || last === comma || last === colon || last === openArray || last === openObject)
          return { trailingCommas }
        lastComma = i
        break
      case colon:
        break
      default: {
        // a number or a literal, read to its end at once
        const problem = counted(i)
        if (problem) return { problem }
        i = runEnd(literal, text, i) - 1
        last = inLiteral
        continue
      }
    }
    if (problem) return { problem }
    last = c
  }
  return { trailingCommas }
}

/** Where a run of `pattern` (sticky) starting at `from` ends. */
function runEnd(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from
  pattern.test(text)
  return pattern.lastIndex
}

/** The offset of the quote that ends the string opening at `open`, or the text's length. */
function closingQuote(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let escapes = 0
    while (text.charCodeAt(at - 1 - escapes) === backslash) escapes++
    if (escapes % 2 === 0) return at
  }
  return text.length
}

function tooDeep(limit: number): Problem {
  return { target: 'body', rule: 'depth', message: `The request body nests deeper than ${limit} levels.` }
}

function tooMany(what: 'values' | 'members', limit: number, at: number): Problem {
  const message =
    what === 'values'
      ? `The request body holds more than ${limit.toLocaleString('en-US')} JSON values (found at offset ${at}); a referral needs far fewer.`
      : `An object in the request body has more than ${limit.toLocaleString('en-US')} members (found at offset ${at}).`
  return { target: 'body', rule: what === 'values' ? 'maxValues' : 'maxMembers', message }
}
