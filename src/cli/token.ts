// `cosell token`: prints a signed access token, as the token endpoint would hand out, that a
// server started on the same data directory accepts in either auth mode (same signing key).
import { InvalidArgumentError, type Command } from 'commander'
import { issueAccessToken } from '../auth/issue-token.js'
import { OAuthError } from '../auth/oauth-error.js'
import { cosellRole, cosellRoles, type CosellRole } from '../auth/roles.js'
import { loadSigningKey } from '../auth/signing-key.js'
import { objectIdOf, stableGuid, tenantOfPath } from '../auth/tenant.js'
import { ConfigError, loadConfig } from '../config/load.js'
import { systemClock } from '../service/ports.js'

/** The `appid`/`azp` of tokens printed by the CLI. */
export const cliClientId = stableGuid('cosell-cli')

interface TokenFlags {
  readonly tenant: string
  readonly user: string
  readonly role: CosellRole[]
  readonly name?: string
  readonly expiresIn: number
  readonly dataDir?: string
  readonly publicUrl?: string
}

export function addTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a signed access token that a server on the same data directory accepts')
    .requiredOption('--tenant <tid>', 'tenant id (GUID) or domain name of the partner organisation')
    .requiredOption('--user <upn>', 'user principal name, e.g. alice@contoso.com')
    .option(
      '--role <role>',
      `cosell role, repeatable: ${cosellRoles.map((r) => `"${r}"`).join(', ')}`,
      addRole,
      [],
    )
    .option('--name <name>', 'display name (default: the user name)')
    .option('--expires-in <seconds>', 'lifetime in seconds', seconds, 3600)
    .option(
      '--data-dir <dir>',
      'data directory whose signing key to use (COSELL_DATA_DIR, default ./.cosell)',
    )
    .option(
      '--public-url <url>',
      'base of the issuer URL (COSELL_PUBLIC_URL, default http://HOST:PORT, https with COSELL_TLS)',
    )
    .action(async (flags: TokenFlags) => {
      try {
        console.log(await cliToken(flags))
      } catch (error) {
        if (!(error instanceof ConfigError || error instanceof OAuthError)) throw error
        console.error(error instanceof OAuthError ? `cosell: ${error.message}` : error.message)
        process.exitCode = 2
      }
    })
}

async function cliToken(flags: TokenFlags): Promise<string> {
  const config = loadConfig(process.env, { dataDir: flags.dataDir, publicUrl: flags.publicUrl })
  if (config.dataDir === ':memory:')
    throw new ConfigError('cosell: an in-memory server has no signing key to share.')
  const tenantId = tenantOfPath(flags.tenant)
  if (tenantId === null)
    throw new ConfigError(
      `cosell: --tenant must name one tenant (a GUID or a domain), not '${flags.tenant}'.`,
    )
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const scheme = config.tls || config.tlsCert !== null ? 'https' : 'http'
  return issueAccessToken(await loadSigningKey(config.dataDir), {
    principal: {
      tenantId,
      objectId: objectIdOf(tenantId, flags.user),
      clientId: cliClientId,
      username: flags.user,
      ...(flags.name === undefined ? {} : { name: flags.name }),
      roles: flags.role,
    },
    issuerBase: config.publicUrl ?? `${scheme}://${host}:${config.port}`,
    version: '2.0',
    now: systemClock.now(),
    lifetimeSeconds: flags.expiresIn,
  })
}

function addRole(value: string, previous: CosellRole[]): CosellRole[] {
  const role = cosellRole(value)
  if (!role)
    throw new InvalidArgumentError(`a role is one of ${cosellRoles.map((r) => `"${r}"`).join(', ')}.`)
  return [...previous, role]
}

function seconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of seconds, at least 1.')
  return n
}
