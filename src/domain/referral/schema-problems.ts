// Validates a value against a TypeBox schema and reports every failure as a Problem that names
// the field, the rule and, for enumerations, the allowed values.
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Settings } from 'typebox/system'
import type { Problem } from '../errors.js'
import { formatPath, pointerSegments } from './field-path.js'
import { tooLong, tooManyItems } from './limit-problems.js'

interface SchemaShape {
  type?: string
  format?: string
  enum?: readonly string[]
  anyOf?: SchemaShape[]
}

interface TypeBoxError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>()

// TypeBox gathers 8 errors by default, a handful of problems once unions are summarised. A client
// hears of every problem at once; what a referral can hold is bounded (limits.ts), and so is this.
Settings.Set({ maxErrors: 2_000 })

export function schemaProblems(schema: TSchema, value: unknown, prefix = ''): Problem[] {
  let validator = validators.get(schema)
  if (!validator) validators.set(schema, (validator = Compile(schema)))
  if (validator.Check(value)) return [] // the common case; gathering every error costs far more
  const errors = [...validator.Errors(value)] as TypeBoxError[]
  // a string over its length is reported as that alone, whatever else is wrong with it
  const overLength = new Set(errors.filter((e) => e.keyword === 'maxLength').map((e) => e.instancePath))
  // branch errors of a union are summarised by the union's own error at the same place
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath))
  const reported = (e: TypeBoxError) =>
    overLength.has(e.instancePath)
      ? e.keyword === 'maxLength'
      : !(unionPaths.has(e.instancePath) && e.schemaPath.includes('/anyOf/')) && e.keyword !== 'boolean'
  return errors.filter(reported).map((e) => toProblem(schema, e, prefix))
}

function toProblem(root: TSchema, e: TypeBoxError, prefix: string): Problem {
  const segments = pointerSegments(e.instancePath)
  if (e.keyword === 'required') {
    const missing = (e.params.requiredProperties as string[] | undefined) ?? []
    const target = join(prefix, formatPath([...segments, missing[0] ?? '']))
    return { target, rule: 'required', message: `${target} is required.` }
  }
  const target = join(prefix, formatPath(segments)) || 'body'
  const at = schemaAt(root, e.schemaPath)
  switch (e.keyword) {
    case 'enum':
      return enumProblem(target, e.params.allowedValues as string[], false)
    case 'anyOf': {
      const branch = at?.anyOf?.find((b) => b.type !== 'null')
      if (branch?.enum) return enumProblem(target, branch.enum, true)
      return { target, rule: 'type', message: `${target} must be ${describe(branch)} or null.` }
    }
    case 'type':
    case 'format':
      return { target, rule: e.keyword, message: `${target} must be ${describe(at)}.` }
    case 'maxItems':
      return tooManyItems(target, e.params.limit as number)
    case 'maxLength':
      return tooLong(target, e.params.limit as number)
    default:
      return { target, rule: e.keyword, message: `${target} ${e.message}.` }
  }
}

function enumProblem(target: string, allowed: readonly string[], nullable: boolean): Problem {
  return {
    target,
    rule: 'enum',
    message: `${target} must be one of: ${allowed.join(', ')}${nullable ? ' (or null)' : ''}.`,
    allowedValues: allowed,
  }
}

function describe(s: SchemaShape | undefined): string {
  if (s?.format === 'date-time') return 'an ISO-8601 date-time such as 2024-11-14T00:00:00Z'
  switch (s?.type) {
    case 'string':
      return 'a string'
    case 'number':
    case 'integer':
      return 'a number'
    case 'boolean':
      return 'true or false'
    case 'array':
      return 'an array'
    case 'object':
      return 'a JSON object'
    default:
      return 'a valid value'
  }
}

/** Follows a schema path such as `#/properties/details/anyOf/0` from the root schema. */
function schemaAt(root: TSchema, schemaPath: string): SchemaShape | undefined {
  let node: unknown = root
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node as SchemaShape | undefined
}

function join(prefix: string, path: string): string {
  if (!prefix) return path
  if (!path) return prefix
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`
}
