// Records each answered request of the public API in the request journal (issue 10 item 6), once
// its answer has gone out. Cheap by construction: one entry object a request, strings the request
// already holds, and a body hash only for a GET answer without an ETag (a list), so polling can be
// told from reading something that changed.
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RefusedRule } from '../domain/journal/journal-entry.js'
import type { RequestJournal } from '../service/request-journal.js'

const maxHeader = 256 // as headers.ts echoes them
const maxUrl = 2048 // a URL can reach the 16 KiB header limit; the journal keeps its start
const maxRefused = 20

declare module 'fastify' {
  interface FastifyRequest {
    /** A hash of a GET answer's body, when it had no ETag. */
    answerHash: string | undefined
  }
}

export function registerRequestJournal(app: FastifyInstance, journal: RequestJournal): void {
  app.decorateRequest('answerHash', undefined)
  app.addHook('onRoute', (route) => {
    // GET by id answers with an ETag, and is the hottest route: it pays for no onSend hook
    if (!isGet(route.method) || /\/referrals\/:id$/.test(route.url)) return
    route.onSend = [...hooksOf(route.onSend), hashAnswer]
  })
  app.addHook('onResponse', (request, reply, done) => {
    const tenant = request.identity?.tenantId
    if (tenant !== undefined) journal.record(tenant, entryOf(request, reply, journal.options.now()))
    done()
  })
}

function hashAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  if (!reply.hasHeader('etag')) request.answerHash = hashOf(payload)
  done(null, payload)
}

function isGet(method: string | string[]): boolean {
  return Array.isArray(method) ? method.includes('GET') : method === 'GET'
}

function hooksOf<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]
}

function entryOf(request: FastifyRequest, reply: FastifyReply, now: number) {
  const headers = request.headers
  const failure = request.failure
  const eTag = reply.getHeader('etag')
  return {
    at: now - reply.elapsedTime,
    ms: Math.round(reply.elapsedTime * 10) / 10,
    method: request.method,
    url: request.url.length <= maxUrl ? request.url : `${request.url.slice(0, maxUrl)}…`,
    status: reply.statusCode,
    requestId: request.id,
    correlationId: short(headers['ms-correlationid']),
    clientRequestId: short(headers['ms-requestid']) ?? short(headers['client-request-id']),
    userAgent: short(headers['user-agent']),
    user: request.caller?.user,
    ifMatch: headers['if-match'] !== undefined,
    retryAfter: seconds(reply.getHeader('retry-after')),
    answer: typeof eTag === 'string' ? eTag : request.answerHash,
    error: failure?.kind,
    notes: request.notes,
    refused: failure && failure.problems.length > 0 ? refusedRules(failure.problems) : undefined,
  }
}

function refusedRules(problems: readonly RefusedRule[]): RefusedRule[] {
  return problems.slice(0, maxRefused).map(({ target, rule }) => ({ target, rule }))
}

function short(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined
  return value.length <= maxHeader ? value : value.slice(0, maxHeader)
}

function seconds(value: unknown): number | undefined {
  const n = Number(value)
  return value !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined
}

function hashOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return undefined
  return createHash('sha1').update(payload).digest('base64url').slice(0, 16)
}
