// Turns what real clients send into the canonical shape before any rule looks at it (normalise
// first, validate second). Driven by the TypeBox schema: property names bind
// case-insensitively, numbers and booleans sent as strings are coerced,
// enum values match case-insensitively (the wire conventions), dates become UTC text,
// and a lone object where an array is expected is wrapped. Unknown properties are
// ignored, as Microsoft's .NET service ignores them. Shape-specific leniencies live in
// input-leniency.ts.
import type { TSchema } from 'typebox'
import type { Problem } from '../errors.js'
import { formatUserDateTime, parseIsoDateTime } from './date-time.js'
import { formatPath, shapePath, type PathSegment } from './field-path.js'
import { leniencyHooks } from './input-leniency.js'
import { tooManyItems } from './limit-problems.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: unknown }

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Normalises `raw` against `schema`; problems are appended for values that cannot be bound. */
export function normalize(
  schema: TSchema,
  raw: unknown,
  problems: Problem[],
  at: PathSegment[] = [],
): unknown {
  return normalizeAt(schema, raw, problems, { at, shape: shapePath(at) })
}

/** Where a value sits: its path, and the same without array indices (field-path.ts), which is
 *  carried along rather than recomputed at every level. */
interface Site {
  readonly at: PathSegment[]
  readonly shape: string
}

function normalizeAt(schema: TSchema, raw: unknown, problems: Problem[], site: Site): unknown {
  const hooks = leniencyHooks[site.shape]
  const before = hooks?.before ? hooks.before(raw) : raw
  const value = normalizeValue(schema, before, problems, site)
  return hooks?.after ? hooks.after(value, problems, site.at) : value
}

function normalizeValue(schema: TSchema, raw: unknown, problems: Problem[], site: Site): unknown {
  if (raw === undefined) return undefined
  const s = schema as SchemaShape
  if (s.anyOf) {
    if (raw === null) return null
    const branch = s.anyOf.find((b) => b.type !== 'null') ?? s.anyOf[0]
    return branch ? normalizeValue(branch, raw, problems, site) : raw
  }
  if (s.type === 'object' && s.properties) return normalizeObject(s, raw, problems, site)
  if (s.type === 'array' && s.items) {
    if (raw === null) return undefined // a null list reads as "none given"
    const items = Array.isArray(raw) ? raw : [raw] // a lone object becomes a list of one
    if (s.maxItems !== undefined && items.length > s.maxItems) {
      // reported once and dropped: no item of an oversized list is normalised or validated
      problems.push(tooManyItems(formatPath(site.at) || 'body', s.maxItems, items.length))
      return undefined
    }
    const shape = `${site.shape}[]`
    return items.map((item, i) =>
      normalizeAt(s.items as TSchema, item, problems, { at: [...site.at, i], shape }),
    )
  }
  return coerceScalar(s, raw)
}

function normalizeObject(s: SchemaShape, raw: unknown, problems: Problem[], site: Site): unknown {
  const { at, shape } = site
  if (raw === null) return undefined
  if (!isPlainObject(raw)) {
    problems.push({
      target: formatPath(at) || 'body',
      rule: 'type',
      message: `${formatPath(at) || 'The body'} must be a JSON object.`,
    })
    return undefined
  }
  const properties = s.properties ?? {}
  const names = boundNames(s, shape)
  const out: JsonObject = {}
  const exact = new Set<string>()
  for (const [key, value] of Object.entries(raw)) {
    const name = names.get(key.toLowerCase())
    if (!name) continue
    if (exact.has(name) && key !== name) continue // an exact spelling wins over a case variant or alias
    if (key === name) exact.add(name)
    const propertySchema = properties[name]
    out[name] = propertySchema
      ? normalizeAt(propertySchema, value, problems, {
          at: [...at, name],
          shape: shape ? `${shape}.${name}` : name,
        })
      : value
  }
  return out
}

/** Lower-cased spelling → property name, for an object schema at a shape path; built once each. */
const bindings = new WeakMap<SchemaShape, Map<string, ReadonlyMap<string, string>>>()

function boundNames(s: SchemaShape, shape: string): ReadonlyMap<string, string> {
  let byShape = bindings.get(s)
  if (!byShape) bindings.set(s, (byShape = new Map<string, ReadonlyMap<string, string>>()))
  let names = byShape.get(shape)
  if (!names) {
    const built = new Map<string, string>()
    const hooks = leniencyHooks[shape]
    for (const name of [...Object.keys(s.properties ?? {}), ...(hooks?.extraKeys ?? [])])
      built.set(name.toLowerCase(), name)
    for (const [alias, name] of Object.entries(hooks?.aliases ?? {})) built.set(alias.toLowerCase(), name)
    byShape.set(shape, (names = built))
  }
  return names
}

function coerceScalar(s: SchemaShape, raw: unknown): unknown {
  if (s.enum && typeof raw === 'string') {
    const wanted = raw.trim().toLowerCase()
    return s.enum.find((v) => v.toLowerCase() === wanted) ?? raw
  }
  switch (s.type) {
    case 'number':
    case 'integer':
      return typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw
    case 'boolean':
      return typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())
        ? raw.trim().toLowerCase() === 'true'
        : raw
    case 'string':
      if (s.format === 'date-time' && typeof raw === 'string') {
        const date = parseIsoDateTime(raw)
        return date ? formatUserDateTime(date) : raw
      }
      // Newtonsoft binds a JSON number or boolean to a string property; so do we
      return typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw
    default:
      return raw
  }
}

interface SchemaShape {
  type?: string
  format?: string
  enum?: readonly string[]
  anyOf?: SchemaShape[]
  properties?: Record<string, TSchema>
  items?: TSchema
  maxItems?: number
}

export type { Json }
