// How CLI commands reach a server: --url, and who they act as. Without --token, an emulator-mode
// token is made from --tenant and --user (a sandbox convenience; verify-mode servers need a real
// token, e.g. from `cosell token`).
import type { Command } from 'commander'
import { HttpClient } from '../client/client.js'
import { emulatorToken } from '../client/emulator-token.js'

export const demoTenant = '11111111-1111-4111-8111-111111111111'

export interface ConnectionFlags {
  readonly url?: string
  readonly tenant?: string
  readonly user?: string
  readonly token?: string
  readonly adminToken?: string
}

export function withConnection(command: Command): Command {
  return command
    .option('--url <url>', 'server base URL (COSELL_URL)', process.env.COSELL_URL ?? 'http://localhost:8080')
    .option(
      '--tenant <tid>',
      'partner tenant to act as (COSELL_TENANT)',
      process.env.COSELL_TENANT ?? demoTenant,
    )
    .option('--user <upn>', 'user to act as (COSELL_USER)', process.env.COSELL_USER ?? 'john@partner.example')
    .option(
      '--token <jwt>',
      'bearer token to send instead of an emulator token (COSELL_TOKEN)',
      process.env.COSELL_TOKEN,
    )
    .option(
      '--admin-token <token>',
      'admin token for /_cosell calls (COSELL_ADMIN_TOKEN)',
      process.env.COSELL_ADMIN_TOKEN,
    )
}

/** A client acting as the partner user the flags name. */
export function partnerClient(flags: ConnectionFlags): HttpClient {
  const token =
    flags.token ??
    emulatorToken({ tid: flags.tenant ?? demoTenant, upn: flags.user ?? 'john@partner.example' })
  return new HttpClient({ baseUrl: flags.url ?? 'http://localhost:8080', token })
}

/** A client for the admin API: the admin token when given (loopback needs none in emulator mode). */
export function adminClient(flags: ConnectionFlags): HttpClient {
  return new HttpClient({
    baseUrl: flags.url ?? 'http://localhost:8080',
    ...(flags.adminToken ? { token: flags.adminToken } : {}),
  })
}
