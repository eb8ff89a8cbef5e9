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
import { connectionOf } from './connection.js'
import { exitCodes } from './exit-codes.js'
import { withExamples } from './help.js'
import { ProfileError } from './profiles.js'

/** The `appid`/`azp` of tokens printed by the CLI. */
export const cliClientId = stableGuid('cosell-cli')

interface TokenFlags {
  readonly tenant?: string
  readonly user?: string
  readonly profile?: string
  readonly role: CosellRole[]
  readonly name?: string
  readonly expiresIn: number
  readonly dataDir?: string
  readonly publicUrl?: string
}

export function addTokenCommand(program: Command): void {
  withExamples(
    program.command('token'),
    'cosell token',
    'cosell token --tenant contoso.example --user alice@contoso.example --role "Referral User"',
    'curl -H "Authorization: Bearer $(cosell token)" http://localhost:8080/v1.0/engagements/referrals',
  )
    .description('print a signed access token that a server on the same data directory accepts')
    .option(
      '--tenant <tid>',
      'tenant id (GUID) or domain name of the partner organisation (COSELL_TENANT, the profile, or the demo tenant)',
    )
    .option(
      '--user <upn>',
      'user principal name, e.g. alice@contoso.com (COSELL_USER, the profile, or the demo user)',
    )
    .option('--profile <name>', 'take the tenant and user from this profile (COSELL_PROFILE)')
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
        if (!(error instanceof ConfigError || error instanceof OAuthError || error instanceof ProfileError))
          throw error
        console.error(error instanceof ConfigError ? error.message : `cosell: ${error.message}`)
        process.exitCode = exitCodes.usage
      }
    })
}

async function cliToken(flags: TokenFlags): Promise<string> {
  const config = loadConfig(process.env, { dataDir: flags.dataDir, publicUrl: flags.publicUrl })
  if (config.dataDir === ':memory:')
    throw new ConfigError('cosell: an in-memory server has no signing key to share.')
  const { tenant, user } = connectionOf(flags)
  const tenantId = tenantOfPath(tenant)
  if (tenantId === null)
    throw new ConfigError(`cosell: --tenant must name one tenant (a GUID or a domain), not '${tenant}'.`)
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const scheme = config.tls || config.tlsCert !== null ? 'https' : 'http'
  return issueAccessToken(await loadSigningKey(config.dataDir), {
    principal: {
      tenantId,
      objectId: objectIdOf(tenantId, user),
      clientId: cliClientId,
      username: user,
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
