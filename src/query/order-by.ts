// $orderby: scalar paths, each optionally asc or desc (case-insensitive), separated by commas:
//
//   orderby = item { "," item }
//   item    = IDENT { "/" IDENT } [ "asc" | "desc" ]
//
// `id` always ends the list so paging is stable; a key given twice counts once, and
// keys after `id` are dropped since they can never decide.
import type { Catalogue } from './catalogue.js'
import { tokenize } from './lexer.js'
import { defaultParseLimits } from './parse-limits.js'
import {
  commaList,
  expect,
  isKeyword,
  next,
  peek,
  runParser,
  unexpected,
  type ParserState,
} from './parser.js'
import type { Direction, OrderKey } from './plan.js'
import { defaultOrder } from './plan.js'
import { fail, ok, problem, quote, type Result } from './problem.js'
import { resolvePath } from './resolve-path.js'

const option = '$orderby'

type RawKey = { readonly segments: readonly string[]; readonly offset: number; readonly direction: Direction }

export function parseOrderBy(
  text: string | undefined,
  catalogue: Catalogue,
  maxKeys = 8,
): Result<readonly OrderKey[]> {
  if (text === undefined || text.trim() === '') return ok(defaultOrder)
  const lexed = tokenize(text, option)
  if (!lexed.ok) return lexed
  const parsed = runParser(lexed.value, option, defaultParseLimits, (state) => commaList(state, readKey))
  if (!parsed.ok) return parsed
  if (parsed.value.length > maxKeys)
    return fail([problem(option, `at most ${maxKeys} keys are allowed, found ${parsed.value.length}`)])
  const keys: OrderKey[] = []
  for (const raw of parsed.value) {
    const resolved = resolvePath(catalogue, raw.segments, raw.offset)
    if (!resolved.ok) return fail([problem(option, resolved.message, resolved.offset)])
    const { field, segments } = resolved.path
    if (field.kind !== 'scalar') {
      const what = field.kind === 'array' ? 'a collection' : 'an object'
      return fail([
        problem(
          option,
          `${quote(segments.join('/'))} at offset ${raw.offset} is ${what}; order by one of its single values`,
          raw.offset,
        ),
      ])
    }
    if (!keys.some((key) => key.path.join('/') === segments.join('/')))
      keys.push({ path: segments, type: field.type, direction: raw.direction })
    if (segments.length === 1 && segments[0] === 'id') return ok(keys) // ids are unique: later keys never decide
  }
  if (!keys.some((key) => key.path.length === 1 && key.path[0] === 'id'))
    keys.push({ path: ['id'], type: 'guid', direction: 'asc' })
  return ok(keys)
}

function readKey(state: ParserState): RawKey {
  const first = expect(state, 'identifier', 'a property name')
  const segments = [first.text]
  while (peek(state).kind === 'slash') {
    next(state)
    segments.push(expect(state, 'identifier', 'a property name').text)
  }
  const word = peek(state)
  if (isKeyword(word, 'asc') || isKeyword(word, 'desc')) {
    next(state)
    return { segments, offset: first.offset, direction: word.text.toLowerCase() as Direction }
  }
  if (word.kind !== 'comma' && word.kind !== 'end')
    throw unexpected(state, "'asc', 'desc', ',' or end of input")
  return { segments, offset: first.offset, direction: 'asc' }
}
