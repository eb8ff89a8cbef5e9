// Emulator mode believes any well-formed bearer token without checking a signature, so it is safe
// only where nobody else can reach the port. The server refuses other addresses unless told.
import type { Config } from './schema.js'

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
  return (
    h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
  )
}

/** Why the server must not listen as configured, or undefined when it may. */
export function insecureListenRefusal(
  config: Pick<Config, 'auth' | 'host' | 'allowInsecure'>,
): string | undefined {
  if (config.auth !== 'emulator' || config.allowInsecure || isLoopbackHost(config.host)) return undefined
  return [
    `cosell: refusing to listen on HOST=${config.host} in emulator auth mode.`,
    '  Emulator mode accepts any well-formed bearer token without checking its signature, so anyone who',
    '  can reach this address could act as any partner organisation. Either',
    '  - listen on a loopback address (HOST=127.0.0.1, the default), or',
    '  - check tokens: COSELL_AUTH=verify with COSELL_OIDC_ISSUERS=<issuer URLs>, or',
    '  - accept the risk on a network that is yours alone (a container behind a port mapping): COSELL_ALLOW_INSECURE=1.',
  ].join('\n')
}
