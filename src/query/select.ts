// $select: `*`, or top-level and nested paths separated by commas
// (`id,status,customerProfile/name`). A nested path keeps its parents, trimmed to what was selected
// (the documented list).
//
//   select = "*" | path { "," path }
//   path   = IDENT { "/" IDENT }
import type { Catalogue } from './catalogue.js'
import { tokenize } from './lexer.js'
import { defaultParseLimits } from './parse-limits.js'
import { commaList, expect, next, peek, runParser, type ParserState } from './parser.js'
import { fail, ok, problem, type Result } from './problem.js'
import { resolvePath } from './resolve-path.js'

const option = '$select'

export type SelectPaths = readonly (readonly string[])[]

/** Undefined means the whole referral (`*` or no $select). */
export function parseSelect(
  text: string | undefined,
  catalogue: Catalogue,
  maxPaths = 64,
): Result<SelectPaths | undefined> {
  if (text === undefined || text.trim() === '' || text.trim() === '*') return ok(undefined)
  const lexed = tokenize(text, option)
  if (!lexed.ok) return lexed
  const parsed = runParser(lexed.value, option, defaultParseLimits, (state) => commaList(state, readPath))
  if (!parsed.ok) return parsed
  if (parsed.value.length > maxPaths)
    return fail([problem(option, `at most ${maxPaths} paths are allowed, found ${parsed.value.length}`)])
  const paths: (readonly string[])[] = []
  for (const raw of parsed.value) {
    if (raw.segments.length === 1 && raw.segments[0] === '*') return ok(undefined)
    const resolved = resolvePath(catalogue, raw.segments, raw.offset)
    if (!resolved.ok) return fail([problem(option, resolved.message, resolved.offset)])
    paths.push(resolved.path.segments)
  }
  return ok(paths)
}

function readPath(state: ParserState): { segments: string[]; offset: number } {
  const first = peek(state)
  if (first.kind === 'star') {
    next(state)
    return { segments: ['*'], offset: first.offset }
  }
  const segments = [expect(state, 'identifier', "a property name or '*'").text]
  while (peek(state).kind === 'slash') {
    next(state)
    segments.push(expect(state, 'identifier', 'a property name').text)
  }
  return { segments, offset: first.offset }
}

type Tree = Map<string, Tree | true>

/** Keeps the selected members of a referral in their original order; parents of nested paths are trimmed. */
export function applySelect(
  doc: Readonly<Record<string, unknown>>,
  select: SelectPaths | undefined,
): Record<string, unknown> {
  if (select === undefined) return { ...doc }
  const tree: Tree = new Map()
  for (const path of select) {
    let node = tree
    for (const [index, segment] of path.entries()) {
      const existing = node.get(segment)
      if (existing === true) break // the parent is selected whole already
      if (index === path.length - 1) {
        node.set(segment, true)
        break
      }
      const child: Tree = existing ?? new Map<string, Tree | true>()
      node.set(segment, child)
      node = child
    }
  }
  return project(doc, tree)
}

function project(value: Readonly<Record<string, unknown>>, tree: Tree): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) {
    const wanted = tree.get(key)
    if (wanted === undefined) continue
    const nested = wanted !== true && typeof member === 'object' && member !== null && !Array.isArray(member)
    result[key] = nested ? project(member as Record<string, unknown>, wanted) : member
  }
  return result
}
