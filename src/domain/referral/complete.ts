// Gives a value the whole shape of its schema, in schema order, with every absent property set
// to its default (null, [], false, or the enum's default). Real payloads write nulls out rather
// than omitting them (the wire conventions), so a stored referral is always complete.
import type { TSchema } from 'typebox'
import { isPlainObject } from './normalize.js'

interface SchemaShape {
  type?: string
  required?: readonly string[]
  default?: unknown
  anyOf?: SchemaShape[]
  properties?: Record<string, SchemaShape>
  items?: SchemaShape
}

export function complete<T>(schema: TSchema, value: unknown): T {
  return fill(schema, value) as T
}

function fill(s: SchemaShape, value: unknown): unknown {
  if (value === undefined) {
    if (s.type === 'object' && s.properties)
      return fill(s, isPlainObject(s.default) ? structuredClone(s.default) : {})
    return typeof s.default === 'object' && s.default !== null ? structuredClone(s.default) : s.default
  }
  if (s.anyOf) {
    if (value === null) return null
    const branch = s.anyOf.find((b) => b.type !== 'null')
    return branch ? fill(branch, value) : value
  }
  if (s.type === 'object' && s.properties && isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [name, property] of propertiesOf(s)) {
      if (value[name] === undefined && property.default === undefined && !s.required?.includes(name)) continue // an optional part left out stays out
      const filled = fill(property, value[name])
      if (filled !== undefined) out[name] = filled
    }
    return out
  }
  if (s.type === 'array' && s.items && Array.isArray(value)) return value.map((item) => fill(s.items!, item))
  return value
}

const entries = new WeakMap<SchemaShape, readonly [string, SchemaShape][]>()

function propertiesOf(s: SchemaShape): readonly [string, SchemaShape][] {
  let known = entries.get(s)
  if (!known) entries.set(s, (known = Object.entries(s.properties ?? {})))
  return known
}
