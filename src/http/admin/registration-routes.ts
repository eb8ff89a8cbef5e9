// Admin API: Microsoft's review of deal registrations (the documented registration rules, as cosell
// reads them). A review addresses the referral by id whatever organisation holds it; the review
// policy scripts reviews as data and runs when the clock moves, when it is set, and on demand.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServiceDeps } from '../../service/deps.js'
import { reviewDueRegistrations, reviewPolicy, setReviewPolicy } from '../../service/review-policy-setting.js'
import { reviewRegistration } from '../../service/review-registration.js'
import { publicBaseUrl } from '../public-url.js'
import { withLinks } from '../referral-response.js'
import type { AdminContext } from './admin-api.js'

type ReviewRequest = FastifyRequest<{ Params: { id: string } }>

export function registerRegistrationAdminRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  context: AdminContext,
): void {
  /** { action: approve | pass | fail | requireAction | close, statusReason? }; If-Match honoured. */
  app.post('/referrals/:id/registration/review', async (request: ReviewRequest, reply) => {
    const ifMatch = request.headers['if-match']
    const referral = await reviewRegistration(
      deps,
      request.params.id,
      request.body,
      typeof ifMatch === 'string' ? ifMatch : undefined,
      request.id,
    )
    return reply
      .header('ETag', referral.eTag)
      .send(withLinks(publicBaseUrl(context.publicUrl, request), referral))
  })

  app.get('/registrations/review-policy', () => reviewPolicy(deps))

  app.put('/registrations/review-policy', (request) => setReviewPolicy(deps, request.body))

  app.post('/registrations/review-policy/run', async () => ({ reviewed: await reviewDueRegistrations(deps) }))
}
