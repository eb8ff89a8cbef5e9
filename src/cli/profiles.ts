// Named connection profiles in one JSON file ($COSELL_CONFIG, else $XDG_CONFIG_HOME/cosell/
// config.json, else ~/.config/cosell/config.json): where a server is and who to be there, so the
// same commands reach a local cosell or Microsoft's service by name. The file may hold tokens, so
// it is written readable by its owner only, and nothing prints a stored secret in full.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

export interface Profile {
  readonly url?: string
  readonly tenant?: string
  readonly user?: string
  /** A bearer token, sent as is. */
  readonly token?: string
  /** A shell command printing a bearer token, run when a command needs one (e.g. `az account get-access-token …`). */
  readonly tokenCommand?: string
  /** The admin token for /_cosell calls of a server that asks for one. */
  readonly adminToken?: string
}

export const profileFields = ['url', 'tenant', 'user', 'token', 'tokenCommand', 'adminToken'] as const

const secretFields: readonly (keyof Profile)[] = ['token', 'adminToken']

export interface ConfigFile {
  /** The profile used when neither --profile nor COSELL_PROFILE names one. */
  readonly current?: string
  readonly profiles: Readonly<Record<string, Profile>>
}

export class ProfileError extends Error {
  override name = 'ProfileError'
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COSELL_CONFIG) return env.COSELL_CONFIG
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(base, 'cosell', 'config.json')
}

export function readConfigFile(path: string = configPath()): ConfigFile {
  if (!existsSync(path)) return { profiles: {} }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ProfileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const file = parsed as Partial<ConfigFile> | null
  if (
    typeof file !== 'object' ||
    file === null ||
    typeof file.profiles !== 'object' ||
    file.profiles === null
  )
    throw new ProfileError(`${path} is not a cosell config file: it needs a "profiles" object.`)
  return { ...(typeof file.current === 'string' ? { current: file.current } : {}), profiles: file.profiles }
}

export function writeConfigFile(file: ConfigFile, path: string = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 })
  chmodSync(path, 0o600) // an existing file keeps its mode through writeFileSync
}

/** The profile of that name, or a ProfileError listing the names there are. */
export function profileNamed(file: ConfigFile, name: string, path: string = configPath()): Profile {
  const profile = file.profiles[name]
  if (profile) return profile
  const names = Object.keys(file.profiles)
  throw new ProfileError(
    `no profile '${name}' in ${path}; ${names.length === 0 ? 'there are none yet: add one with `cosell profile add`' : `the profiles are: ${names.join(', ')}`}.`,
  )
}

/** The profile as it may be printed: secrets shortened to their first characters and length. */
export function shownProfile(profile: Profile): Record<string, string> {
  return Object.fromEntries(
    profileFields.flatMap((field) => {
      const value = profile[field]
      if (value === undefined) return []
      return [[field, secretFields.includes(field) ? maskSecret(value) : value]]
    }),
  )
}

export function maskSecret(secret: string): string {
  return secret.length <= 12 ? '****' : `${secret.slice(0, 4)}…(${secret.length} chars)`
}
