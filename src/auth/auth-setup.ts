// Everything the HTTP layer needs to issue and check tokens, built once by main.ts (or a test).
import { systemClock, type Clock } from '../service/ports.js'
import { audiencesOf, type Audiences } from './audiences.js'
import { OidcIssuers } from './oidc-issuers.js'
import type { SignInDirectory } from './home-tenant.js'
import { generateSigningKey, type SigningKey } from './signing-key.js'
import { createTokenVerifier, type AuthMode, type TokenVerifier } from './verify-token.js'

export interface AuthSetup {
  readonly mode: AuthMode
  readonly key: SigningKey
  /** Wall-clock time, never the virtual clock: clients judge a token's expiry by their own clocks. */
  readonly clock: Clock
  readonly verify: TokenVerifier
  /** Whether the token endpoints sign anyone in: they take any password, so not in verify mode. */
  readonly signIn: boolean
  /** What tokens are issued for and accepted for. */
  readonly audiences: Audiences
  /** Where `common`/`organizations` look for a user's home organisation. */
  readonly directory: SignInDirectory
}

export interface AuthSetupOptions {
  readonly mode?: AuthMode
  /** Default: a fresh key, for a server that lives as long as the process. */
  readonly key?: SigningKey
  readonly oidcIssuers?: readonly string[]
  readonly clock?: Clock
  /** Opens the token endpoints in verify mode too (COSELL_ALLOW_INSECURE). */
  readonly allowInsecure?: boolean
  /** COSELL_AUDIENCES; default Partner Center's audiences and cosell's own URL. */
  readonly audiences?: readonly string[] | null
  /** Default: an empty directory, so every user lands in the tenant of their domain. */
  readonly directory?: SignInDirectory
}

export async function createAuthSetup(options: AuthSetupOptions = {}): Promise<AuthSetup> {
  const mode = options.mode ?? 'emulator'
  const key = options.key ?? (await generateSigningKey())
  const clock = options.clock ?? systemClock
  const issuers = new OidcIssuers(options.oidcIssuers ?? [])
  const audiences = audiencesOf(options.audiences ?? null)
  return {
    mode,
    key,
    clock,
    verify: createTokenVerifier({ mode, key, issuers, clock, audiences }),
    signIn: mode === 'emulator' || options.allowInsecure === true,
    audiences,
    directory: options.directory ?? emptyDirectory,
  }
}

const emptyDirectory: SignInDirectory = {
  organizationsListingUser: () => Promise.resolve([]),
  organizationOfDomain: () => Promise.resolve(undefined),
}
