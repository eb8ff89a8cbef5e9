// Which of cosell's own clients made a call: the dashboard and the CLI say so with a header, so the
// activity history can tell their changes from other API calls. Any other value counts as `api`.
import type { FastifyRequest } from 'fastify'
import { clientChannels, type ChangeChannel } from '../domain/change/change-record.js'

export const channelHeader = 'x-cosell-channel'

export function requestChannel(request: FastifyRequest): ChangeChannel {
  const named = request.headers[channelHeader]
  const value = typeof named === 'string' ? named.trim().toLowerCase() : ''
  return clientChannels.find((channel) => channel === value) ?? 'api'
}
