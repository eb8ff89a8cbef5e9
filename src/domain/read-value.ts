// The input pipeline every body goes through: normalise (case-insensitive names, coercion),
// complete (defaults in schema order), then validate, with every problem reported.
import type { Static, TSchema } from 'typebox'
import type { Problem } from './errors.js'
import { complete } from './referral/complete.js'
import { normalize } from './referral/normalize.js'
import { schemaProblems } from './referral/schema-problems.js'

export function readValue<S extends TSchema>(
  schema: S,
  raw: unknown,
): { value: Static<S>; problems: Problem[] } {
  const problems: Problem[] = []
  const value = complete<Static<S>>(schema, normalize(schema, raw, problems))
  problems.push(...schemaProblems(schema, value))
  return { value, problems }
}
