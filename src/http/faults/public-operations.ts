// The public API's operations as the OpenAPI document names them, so a fault rule can name an
// operation once and match it under every path alias clients use (app.ts `referralPrefixes`).
import type { FaultOperation } from '../../domain/fault/fault-rule.js'
import { partnerSecurity, type Paths } from '../openapi/operations.js'
import { referralPaths } from '../openapi/referral-operations.js'
import { registrationPaths } from '../openapi/registration-operations.js'

interface PublicOperation extends FaultOperation {
  /** The OpenAPI path template, e.g. `/v1.0/engagements/referrals/{id}`. */
  readonly path: string
}

const documentedPrefix = '/v1.0/engagements'

function partnerOperations(paths: Paths): PublicOperation[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => operation.security === partnerSecurity)
      .map(([method, operation]) => ({ name: operation.operationId, method: method.toUpperCase(), path })),
  )
}

export const publicOperations: readonly PublicOperation[] = partnerOperations({
  ...referralPaths,
  ...registrationPaths,
})

/** Maps a route as registered (`/v1.0/referrals/:id`) and a method to its operation's name. */
export function operationNamer(
  prefixes: readonly string[],
): (method: string, routeUrl: string) => string | undefined {
  const byRoute = new Map<string, string>()
  for (const operation of publicOperations)
    byRoute.set(`${operation.method} ${operation.path}`, operation.name)
  return (method, routeUrl) => {
    const template = routeUrl.replace(/:(\w+)/g, '{$1}')
    const prefix = prefixes.find((p) => template.startsWith(`${p}/referrals`))
    const path = prefix === undefined ? template : documentedPrefix + template.slice(prefix.length)
    return byRoute.get(`${method === 'HEAD' ? 'GET' : method} ${path}`)
  }
}
