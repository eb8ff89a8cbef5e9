// Literal typing for the checker: a literal takes the type of the value it meets, so
// `status eq 'new'` becomes the canonical 'New', `id eq '1352E03D-…'` a lower-case GUID and
// `closingDateTime ge 2024-01-01` the instant 2024-01-01T00:00:00.0000000Z.
import type { Literal, ValueType } from './ast.js'
import { canonicalDate, canonicalDateTime } from './datetime.js'

export type Coerced =
  { readonly ok: true; readonly literal: Literal } | { readonly ok: false; readonly expected: string }

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const numberPattern = /^\s*-?\d+(\.\d+)?(e[+-]?\d+)?\s*$/i

export function literalType(node: Literal): ValueType {
  return node.literal
}

/** Types that compare as text with one another. */
export function textual(type: ValueType): boolean {
  return type === 'string' || type === 'enum' || type === 'guid'
}

export function typeName(type: ValueType): string {
  const names: Record<ValueType, string> = {
    string: 'string',
    enum: 'enum',
    guid: 'GUID',
    number: 'number',
    boolean: 'boolean',
    datetime: 'date-time',
    date: 'date',
    null: 'null',
  }
  return names[type]
}

export function coerceLiteral(
  node: Literal,
  target: ValueType,
  enumValues: readonly string[] | undefined,
): Coerced {
  const base = { kind: 'literal', offset: node.offset } as const
  if (node.literal === 'null' || target === 'null')
    return { ok: true, literal: { ...node, type: node.literal } }
  const text = node.literal === 'string' || node.literal === 'guid' ? node.value : undefined
  switch (target) {
    case 'string':
      if (text === undefined) return { ok: false, expected: 'text' }
      return { ok: true, literal: { ...base, literal: 'string', value: text, type: 'string' } }
    case 'enum': {
      const values = enumValues ?? []
      const canonical =
        text === undefined ? undefined : values.find((value) => value.toLowerCase() === text.toLowerCase())
      if (canonical === undefined)
        return { ok: false, expected: `one of ${values.map((value) => `'${value}'`).join(', ')}` }
      return { ok: true, literal: { ...base, literal: 'string', value: canonical, type: 'enum' } }
    }
    case 'guid':
      if (text === undefined || !guidPattern.test(text)) return { ok: false, expected: 'a GUID' }
      return { ok: true, literal: { ...base, literal: 'guid', value: text.toLowerCase(), type: 'guid' } }
    case 'datetime': {
      const source =
        node.literal === 'datetime' || node.literal === 'date' || node.literal === 'string'
          ? node.value
          : undefined
      const canonical = source === undefined ? undefined : canonicalDateTime(source)
      if (canonical === undefined) return { ok: false, expected: 'a date-time such as 2024-03-01T10:00:00Z' }
      return { ok: true, literal: { ...base, literal: 'datetime', value: canonical, type: 'datetime' } }
    }
    case 'date': {
      const source = node.literal === 'date' || node.literal === 'string' ? node.value : undefined
      const canonical = source === undefined ? undefined : canonicalDate(source)
      if (canonical === undefined) return { ok: false, expected: 'a date such as 2024-03-01' }
      return { ok: true, literal: { ...base, literal: 'date', value: canonical, type: 'date' } }
    }
    case 'number':
      if (node.literal === 'number') return { ok: true, literal: { ...node, type: 'number' } }
      // Numbers sent as strings are accepted wherever numbers are expected.
      if (text !== undefined && numberPattern.test(text))
        return { ok: true, literal: { ...base, literal: 'number', value: Number(text), type: 'number' } }
      return { ok: false, expected: 'a number' }
    case 'boolean':
      if (node.literal === 'boolean') return { ok: true, literal: { ...node, type: 'boolean' } }
      return { ok: false, expected: 'true or false' }
    default:
      return target satisfies never
  }
}
