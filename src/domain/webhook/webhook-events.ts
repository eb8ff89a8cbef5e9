// The event names of Partner Center's referral webhooks. `test-created` is what a
// validation event carries; Partner Center lists it among the events, so cosell does too.

/** The events a registration may subscribe to, in the order `GET …/registration/events` lists them. */
export const webhookEventNames = [
  'referral-created',
  'referral-updated',
  'related-referral-created',
  'related-referral-updated',
  'test-created',
] as const
export type WebhookEventName = (typeof webhookEventNames)[number]

export const testEventName = 'test-created' satisfies WebhookEventName

/** The event a change record raises for the referral's own organisation, or for the others of its engagement. */
export function eventNameOf(kind: 'created' | 'updated', related: boolean): WebhookEventName {
  return `${related ? 'related-' : ''}referral-${kind}`
}
