// Settings from the environment and command-line flags (flags win) → a validated Config, or an
// error naming each bad setting and the variable or flag it came from.
import { complete } from '../domain/referral/complete.js'
import { normalize } from '../domain/referral/normalize.js'
import { schemaProblems } from '../domain/referral/schema-problems.js'
import { parseRateList } from '../domain/registration/usd-rates.js'
import { profileProblems } from '../domain/throttle/throttle-profile.js'
import { readThrottleText } from '../domain/throttle/throttle-text.js'
import type { Problem } from '../domain/errors.js'
import { ConfigSchema, configEnv, type Config } from './schema.js'

export class ConfigError extends Error {}

/** On/off settings, which also take 1 and 0 (COSELL_ACCESS_LOG=0). */
const switches = Object.entries(ConfigSchema.properties).flatMap(([key, schema]) =>
  (schema as { type?: unknown }).type === 'boolean' ? [key] : [],
)

export function loadConfig(
  env: NodeJS.ProcessEnv,
  flags: Partial<Record<keyof Config, unknown>> = {},
): Config {
  const raw: Record<string, unknown> = {}
  for (const [key, variable] of Object.entries(configEnv) as [keyof Config, string][]) {
    const value = flags[key] ?? env[variable]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const given = { ...raw } // what was written, for the messages
  if (typeof raw.publicUrl === 'string') raw.publicUrl = raw.publicUrl.replace(/\/+$/, '')
  if (typeof raw.oidcIssuers === 'string') raw.oidcIssuers = commaList(raw.oidcIssuers)
  if (typeof raw.audiences === 'string') raw.audiences = commaList(raw.audiences)
  if (typeof raw.webhookAllowedHosts === 'string')
    raw.webhookAllowedHosts = commaList(raw.webhookAllowedHosts)
  if (typeof raw.fxRates === 'string') raw.fxRates = parseRateList(raw.fxRates)
  for (const key of switches) if (raw[key] === '1' || raw[key] === '0') raw[key] = raw[key] === '1'
  const problems: Problem[] = []
  if (typeof raw.throttle === 'string') {
    const read = readThrottleText(raw.throttle)
    raw.throttle = read.value
    problems.push(...read.problems.map((p) => ({ ...p, target: 'throttle' })))
  }
  // the same coercion as request bodies: "8080" → 8080, "false" → false
  const config = complete<Config>(ConfigSchema, normalize(ConfigSchema, raw, problems))
  problems.push(...schemaProblems(ConfigSchema, config))
  if (problems.length === 0)
    problems.push(...profileProblems(config.throttle).map((p) => ({ ...p, target: `throttle.${p.target}` })))
  if (problems.length > 0) {
    const lines = problems.map((p) => {
      const key = p.target.replace(/[.[].*$/, '') as keyof Config // oidcIssuers[0] → oidcIssuers
      const source = flags[key] !== undefined ? `--${kebab(key)}` : (configEnv[key] ?? key)
      // a part of a setting written as one text (throttle's read.limit) keeps its name
      const named = key === 'throttle' ? p.target : key
      return `  ${source}=${JSON.stringify(given[key])}: ${p.message.replace(p.target, named)}`
    })
    throw new ConfigError(`cosell: invalid configuration:\n${lines.join('\n')}`)
  }
  return config
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}
