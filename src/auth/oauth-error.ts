// The OAuth errors cosell's token endpoints answer, as Entra ID words them: the OAuth `error`,
// the AADSTS number Entra puts in `error_codes` and at the head of `error_description`, and its
// sentence. Statuses and the response body belong to http/routes/oauth.ts.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant'
  | 'unsupported_grant_type'

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    /** The AADSTS number. */
    readonly aadsts: number,
    message: string,
  ) {
    super(message)
    this.name = 'OAuthError'
  }
}

export const oauthErrors = {
  missingParameter: (name: string) =>
    new OAuthError(
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  unsupportedGrant: (grant: string) =>
    new OAuthError(
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant}'.`,
    ),
  signInOff: (grant: string) =>
    new OAuthError(
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant}': cosell's built-in sign-in accepts any password, so verify mode turns it off. Get tokens from your identity provider or print one with 'cosell token' on the server's data directory (or set COSELL_ALLOW_INSECURE=1).`,
    ),
  tenantNotFound: (tenant: string) =>
    new OAuthError(
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Use a tenant id (GUID), a domain name, 'common' or 'organizations'.`,
    ),
  consumersUnsupported: () =>
    new OAuthError(
      'invalid_tenant',
      90002,
      "Tenant 'consumers' not found: cosell has work and school accounts only, no personal ones.",
    ),
  noTenantInformation: () =>
    new OAuthError(
      'invalid_request',
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
    ),
  userNotFound: (username: string) =>
    new OAuthError(
      'invalid_grant',
      50034,
      `The user account '${username}' does not exist in the directory: sign in with user@domain through 'common' or 'organizations'.`,
    ),
  missingClientSecret: () =>
    new OAuthError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidScope: (scope: string) =>
    new OAuthError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ),
  clientCredentialScope: (scope: string) =>
    new OAuthError(
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  resourceNotFound: (resource: string, accepted: readonly string[]) =>
    new OAuthError(
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant. cosell issues tokens for ${accepted.join(', ')} (each also with /.default, and URLs with or without a trailing slash or default port).`,
    ),
  malformedRefreshToken: () =>
    new OAuthError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  expiredRefreshToken: () =>
    new OAuthError(
      'invalid_grant',
      700082,
      'The refresh token has expired due to inactivity. Sign in again to get a new one.',
    ),
  refreshTokenOfAnotherClient: () =>
    new OAuthError(
      'invalid_grant',
      70000,
      'Provided grant is invalid or malformed: the refresh token was issued to another client.',
    ),
} as const
