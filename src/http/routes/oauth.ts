// Sign-in like Entra ID: the v1 and v2 token endpoints, the OpenID discovery documents and the
// JWKS, under `/{tenant}/…` so `http://host:port/{tenant}` works as an MSAL authority. They need
// no bearer token, read form bodies and answer OAuth's errors, not the Referrals API's envelope.
import { randomUUID } from 'node:crypto'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AuthSetup } from '../../auth/auth-setup.js'
import { discoveryDocument } from '../../auth/discovery-document.js'
import { grantToken } from '../../auth/grant-token.js'
import type { TokenVersion } from '../../auth/issuer-url.js'
import { OAuthError, oauthErrors } from '../../auth/oauth-error.js'
import { formFields, registerFormBodies } from '../form-body.js'
import { publicBaseUrl } from '../public-url.js'

export interface OAuthRouteOptions {
  readonly auth: AuthSetup
  readonly publicUrl: string | null
}

const tokenPaths: readonly [string, TokenVersion][] = [
  ['/:tenant/oauth2/token', '1.0'],
  ['/:tenant/oauth2/v2.0/token', '2.0'],
]
const discoveryPaths: readonly [string, TokenVersion][] = [
  ['/:tenant/.well-known/openid-configuration', '1.0'],
  ['/:tenant/v2.0/.well-known/openid-configuration', '2.0'],
]
const keysPaths = ['/:tenant/discovery/keys', '/:tenant/discovery/v2.0/keys']

type TenantRequest = FastifyRequest<{ Params: { tenant: string } }>

export function registerOAuthRoutes(scope: FastifyInstance, { auth, publicUrl }: OAuthRouteOptions): void {
  registerFormBodies(scope)
  scope.setErrorHandler((error: FastifyError, request, reply) =>
    sendOAuthError(reply, request, auth, asOAuthError(error)),
  )

  for (const [path, version] of tokenPaths) {
    scope.post(path, async (request: TenantRequest, reply) => {
      const response = await grantToken(auth, {
        tenant: request.params.tenant,
        version,
        fields: formFields(request),
        ...basicCredentials(request.headers.authorization),
        issuerBase: publicBaseUrl(publicUrl, request),
      })
      return reply.header('Cache-Control', 'no-store, no-cache').header('Pragma', 'no-cache').send(response)
    })
  }
  for (const [path, version] of discoveryPaths) {
    scope.get(path, async (request: TenantRequest, reply) =>
      reply
        .header('Cache-Control', 'max-age=86400, private')
        .send(discoveryDocument(publicBaseUrl(publicUrl, request), request.params.tenant, version)),
    )
  }
  for (const path of keysPaths) {
    scope.get(path, async (_request, reply) =>
      reply.header('Cache-Control', 'max-age=86400, private').send({ keys: [auth.key.publicJwk] }),
    )
  }
}

/** Entra's error body: the AADSTS number leads the description, followed by the ids to quote. */
function sendOAuthError(
  reply: FastifyReply,
  request: FastifyRequest,
  auth: AuthSetup,
  error: OAuthError,
): FastifyReply {
  const timestamp = auth.clock
    .now()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
  // MSAL sends its correlation id in the query and the form, ADAL and others in a header
  const query = request.query as Record<string, unknown>
  const sent = [
    request.headers['client-request-id'],
    query['client-request-id'],
    formFields(request)['client-request-id'],
  ]
  const correlationId =
    sent.find((v): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v)) ?? randomUUID()
  return reply
    .code(error.error === 'invalid_client' ? 401 : 400)
    .header('Cache-Control', 'no-store, no-cache')
    .send({
      error: error.error,
      error_description: `AADSTS${error.aadsts}: ${error.message}\r\nTrace ID: ${request.id}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [error.aadsts],
      timestamp,
      trace_id: request.id,
      correlation_id: correlationId,
    })
}

function asOAuthError(error: FastifyError): OAuthError {
  if (error instanceof OAuthError) return error
  // Entra reads form bodies only: any other body reads as one without the first parameter
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return oauthErrors.missingParameter('grant_type')
  if ((error.statusCode ?? 500) < 500) return new OAuthError('invalid_request', 900144, error.message)
  throw error // a bug: the app's error envelope logs it once and answers 500
}

function basicCredentials(header: string | undefined): { basic?: { id: string; secret: string } } {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '')
  if (!match) return {}
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return {}
  const part = (text: string) => decodeURIComponent(text.replace(/\+/g, ' ')) // RFC 6749 §2.3.1
  try {
    return { basic: { id: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) } }
  } catch {
    return {}
  }
}
