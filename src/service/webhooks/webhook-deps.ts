// What the webhook use cases need beyond the referral ones: which receiver URLs are allowed
// (server-side request forgery rules, src/webhooks/receiver-policy.ts) and the wall clock, which
// times retries (the virtual clock stamps what a person reads).
import type { Problem } from '../../domain/errors.js'
import type { ServiceDeps } from '../deps.js'
import type { Clock } from '../ports.js'

export interface ReceiverPolicy {
  /** Why `url` may not receive events (an address of this network in verify mode, http where https is due). */
  problems(url: URL): Problem[]
}

export interface WebhookDeps extends ServiceDeps {
  readonly receivers: ReceiverPolicy
  readonly wall: Clock
}
