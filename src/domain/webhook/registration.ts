// A partner's webhook registration (Partner Center's /webhooks/v1/registration): one per tenant.
// Keys are read in any case and unknown keys are ignored (lenient like referral bodies: Partner Center's
// prose writes them PascalCase, its REST reference camelCase); answers use PascalCase, with
// `signatureTokenToMsSignatureHeader` and `lastModifiedTimestamp` as Partner Center spells them.
import Type, { type Static } from 'typebox'
import type { Problem } from '../errors.js'
import { complete } from '../referral/complete.js'
import { normalize } from '../referral/normalize.js'
import { schemaProblems } from '../referral/schema-problems.js'
import { webhookEventNames, type WebhookEventName } from './webhook-events.js'

/** Longest WebhookUrl accepted: the common URL limit of browsers and proxies. */
export const maxWebhookUrlLength = 2048

export const RegistrationInputSchema = Type.Object({
  WebhookUrl: Type.String({ minLength: 1, maxLength: maxWebhookUrlLength }),
  WebhookEvents: Type.Array(Type.Enum(webhookEventNames), { minItems: 1, maxItems: 20 }),
  signatureTokenToMsSignatureHeader: Type.Boolean({ default: false }),
})
export type RegistrationInput = Static<typeof RegistrationInputSchema>

export const WebhookRegistrationSchema = Type.Object(
  {
    SubscriberId: Type.String({ description: 'The tenant (organisation) id the registration belongs to.' }),
    WebhookUrl: Type.String({ description: 'Where events are POSTed.' }),
    WebhookEvents: Type.Array(Type.Enum(webhookEventNames)),
    signatureTokenToMsSignatureHeader: Type.Boolean({
      description: 'true: the signature goes in `x-ms-signature`; false: in `Authorization: Signature …`.',
    }),
    lastModifiedTimestamp: Type.String({ format: 'date-time' }),
  },
  { $id: 'WebhookRegistration' },
)
export type WebhookRegistration = Static<typeof WebhookRegistrationSchema>

/** The registration a body asks for, or every problem with it. */
export function readRegistration(body: unknown): { input?: RegistrationInput; problems: Problem[] } {
  const problems: Problem[] = []
  const value = complete<RegistrationInput>(
    RegistrationInputSchema,
    normalize(RegistrationInputSchema, body, problems),
  )
  if (problems.length === 0) problems.push(...schemaProblems(RegistrationInputSchema, value))
  if (typeof value.WebhookUrl === 'string') problems.push(...urlProblems(value.WebhookUrl))
  if (problems.length > 0) return { problems }
  return { input: { ...value, WebhookEvents: unique(value.WebhookEvents) }, problems }
}

/** An absolute http(s) URL without credentials (they would be sent to whoever the URL names). */
export function urlProblems(text: string): Problem[] {
  const problem = (message: string): Problem[] => [{ target: 'WebhookUrl', rule: 'format', message }]
  if (!URL.canParse(text))
    return problem(`WebhookUrl must be an absolute http or https URL; got '${text.slice(0, 200)}'.`)
  const url = new URL(text)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return [
      {
        target: 'WebhookUrl',
        rule: 'scheme',
        message: `WebhookUrl must use http or https, not ${url.protocol.replace(':', '')}.`,
        allowedValues: ['https', 'http'],
      },
    ]
  if (url.username !== '' || url.password !== '')
    return problem('WebhookUrl must not carry a user name or password.')
  return []
}

function unique(events: readonly WebhookEventName[]): WebhookEventName[] {
  return webhookEventNames.filter((name) => events.includes(name))
}
