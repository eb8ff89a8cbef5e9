// The list envelope (spec §8.1): context, count (always, decision 8), value, and an absolute
// nextLink that repeats the request's own options with the new $skiptoken.
import type { FastifyRequest } from 'fastify'
import { applySelect } from '../query/index.js'
import type { ListOutcome } from '../service/list-referrals.js'
import { withLinks } from './referral-response.js'

export function listResponse(baseUrl: string, request: FastifyRequest, outcome: ListOutcome): object {
  const { plan, page } = outcome
  const value = page.referrals.map((r) => {
    const shaped = withLinks(baseUrl, r)
    return plan.select ? applySelect(shaped, plan.select) : shaped
  })
  return {
    '@odata.context': `${baseUrl}/v1.0/$metadata#Referrals`,
    '@odata.count': page.count,
    value,
    ...(page.skipToken === undefined
      ? {}
      : { '@odata.nextLink': nextLink(baseUrl, request.url, page.skipToken) }),
  }
}

function nextLink(baseUrl: string, url: string, skipToken: string): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?]
  const kept = query.split('&').filter((part) => part !== '' && !/^(\$|%24)skiptoken=/i.test(part))
  kept.push(`$skiptoken=${encodeURIComponent(skipToken)}`)
  return `${baseUrl}${path}?${kept.join('&')}`
}
