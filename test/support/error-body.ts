// Assertions on Microsoft's documented error body: `{ "error": { code, message, target,
// innerError } }`, and on the validation problems cosell lists in `innerError.details` (issue 2
// item 5: the field path, the rule and the allowed values of every problem, all at once).
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'

export interface ErrorBody {
  error: {
    code: string
    message: string
    target: string
    innerError?: { code: string; message: string; details: unknown }
  }
}

export interface ProblemDetail {
  code: string
  target: string
  message: string
  allowedValues?: string[]
}

export interface ExpectedProblem {
  /** The field path the problem names, e.g. `customerProfile.address.country` or `[0].path`. */
  readonly target: string
  /** The allowed values, exactly (order ignored). */
  readonly allowed?: readonly string[]
  /** Some of the allowed values, for long taxonomies. */
  readonly allowedIncludes?: readonly string[]
  /** Text the problem's message must contain, e.g. the JSON Patch path it refuses. */
  readonly mentions?: string
}

/** The response is `status` with Microsoft's error body carrying `code`. */
export function assertErrorBody(res: LightMyRequestResponse, status: number, code?: string): ErrorBody {
  assert.equal(res.statusCode, status, `expected ${status}, got ${res.statusCode}: ${res.body}`)
  assert.match(String(res.headers['content-type']), /^application\/json/)
  const body = res.json<ErrorBody>()
  assert.equal(typeof body.error, 'object', `no error object in ${res.body}`)
  assert.equal(typeof body.error.code, 'string')
  assert.notEqual(body.error.code, '')
  if (code !== undefined) assert.equal(body.error.code, code)
  assert.equal(typeof body.error.message, 'string')
  assert.ok(
    body.error.message.length > 0 && body.error.message.length <= 1024,
    'message is 1–1024 characters',
  )
  assert.equal(typeof body.error.target, 'string')
  return body
}

/**
 * A 400 `invalidRequest` listing every expected problem in `innerError.details`, each naming its
 * field path, its rule and (for enumerations and taxonomies) the allowed values; `error.target`
 * names one of them.
 */
export function assertInvalidRequest(
  res: LightMyRequestResponse,
  expected: readonly ExpectedProblem[],
): ProblemDetail[] {
  const body = assertErrorBody(res, 400, 'invalidRequest')
  const details = body.error.innerError?.details
  assert.ok(Array.isArray(details), `innerError.details is not a list of problems: ${res.body}`)
  const problems = details as ProblemDetail[]
  for (const p of problems) {
    assert.equal(typeof p.target, 'string')
    assert.ok(typeof p.code === 'string' && p.code !== '', `a problem without its rule: ${JSON.stringify(p)}`)
    assert.ok(
      typeof p.message === 'string' && p.message !== '',
      `a problem without a message: ${JSON.stringify(p)}`,
    )
  }
  const shown = JSON.stringify(problems, null, 1)
  for (const want of expected) {
    const candidates = problems.filter(
      (p) => p.target === want.target && (want.mentions === undefined || p.message.includes(want.mentions)),
    )
    assert.ok(candidates.length > 0, `no problem names ${want.target}${mentioning(want)}; got ${shown}`)
    if (want.allowed || want.allowedIncludes) {
      const listed = candidates.find((p) => Array.isArray(p.allowedValues))
      assert.ok(listed, `the problem at ${want.target} does not list the allowed values; got ${shown}`)
      if (want.allowed) assert.deepEqual([...listed.allowedValues!].sort(), [...want.allowed].sort())
      for (const value of want.allowedIncludes ?? []) {
        assert.ok(
          listed.allowedValues!.includes(value),
          `${want.target}: '${value}' missing from the allowed values`,
        )
      }
    }
  }
  assert.ok(
    expected.some((want) => want.target === body.error.target),
    `error.target '${body.error.target}' names none of ${expected.map((e) => e.target).join(', ')}`,
  )
  return problems
}

function mentioning(want: ExpectedProblem): string {
  return want.mentions === undefined ? '' : ` mentioning '${want.mentions}'`
}
