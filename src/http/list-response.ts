// The list envelope (the documented list): context, count (always), value, and an
// absolute nextLink that repeats the request's own options with the new $skiptoken.
import type { FastifyRequest } from 'fastify'
import { applySelect } from '../query/index.js'
import type { ListOutcome } from '../service/list-referrals.js'
import { storedPieces, withLinks } from './referral-response.js'
import { textBuffer } from './text-buffer.js'

/** Answers built as JSON text are sent with this type. */
export const jsonType = 'application/json; charset=utf-8'

/**
 * Without $select the stored documents are emitted as stored, links spliced in, so a page of
 * referrals is never parsed and re-serialised; with $select each is parsed and trimmed.
 */
export function listResponse(baseUrl: string, request: FastifyRequest, outcome: ListOutcome): Buffer {
  const { plan, page } = outcome
  const select = plan.select
  const context = JSON.stringify(`${baseUrl}/v1.0/$metadata#Referrals`)
  const pieces = [`{"@odata.context":${context},"@odata.count":${page.count},"value":[`]
  const values = select
    ? page.referrals.map((r) => [JSON.stringify(applySelect(withLinks(baseUrl, r), select))])
    : page.stored.map((s) => storedPieces(baseUrl, s))
  values.forEach((value, i) => pieces.push(...(i === 0 ? value : [',', ...value])))
  pieces.push(']')
  if (page.skipToken !== undefined)
    pieces.push(`,"@odata.nextLink":${JSON.stringify(nextLink(baseUrl, request.url, page.skipToken))}`)
  pieces.push('}')
  return textBuffer(pieces)
}

/** The request's own URL on `baseUrl`, its $skiptoken replaced by `skipToken`. */
export function nextLink(baseUrl: string, url: string, skipToken: string): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?]
  const kept = query.split('&').filter((part) => part !== '' && !/^(\$|%24)skiptoken=/i.test(part))
  kept.push(`$skiptoken=${encodeURIComponent(skipToken)}`)
  return `${baseUrl}${path}?${kept.join('&')}`
}
