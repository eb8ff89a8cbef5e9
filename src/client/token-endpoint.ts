// One request to an OAuth 2.0 token endpoint shaped like Entra ID's (Microsoft's, or cosell's own
// `/{tenant}/oauth2/v2.0/token`): a form body in, an access token and its lifetime out.

/** An Entra-like authority's refusal: `error` (e.g. `invalid_grant`) and its description. */
export class TokenError extends Error {
  readonly status: number
  readonly error: string
  readonly description: string | undefined

  constructor(status: number, body: { error?: unknown; error_description?: unknown } | undefined) {
    const error = typeof body?.error === 'string' ? body.error : `http${status}`
    const description = typeof body?.error_description === 'string' ? body.error_description : undefined
    super(description ? `${error}: ${description}` : `token endpoint answered ${status}`)
    this.name = 'TokenError'
    this.status = status
    this.error = error
    this.description = description
  }
}

export interface TokenEndpointOptions {
  /**
   * The tenant's authority: `https://login.microsoftonline.com/{tenant}` for Microsoft's service,
   * `http://localhost:8080/{tenant}` for cosell. The token endpoint is `{authority}/oauth2/v2.0/token`.
   */
  readonly authority: string
  readonly clientId: string
  /** The client secret of a confidential client; left out for a public client. */
  readonly clientSecret?: string
  /** Default `https://api.partner.microsoft.com/.default`. */
  readonly scope?: string
  readonly fetch?: typeof fetch
}

/** What a token endpoint granted. */
export interface GrantedToken {
  readonly accessToken: string
  /** Lifetime in seconds as the endpoint said (`expires_in`; v1 endpoints send it as a string). */
  readonly expiresIn: number
  /** A new refresh token, when the endpoint sent one (it replaces the one used). */
  readonly refreshToken: string | undefined
}

export const partnerCenterScope = 'https://api.partner.microsoft.com/.default'

/** Posts one grant (`grant_type` and its fields) to the authority's v2 token endpoint. */
export async function requestToken(
  options: TokenEndpointOptions,
  grant: Readonly<Record<string, string>>,
): Promise<GrantedToken> {
  const form = new URLSearchParams({
    client_id: options.clientId,
    scope: options.scope ?? partnerCenterScope,
  })
  if (options.clientSecret !== undefined) form.set('client_secret', options.clientSecret)
  for (const [name, value] of Object.entries(grant)) form.set(name, value)
  const url = `${options.authority.replace(/\/+$/, '')}/oauth2/v2.0/token`
  const response = await (options.fetch ?? fetch)(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  })
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined
  if (!response.ok || typeof body?.access_token !== 'string') throw new TokenError(response.status, body)
  return {
    accessToken: body.access_token,
    expiresIn: Number(body.expires_in ?? 0),
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
  }
}
