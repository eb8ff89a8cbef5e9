// application/x-www-form-urlencoded bodies, as OAuth token requests send them. Registered only in
// the scope of the token endpoints, so the Referrals API keeps reading JSON alone.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bodyLimit } from './json-body.js'

const formType = 'application/x-www-form-urlencoded'

export function registerFormBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser(formType, { parseAs: 'string', bodyLimit }, (_request, body: string, done) => {
    const fields = new Map<string, string>()
    for (const [name, value] of new URLSearchParams(body)) if (!fields.has(name)) fields.set(name, value) // the first of a repeated field
    done(null, Object.fromEntries(fields)) // own members only, `__proto__` and `constructor` included
  })
}

/** The form fields of a request; none when the body was not a form (Entra reads nothing else). */
export function formFields(request: FastifyRequest): Readonly<Record<string, string>> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  return type === formType && typeof request.body === 'object' && request.body !== null
    ? (request.body as Record<string, string>)
    : {}
}
