// The Referrals API's documented operations: thin adapters from HTTP to the use cases. Registered
// under every path prefix clients use (see app.ts); trailing and doubled slashes are folded by the
// router.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CosellError } from '../../domain/errors.js'
import { createReferral } from '../../service/create-referral.js'
import type { Caller, ServiceDeps } from '../../service/deps.js'
import { getReferralAsStored } from '../../service/get-referral.js'
import { listReferrals } from '../../service/list-referrals.js'
import { replaceReferral } from '../../service/replace-referral.js'
import { updateReferral } from '../../service/update-referral.js'
import type { UpdateResult } from '../../service/commit-update.js'
import type { RawQuery } from '../../query/index.js'
import { clockStatedByWrite } from '../clock-stated.js'
import { requestChannel } from '../channel-header.js'
import { sendError } from '../error-envelope.js'
import { jsonType, listResponse } from '../list-response.js'
import { publicBaseUrl } from '../public-url.js'
import { entityResponse, storedEntityResponse, withLinks } from '../referral-response.js'

export interface ReferralRouteOptions {
  readonly deps: ServiceDeps
  readonly publicUrl: string | null
  readonly createStatus: 200 | 201
  readonly prefixes: readonly string[]
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>

export function registerReferralRoutes(app: FastifyInstance, options: ReferralRouteOptions): void {
  const { deps } = options
  const base = (request: FastifyRequest) => publicBaseUrl(options.publicUrl, request)

  for (const prefix of options.prefixes) {
    const collection = `${prefix}/referrals`
    const item = `${collection}/:id`

    app.get(collection, async (request, reply) => {
      const outcome = await listReferrals(deps, caller(request), request.query as RawQuery)
      return reply.type(jsonType).send(listResponse(base(request), request, outcome))
    })

    app.get(item, async (request: IdRequest, reply) => {
      const found = await getReferralAsStored(deps, caller(request), request.params.id)
      if (!('text' in found))
        return reply.header('ETag', found.eTag).send(entityResponse(base(request), found))
      return reply
        .header('ETag', found.eTag)
        .type(jsonType)
        .send(storedEntityResponse(base(request), found))
    })

    app.post(collection, clockStatedByWrite, async (request, reply) => {
      const referral = await createReferral(deps, writer(request), request.body)
      return reply
        .code(options.createStatus)
        .header('ETag', referral.eTag)
        .send(withLinks(base(request), referral))
    })

    app.patch(item, clockStatedByWrite, async (request: IdRequest, reply) => {
      const result = await updateReferral(deps, writer(request), updateInput(request))
      if (!wantsRepresentation(request)) return reply.code(204).header('ETag', result.referral.eTag).send()
      return sendUpdated(reply.header('Preference-Applied', 'return=representation'), request, result)
    })

    app.put(item, clockStatedByWrite, async (request: IdRequest, reply) => {
      const result = await replaceReferral(deps, writer(request), updateInput(request))
      return sendUpdated(reply, request, result)
    })

    methodNotAllowed(app, collection, ['GET', 'HEAD', 'POST'])
    methodNotAllowed(app, item, ['GET', 'HEAD', 'PATCH', 'PUT'])
  }

  function sendUpdated(reply: FastifyReply, request: FastifyRequest, result: UpdateResult): FastifyReply {
    return reply
      .code(200)
      .header('ETag', result.referral.eTag)
      .send(withLinks(base(request), result.referral))
  }
}

export function caller(request: FastifyRequest): Caller {
  if (!request.caller)
    throw new CosellError('unauthenticated', 'The request is not authenticated.', 'Authorization')
  return request.caller
}

/** The caller of a write, with the request that carries it (the change record names it). */
function writer(request: FastifyRequest): Caller {
  return { ...caller(request), channel: requestChannel(request), requestId: request.id }
}

function updateInput(request: IdRequest): { id: string; ifMatch: string | undefined; body: unknown } {
  const ifMatch = request.headers['if-match']
  return {
    id: request.params.id,
    ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined,
    body: request.body,
  }
}

function wantsRepresentation(request: FastifyRequest): boolean {
  return /(^|[,;\s])return\s*=\s*"?representation"?/i.test(String(request.headers.prefer ?? ''))
}

const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** 405 with an Allow header for every method the resource does not support (the documented endpoints). */
function methodNotAllowed(app: FastifyInstance, url: string, allowed: readonly string[]): void {
  const method = allMethods.filter((m) => !allowed.includes(m))
  app.route({
    method,
    url,
    handler: (request, reply) =>
      sendError(
        reply.header('Allow', allowed.join(', ')),
        new CosellError(
          'methodNotAllowed',
          `${request.method} is not supported here; allowed: ${allowed.join(', ')}.`,
          'method',
        ),
      ),
  })
}
