// The OpenID Connect issuers `verify` mode trusts besides cosell (COSELL_OIDC_ISSUERS). Each
// issuer's discovery document is read on first use and names its JWKS. A multi-tenant issuer
// such as https://login.microsoftonline.com/common/v2.0 publishes the issuer
// `https://login.microsoftonline.com/{tenantid}/v2.0`; a token matches it with its own `tid`.
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'

export interface TrustedIssuer {
  /** The exact `iss` a token must carry. */
  readonly issuer: string
  readonly keys: JWTVerifyGetKey
}

interface Discovered {
  readonly issuer: string
  readonly keys: JWTVerifyGetKey
}

export class IssuerUnavailableError extends Error {}

export class OidcIssuers {
  private readonly discovered = new Map<string, Promise<Discovered>>()

  constructor(
    readonly urls: readonly string[],
    private readonly fetchJson: (url: string) => Promise<unknown> = fetchJsonWithTimeout,
  ) {}

  /** The configured issuer a token's `iss` (and `tid`, for templates) names, if any. */
  async find(iss: string, tid: unknown): Promise<TrustedIssuer | undefined> {
    const results = await Promise.allSettled(this.urls.map((url) => this.discover(url)))
    for (const result of results) {
      if (result.status !== 'fulfilled') continue
      const { issuer, keys } = result.value
      const expected = typeof tid === 'string' ? issuer.replace(/\{tenantid\}/gi, tid) : issuer
      if (iss === expected) return { issuer: expected, keys }
    }
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [this.urls[i]] : []))
    if (failed.length > 0) {
      throw new IssuerUnavailableError(
        `The OpenID configuration of ${failed.join(', ')} could not be read; try again shortly.`,
      )
    }
    return undefined
  }

  private discover(url: string): Promise<Discovered> {
    let found = this.discovered.get(url)
    if (!found) {
      found = this.load(url)
      found.catch(() => this.discovered.delete(url)) // retry on the next request
      this.discovered.set(url, found)
    }
    return found
  }

  private async load(url: string): Promise<Discovered> {
    const document = await this.fetchJson(`${url.replace(/\/+$/, '')}/.well-known/openid-configuration`)
    const { issuer, jwks_uri } = (document ?? {}) as Record<string, unknown>
    if (typeof issuer !== 'string' || typeof jwks_uri !== 'string') {
      throw new Error(`${url}: the OpenID configuration has no issuer or jwks_uri`)
    }
    return { issuer, keys: createRemoteJWKSet(new URL(jwks_uri)) }
  }
}

async function fetchJsonWithTimeout(url: string): Promise<unknown> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(10_000),
    headers: { accept: 'application/json' },
  })
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  return response.json()
}
