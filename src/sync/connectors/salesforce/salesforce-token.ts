// Salesforce's OAuth 2.0 client credentials flow: POST {instance}/services/oauth2/token with the
// connected app's consumer key and secret. The answer names no lifetime (the org's session timeout
// decides it, 15 minutes at the least), so the token is kept 15 minutes less the cache's renewal
// margin, and renewed at once when the API answers 401.
import { TokenError, type GrantedToken } from '../../../client/token-endpoint.js'

export interface SalesforceCredentials {
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
  readonly fetch?: typeof fetch
}

const shortestSessionSeconds = 15 * 60

export async function salesforceToken(credentials: SalesforceCredentials): Promise<GrantedToken> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  })
  const response = await (credentials.fetch ?? fetch)(credentials.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  })
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined
  if (!response.ok || typeof body?.access_token !== 'string') throw new TokenError(response.status, body)
  return { accessToken: body.access_token, expiresIn: shortestSessionSeconds, refreshToken: undefined }
}
