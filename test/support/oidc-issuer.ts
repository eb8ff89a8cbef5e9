// A second OpenID Connect issuer owned by a test, served on 127.0.0.1: its discovery document and
// JWKS, and a way to sign tokens with its key. A multi-tenant issuer publishes Entra's issuer
// template `…/{tenantid}/v2.0`, as https://login.microsoftonline.com/common/v2.0 does.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose'

export interface TestIssuer {
  /** The URL to configure in COSELL_OIDC_ISSUERS. */
  readonly url: string
  /** The `iss` of this issuer's tokens for a tenant. */
  issuerOf(tenantId: string): string
  readonly kid: string
  /** How many times the discovery document was read. */
  discoveryReads(): number
  /** Signs `claims` (default `iss` and `tid`: this issuer's, for `tenantId`) with this issuer's key. */
  sign(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>
  close(): Promise<void>
}

export interface TestIssuerOptions {
  readonly tenantId: string
  readonly alg?: 'RS256' | 'ES256'
  readonly multiTenant?: boolean
}

export async function startTestIssuer({
  tenantId,
  alg = 'ES256',
  multiTenant = false,
}: TestIssuerOptions): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(alg)
  const kid = `test-${alg.toLowerCase()}`
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }
  let reads = 0
  let origin = ''
  const issuerOf = (tid: string) => `${origin}/${tid}/v2.0`
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const send = (body: unknown) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (path.endsWith('/.well-known/openid-configuration')) {
      reads++
      send({ issuer: issuerOf(multiTenant ? '{tenantid}' : tenantId), jwks_uri: `${origin}/keys` })
    } else if (path === '/keys') send({ keys: [jwk] })
    else response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: issuerOf(multiTenant ? 'common' : tenantId),
    issuerOf,
    kid,
    discoveryReads: () => reads,
    sign: (claims, header = {}) => {
      const tid = typeof claims.tid === 'string' ? claims.tid : tenantId
      return new SignJWT({ iss: issuerOf(tid), tid, ...claims })
        .setProtectedHeader({ alg, kid, typ: 'JWT', ...header })
        .sign(privateKey)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections() // keep-alive sockets of the JWKS fetches
      }),
  }
}
