// Applies parsed operations to a copy of a referral, all or nothing. Path segments bind
// case-insensitively to the schema's property names; each value is normalised with the schema at
// its path, so `"10000"` for dealValue becomes a number and a lone team member
// becomes a list.
import type { Problem } from '../errors.js'
import { complete } from '../referral/complete.js'
import { normalize, isPlainObject, type JsonObject } from '../referral/normalize.js'
import { ReferralSchema, type Referral } from '../referral/schema.js'
import { formatPath, type PathSegment } from '../referral/field-path.js'
import { judgePath } from './patch-paths.js'
import { registrationPlacement } from './registration-paths.js'
import type { PatchOperation } from './parse-patch.js'

interface SchemaShape {
  anyOf?: SchemaShape[]
  type?: string
  properties?: Record<string, SchemaShape>
  items?: SchemaShape
}

export function applyPatch(
  referral: Referral,
  operations: readonly PatchOperation[],
): { doc: JsonObject; problems: Problem[] } {
  const doc = structuredClone(referral) as unknown as JsonObject
  const problems: Problem[] = []
  operations.forEach((operation, i) => {
    const problem = applyOne(doc, operation, `[${i}]`, problems)
    if (problem) problems.push(problem)
  })
  return { doc, problems }
}

function applyOne(
  doc: JsonObject,
  operation: PatchOperation,
  at: string,
  problems: Problem[],
): Problem | undefined {
  const bound = bindPath(operation.segments)
  if ('problem' in bound)
    return { target: `${at}.path`, rule: 'path', message: `${at}.path ${operation.path}: ${bound.problem}` }
  const verdict = judgePath(bound.names, operation.path)
  if (!verdict.writable) return { target: `${at}.path`, rule: 'readOnly', message: verdict.reason }
  if (bound.names[0] === 'registrations') {
    const misplaced = registrationPlacement(operation.op, bound.segments, doc, at)
    if (misplaced) return misplaced
  }

  const parentSegments = bound.segments.slice(0, -1)
  const last = bound.segments[bound.segments.length - 1]!
  let parent: unknown = doc
  for (const segment of parentSegments) parent = (parent as Record<string, unknown>)?.[segment as string]
  const valueAt: PathSegment[] = bound.segments.map((s) => (s === '-' ? 0 : s))
  const before = problems.length
  const normalized = normalize(bound.schema, operation.value, problems, valueAt)
  if (problems.length > before) return undefined // reported; a value of the wrong shape is never applied
  if (normalized === undefined && bound.schema.type === 'object') {
    return {
      target: formatPath(valueAt),
      rule: 'type',
      message: `${formatPath(valueAt)} cannot be null; send a JSON object.`,
    }
  }
  // null for a list empties it
  const value =
    normalized === undefined
      ? complete(bound.schema as Parameters<typeof complete>[0], undefined)
      : normalized

  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : (last as number)
    const limit = operation.op === 'add' ? parent.length : parent.length - 1
    if (index > limit)
      return {
        target: `${at}.path`,
        rule: 'path',
        message: `${operation.path}: index ${index} is out of range (the list holds ${parent.length}).`,
      }
    if (operation.op === 'add') parent.splice(index, 0, value)
    else parent[index] = value
    return undefined
  }
  if (!isPlainObject(parent))
    return {
      target: `${at}.path`,
      rule: 'path',
      message: `${operation.path}: the parent of this path does not exist.`,
    }
  parent[last as string] = value ?? null // RFC 6902: add on an existing member replaces it
  return undefined
}

type BoundPath = { segments: (string | number)[]; names: string[]; schema: SchemaShape } | { problem: string }

/** Resolves segments against the Referral schema: canonical names, numeric indices, and the value's schema. */
function bindPath(raw: readonly string[]): BoundPath {
  let schema: SchemaShape = ReferralSchema as unknown as SchemaShape
  const segments: (string | number)[] = []
  const names: string[] = []
  for (const [i, segment] of raw.entries()) {
    schema = schema.anyOf?.find((b) => b.type !== 'null') ?? schema
    if (schema.type === 'array' && schema.items) {
      if (segment === '-' && i === raw.length - 1) segments.push('-')
      else if (/^(0|[1-9]\d{0,4})$/.test(segment)) segments.push(Number(segment))
      else return { problem: `'${segment}' is not an array index or '-'.` }
      schema = schema.items
      continue
    }
    const properties = schema.properties ?? {}
    const name = Object.keys(properties).find((k) => k.toLowerCase() === segment.toLowerCase())
    if (!name) return { problem: `'${segment}' is not a property of the referral at this place.` }
    segments.push(name)
    names.push(name)
    schema = properties[name]!
  }
  return { segments, names, schema }
}
