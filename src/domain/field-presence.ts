// Which fields a body lacks or holds beyond its schema, each named on its own. TypeBox reports the
// first missing field of an object and names the object, not the field, for one it does not know;
// this walk names every one, so a body with three faults hears of three:
// `reports[2].held[0].reason is required`, `reports[2].lastSynced is not a field of reports[2]; …`.
import type { TSchema } from 'typebox'
import type { Problem } from './errors.js'
import { formatPath, type PathSegment } from './referral/field-path.js'

interface Shape {
  readonly properties?: Readonly<Record<string, Shape>>
  readonly required?: readonly string[]
  readonly additionalProperties?: unknown
  readonly items?: Shape
  readonly anyOf?: readonly Shape[]
}

/** The rules these problems stand for, which schemaProblems' own reports of them should give way to. */
export const presenceRules: ReadonlySet<string> = new Set(['required', 'additionalProperties'])

/**
 * Every required field `value` lacks and every field a closed object of `schema` does not name, at
 * any depth; `root` names the value itself in messages (`the body`, `the query`).
 */
export function fieldPresenceProblems(schema: TSchema, value: unknown, root = 'the body'): Problem[] {
  const problems: Problem[] = []
  walk(schema, value, [], root, problems)
  return problems
}

function walk(shape: Shape, value: unknown, at: PathSegment[], root: string, out: Problem[]): void {
  if (Array.isArray(value)) {
    if (shape.items) value.forEach((item, i) => walk(shape.items!, item, [...at, i], root, out))
    return
  }
  if (typeof value !== 'object' || value === null) return
  const object = shape.properties ? shape : shape.anyOf?.find((branch) => branch.properties)
  if (!object?.properties) return
  for (const field of object.required ?? []) {
    if (Object.hasOwn(value, field)) continue
    const target = formatPath([...at, field])
    out.push({ target, rule: 'required', message: `${target} is required.` })
  }
  const known = Object.keys(object.properties)
  for (const [key, inner] of Object.entries(value)) {
    const property = object.properties[key]
    if (property) walk(property, inner, [...at, key], root, out)
    else if (object.additionalProperties === false) {
      const target = formatPath([...at, key])
      const parent = formatPath(at) || root
      out.push({
        target,
        rule: 'unknown',
        message: `${target} is not a field of ${parent}; its fields are: ${known.join(', ')}.`,
        allowedValues: known,
      })
    }
  }
}
