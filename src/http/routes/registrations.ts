// Deal-registration eligibility (the documented eligibility policy), a cosell extension (decision
// 27): Microsoft defines the DealRegistrationsEligibilityPolicy entity but publishes no URL for it,
// so it is served under /_cosell, never under Microsoft's paths, and every answer carries the
// extension header. The partner asks with its own bearer token about one of its own referrals.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServiceDeps } from '../../service/deps.js'
import { dealRegistrationEligibility } from '../../service/registration-eligibility.js'
import { caller } from './referrals.js'

export const eligibilityUrl = '/_cosell/referrals/:id/dealRegistrationEligibility'

/** Names the cosell extension a response comes from. */
export const extensionHeader = 'X-Cosell-Extension'

export function registerRegistrationRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get(eligibilityUrl, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const policy = await dealRegistrationEligibility(deps, caller(request), request.params.id)
    return reply.header(extensionHeader, 'dealRegistrationEligibility').send(policy)
  })
}
