// The OpenID Connect discovery documents of `/{tenant}/v2.0/.well-known/openid-configuration` and
// the v1 `/{tenant}/.well-known/openid-configuration`, shaped like Entra's. MSAL reads the tenant
// id from the first path segment of `authorization_endpoint`, so a domain tenant is named there by
// its id; `common` and `organizations` publish the issuer template with `{tenantid}`.
import { issuerUrl, type TokenVersion } from './issuer-url.js'
import { tenantOfPath } from './tenant.js'

export function discoveryDocument(
  base: string,
  tenant: string,
  version: TokenVersion,
): Record<string, unknown> {
  const tid = tenantOfPath(tenant)
  const at = `${base}/${tid ?? tenant.toLowerCase()}`
  const v = version === '2.0' ? '/v2.0' : ''
  return {
    token_endpoint: `${at}/oauth2${v}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${at}/discovery${v}/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    grant_types_supported: ['password', 'client_credentials', 'refresh_token'],
    issuer: issuerUrl(base, tid ?? '{tenantid}', version),
    request_uri_parameter_supported: false,
    authorization_endpoint: `${at}/oauth2${v}/authorize`,
    end_session_endpoint: `${at}/oauth2${v}/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'name',
      'oid',
      'tid',
      'upn',
      'preferred_username',
      'roles',
      'ver',
    ],
    tenant_region_scope: null,
    cloud_instance_name: 'cosell',
  }
}
