// A fault rule's route: `METHOD /path`, where `*` stands for one path segment and `**` for any
// rest. Matched against the path the client sent with the router's own leniencies (case, doubled
// and trailing slashes), so a rule matches exactly the calls that reach the same route.
import type { Problem } from '../errors.js'
import { routeMethods } from './fault-rule.js'

export interface RoutePattern {
  readonly method: string
  readonly path: RegExp
}

export function parseRoutePattern(text: string): RoutePattern | Problem {
  const match = /^\s*(\S+)\s+(\/\S*)\s*$/.exec(text)
  const method = match?.[1]?.toUpperCase()
  if (!match || !method)
    return {
      target: 'route',
      rule: 'format',
      message: `route must be 'METHOD /path', e.g. 'PATCH /v1.0/engagements/referrals/*'; got '${text}'.`,
    }
  if (!(routeMethods as readonly string[]).includes(method))
    return {
      target: 'route',
      rule: 'enum',
      message: `route's method must be one of ${routeMethods.join(', ')}; got '${match[1]}'.`,
      allowedValues: routeMethods,
    }
  if (match[2]!.includes('?'))
    return { target: 'route', rule: 'format', message: "route's path must not carry a query string." }
  return { method, path: pathRegExp(foldPath(match[2]!)) }
}

export function routeMatches(pattern: RoutePattern, method: string, path: string): boolean {
  const sameMethod =
    pattern.method === '*' || pattern.method === method || (pattern.method === 'GET' && method === 'HEAD')
  return sameMethod && pattern.path.test(foldPath(path))
}

/** The path without its query, doubled slashes folded and a trailing slash dropped. */
export function foldPath(url: string): string {
  const path = (url.split('?')[0] ?? '').replace(/\/{2,}/g, '/')
  return path.length > 1 ? path.replace(/\/$/, '') : path
}

function pathRegExp(path: string): RegExp {
  const source = path
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${source}$`, 'i')
}
