// Settings every HTTP connector shares: how it retries, and the shape of a base URL.
import Type, { type Static } from 'typebox'
import type { RetryOptions } from '../../../client/retry-policy.js'

export const RetrySettingsSchema = Type.Object(
  {
    maxAttempts: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10,
        description: 'Attempts for one request, the first included. Default 4.',
      }),
    ),
    maxWaitSeconds: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 600,
        description: 'Most time spent waiting between the attempts of one request. Default 60.',
      }),
    ),
  },
  { additionalProperties: false },
)

export type RetrySettings = Static<typeof RetrySettingsSchema>

export function retryOptions(settings: RetrySettings | undefined): RetryOptions {
  return {
    ...(settings?.maxAttempts === undefined ? {} : { maxAttempts: settings.maxAttempts }),
    ...(settings?.maxWaitSeconds === undefined ? {} : { maxWaitMs: settings.maxWaitSeconds * 1000 }),
  }
}

/** An origin (scheme, host, optional port), as a CRM's base URL: `https://org.crm.dynamics.com`. */
export function OriginSchema(description: string) {
  return Type.String({ pattern: '^https?://[^/?#\\s]+/?$', description })
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
