// Everything the HTTP layer needs to issue and check tokens, built once by main.ts (or a test).
import { systemClock, type Clock } from '../service/ports.js'
import { OidcIssuers } from './oidc-issuers.js'
import { generateSigningKey, type SigningKey } from './signing-key.js'
import { createTokenVerifier, type AuthMode, type VerifiedToken } from './verify-token.js'

export interface AuthSetup {
  readonly mode: AuthMode
  readonly key: SigningKey
  /** Wall-clock time, never the virtual clock: clients judge a token's expiry by their own clocks. */
  readonly clock: Clock
  readonly verify: (token: string) => Promise<VerifiedToken>
  /** Whether the token endpoints sign anyone in: they take any password, so not in verify mode. */
  readonly signIn: boolean
}

export interface AuthSetupOptions {
  readonly mode?: AuthMode
  /** Default: a fresh key, for a server that lives as long as the process. */
  readonly key?: SigningKey
  readonly oidcIssuers?: readonly string[]
  readonly clock?: Clock
  /** Opens the token endpoints in verify mode too (COSELL_ALLOW_INSECURE). */
  readonly allowInsecure?: boolean
}

export async function createAuthSetup(options: AuthSetupOptions = {}): Promise<AuthSetup> {
  const mode = options.mode ?? 'emulator'
  const key = options.key ?? (await generateSigningKey())
  const clock = options.clock ?? systemClock
  const issuers = new OidcIssuers(options.oidcIssuers ?? [])
  return {
    mode,
    key,
    clock,
    verify: createTokenVerifier({ mode, key, issuers, clock }),
    signIn: mode === 'emulator' || options.allowInsecure === true,
  }
}
