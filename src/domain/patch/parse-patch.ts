// Reads a JSON Patch body (RFC 6902). Microsoft's service supports only `replace` and `add` (the
// documented PATCH); operation member names bind case-insensitively like every other input.
import type { Problem } from '../errors.js'

export interface PatchOperation {
  readonly op: 'replace' | 'add'
  /** Unescaped pointer segments; `-` stays as the append marker. */
  readonly segments: readonly string[]
  readonly path: string
  readonly value: unknown
}

export const maxOperations = 200

export function parsePatch(body: unknown): { operations: PatchOperation[]; problems: Problem[] } {
  if (!Array.isArray(body)) {
    return {
      operations: [],
      problems: [
        {
          target: 'body',
          rule: 'type',
          message: 'The body must be a JSON Patch document: an array of operations.',
        },
      ],
    }
  }
  if (body.length === 0 || body.length > maxOperations) {
    const message = `The body must hold between 1 and ${maxOperations} operations; it holds ${body.length}.`
    return { operations: [], problems: [{ target: 'body', rule: 'length', message }] }
  }
  const problems: Problem[] = []
  const operations = body.flatMap((raw: unknown, i) => {
    const op = readOperation(raw, `[${i}]`, problems)
    return op ? [op] : []
  })
  return { operations, problems }
}

function readOperation(raw: unknown, at: string, problems: Problem[]): PatchOperation | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({
      target: at,
      rule: 'type',
      message: `${at} must be an operation object with op, path and value.`,
    })
    return undefined
  }
  const member = (name: string) =>
    Object.entries(raw as Record<string, unknown>).find(([k]) => k.toLowerCase() === name)
  const op = member('op')?.[1]
  const path = member('path')?.[1]
  const value = member('value')
  const before = problems.length
  const opName = typeof op === 'string' ? op.trim().toLowerCase() : undefined
  if (opName !== 'replace' && opName !== 'add') {
    problems.push({
      target: `${at}.op`,
      rule: 'enum',
      message: `${at}.op must be replace or add${typeof op === 'string' ? `; '${op}' is not supported` : ''}.`,
      allowedValues: ['replace', 'add'],
    })
  }
  if (typeof path !== 'string' || !path.startsWith('/') || path.length < 2) {
    problems.push({
      target: `${at}.path`,
      rule: 'format',
      message: `${at}.path must be a JSON pointer such as /details/dealValue.`,
    })
  }
  if (!value && (opName === 'replace' || opName === 'add'))
    problems.push({ target: `${at}.value`, rule: 'required', message: `${at}.value is required.` })
  if (problems.length > before) return undefined
  const segments = (path as string)
    .slice(1)
    .replace(/\/+$/, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  return { op: opName as 'replace' | 'add', segments, path: path as string, value: value![1] }
}
