// The base URL clients see in links, @odata.context and @odata.nextLink: the configured public
// URL, or the scheme and host the request came in on.
import type { FastifyRequest } from 'fastify'

export function publicBaseUrl(configured: string | null, request: FastifyRequest): string {
  return configured ?? `${request.protocol}://${request.host}`
}
