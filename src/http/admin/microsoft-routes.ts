// Admin API: the Microsoft side of every co-sell. Microsoft's referrals are listed and read with
// the same OData options as the public API; its sellers act on them; it sends partners leads.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { RawQuery } from '../../query/index.js'
import type { ServiceDeps } from '../../service/deps.js'
import { getReferral } from '../../service/get-referral.js'
import { listReferrals } from '../../service/list-referrals.js'
import { actAsMicrosoft } from '../../service/microsoft/act-as-microsoft.js'
import { microsoftCaller, type MicrosoftVia } from '../../service/microsoft/microsoft-caller.js'
import {
  microsoftPolicy,
  runMicrosoftPolicy,
  saveMicrosoftPolicy,
} from '../../service/microsoft/microsoft-policy.js'
import { sendLead } from '../../service/microsoft/send-lead.js'
import { jsonType, listResponse } from '../list-response.js'
import { publicBaseUrl } from '../public-url.js'
import { entityResponse, withLinks } from '../referral-response.js'
import type { AdminContext } from './admin-api.js'

type ActionRequest = FastifyRequest<{ Params: { id: string; action: string } }>

export function registerMicrosoftRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  context: AdminContext,
): void {
  const base = (request: FastifyRequest) => publicBaseUrl(context.publicUrl, request)

  app.get('/microsoft/referrals', async (request, reply) => {
    const outcome = await listReferrals(deps, await microsoftCaller(deps), request.query as RawQuery)
    return reply.type(jsonType).send(listResponse(base(request), request, outcome))
  })

  app.get('/microsoft/referrals/:id', async (request: FastifyRequest<{ Params: { id: string } }>) =>
    entityResponse(base(request), await getReferral(deps, await microsoftCaller(deps), request.params.id)),
  )

  /** accept, decline {statusReason}, close {outcome, statusReason}, addTeamMember {member}, update {operations} */
  app.post('/microsoft/referrals/:id/:action', async (request: ActionRequest) => {
    const { id, action } = request.params
    return withLinks(
      base(request),
      await actAsMicrosoft(deps, id, action, request.body, undefined, microsoftRequest(request)),
    )
  })

  app.get('/microsoft/policy', () => microsoftPolicy(deps))
  app.put('/microsoft/policy', (request) => saveMicrosoftPolicy(deps, request.body ?? {}))
  /** Applies the scripted policy now; it also runs whenever the clock moves. */
  app.post('/microsoft/policy/run', () => runMicrosoftPolicy(deps))

  app.post('/microsoft/leads', async (request) => {
    const sent = await sendLead(deps, request.body, microsoftRequest(request))
    return {
      referral: withLinks(base(request), sent.referral),
      ...(sent.microsoftReferral
        ? { microsoftReferral: withLinks(base(request), sent.microsoftReferral) }
        : {}),
    }
  })
}

/** Microsoft acting through this admin request: the change record names the request. */
function microsoftRequest(request: FastifyRequest): MicrosoftVia {
  return { channel: 'microsoft', requestId: request.id }
}
