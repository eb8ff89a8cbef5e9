// How CLI commands reach a server and who they act as. Each setting comes from the first of: its
// flag, its environment variable, the profile (--profile, COSELL_PROFILE, or the file's current
// one), the default. Without a token from any of them, an emulator-mode token is made from the
// tenant and user (a sandbox convenience; Microsoft's service and verify-mode servers need a real
// token: --token, COSELL_TOKEN, or a profile's token or tokenCommand).
import { execSync } from 'node:child_process'
import type { Command } from 'commander'
import { HttpClient, type TokenProvider } from '../client/client.js'
import { demoTenant, demoUser, emulatorToken } from '../client/emulator-token.js'
import { configPath, profileNamed, readConfigFile, type Profile } from './profiles.js'
import { reachingFetch } from './unreachable.js'

export { demoTenant }
export const defaultUrl = 'http://localhost:8080'
export const defaultUser = demoUser

export interface ConnectionFlags {
  readonly url?: string
  readonly tenant?: string
  readonly user?: string
  readonly token?: string
  readonly adminToken?: string
  readonly profile?: string
}

/** Every setting resolved, and where the token comes from. */
export interface Connection {
  readonly url: string
  readonly tenant: string
  readonly user: string
  /** The bearer token of partner calls; undefined: an emulator token of tenant and user. */
  readonly token: TokenProvider | undefined
  readonly adminToken: string | undefined
  /** The profile the settings were read from, if any. */
  readonly profile: string | undefined
}

export function withConnection(command: Command): Command {
  return command
    .option('--url <url>', `server base URL (COSELL_URL; default ${defaultUrl})`)
    .option('--tenant <tid>', `partner tenant to act as (COSELL_TENANT; default ${demoTenant})`)
    .option('--user <upn>', `user to act as (COSELL_USER; default ${defaultUser})`)
    .option('--token <jwt>', 'bearer token to send instead of an emulator token (COSELL_TOKEN)')
    .option('--admin-token <token>', 'admin token for /_cosell calls (COSELL_ADMIN_TOKEN)')
    .option('--profile <name>', 'settings saved with `cosell profile add` (COSELL_PROFILE)')
}

/** The settings of a command: flags, then environment, then profile, then defaults. */
export function connectionOf(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const { name, profile } = activeProfile(flags, env)
  const token = flags.token ?? env.COSELL_TOKEN ?? profile.token
  return {
    url: flags.url ?? env.COSELL_URL ?? profile.url ?? defaultUrl,
    tenant: flags.tenant ?? env.COSELL_TENANT ?? profile.tenant ?? demoTenant,
    user: flags.user ?? env.COSELL_USER ?? profile.user ?? defaultUser,
    token: token ?? (profile.tokenCommand === undefined ? undefined : commandToken(profile.tokenCommand)),
    adminToken: flags.adminToken ?? env.COSELL_ADMIN_TOKEN ?? profile.adminToken,
    profile: name,
  }
}

/** A client acting as the partner user the settings name. */
export function partnerClient(flags: ConnectionFlags): HttpClient {
  const connection = connectionOf(flags)
  return client(
    connection.url,
    connection.token ?? emulatorToken({ tid: connection.tenant, upn: connection.user }),
  )
}

/** A client for the admin API: the admin token when given (loopback needs none in emulator mode). */
export function adminClient(flags: ConnectionFlags): HttpClient {
  const connection = connectionOf(flags)
  return client(connection.url, connection.adminToken)
}

function client(url: string, token: TokenProvider | undefined): HttpClient {
  const controller = new AbortController()
  return new HttpClient({
    baseUrl: url,
    ...(token === undefined ? {} : { token }),
    signal: controller.signal,
    fetch: reachingFetch(url, controller),
    channel: 'cli',
  })
}

function activeProfile(flags: ConnectionFlags, env: NodeJS.ProcessEnv): { name?: string; profile: Profile } {
  const path = configPath(env)
  const file = readConfigFile(path)
  const name = flags.profile ?? env.COSELL_PROFILE ?? file.current
  return name === undefined ? { profile: {} } : { name, profile: profileNamed(file, name, path) }
}

/** Runs the command once, when the first request needs the token; its output is the token. */
function commandToken(command: string): TokenProvider {
  let token: string | undefined
  return () => {
    token ??= execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()
    if (token === '') throw new Error(`the profile's tokenCommand printed no token: ${command}`)
    return token
  }
}
