// The activity history, a cosell extension served under /_cosell with the partner's own token
// (like dealRegistrationEligibility): a referral's changes, and the organisation's feed, newest
// first, paged with @odata.nextLink as the referral list is.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ActivityPage } from '../../store/change-feed.js'
import type { ServiceDeps } from '../../service/deps.js'
import { organizationActivities, referralActivities } from '../../service/activity-history.js'
import { nextLink } from '../list-response.js'
import { publicBaseUrl } from '../public-url.js'
import { caller } from './referrals.js'
import { extensionHeader } from './registrations.js'

export const referralActivitiesUrl = '/_cosell/referrals/:id/activities'
export const organizationActivitiesUrl = '/_cosell/activities'

export function registerActivityRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  publicUrl: string | null,
): void {
  const answer = (request: FastifyRequest, page: ActivityPage) => ({
    value: page.records,
    ...(page.next === undefined
      ? {}
      : { '@odata.nextLink': nextLink(publicBaseUrl(publicUrl, request), request.url, String(page.next)) }),
  })

  app.get(referralActivitiesUrl, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const page = await referralActivities(deps, caller(request), request.params.id, request.query)
    return reply.header(extensionHeader, 'activities').send(answer(request, page))
  })

  app.get(organizationActivitiesUrl, async (request, reply) => {
    const page = await organizationActivities(deps, caller(request), request.query)
    return reply.header(extensionHeader, 'activities').send(answer(request, page))
  })
}
