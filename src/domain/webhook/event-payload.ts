// The body of a webhook delivery, exactly as Partner Center documents it: PascalCase
// keys, `AuditUri` null. The text is built once and stored, so every attempt sends (and signs) the
// same bytes.
import type { WebhookEventName } from './webhook-events.js'

export interface EventPayload {
  readonly EventName: WebhookEventName
  readonly ResourceUri: string
  readonly ResourceName: 'referral'
  readonly AuditUri: null
  readonly ResourceChangeUtcDate: string
}

/** The referral's URI under `base` in the form cosell emits: directly GET-able with a token. */
export function referralUri(base: string, referralId: string): string {
  return `${base.replace(/\/+$/, '')}/v1.0/engagements/referrals/${referralId}`
}

export function eventBody(eventName: WebhookEventName, resourceUri: string, changedAt: string): string {
  const payload: EventPayload = {
    EventName: eventName,
    ResourceUri: resourceUri,
    ResourceName: 'referral',
    AuditUri: null,
    ResourceChangeUtcDate: changedAt,
  }
  return JSON.stringify(payload)
}
