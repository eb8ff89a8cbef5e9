// Reads a sync configuration file and everything it names (the connector's settings, the mapping)
// into checked values, or one error listing every problem with where it is.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { Problem } from '../../domain/errors.js'
import { schemaProblems } from '../../domain/referral/schema-problems.js'
import type { ConnectorType } from '../connectors/connector-type.js'
import { connectorTypes } from '../connectors/registry.js'
import { mappingProblems } from '../mapping/mapping-problems.js'
import { MappingSchema, type Mapping } from '../mapping/mapping-schema.js'
import { isPostgresUrl } from '../state/open-state.js'
import { SyncConfigSchema, type SyncConfig } from './sync-config.js'

export class SyncConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(
      `${file}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}\n${problems.map((p) => `  ${p.target}: ${p.message}`).join('\n')}`,
    )
    this.name = 'SyncConfigError'
  }
}

export interface LoadedSyncConfig {
  readonly file: string
  readonly baseDir: string
  readonly config: SyncConfig
  readonly connectorType: ConnectorType
  readonly settings: unknown
  readonly mapping: Mapping
  /** An SQLite path (absolute) or a PostgreSQL URL. */
  readonly state: string
}

export function loadSyncConfig(file: string): LoadedSyncConfig {
  const path = resolve(file)
  const raw = readJson(path, path)
  const baseDir = dirname(path)
  const problems = schemaProblems(SyncConfigSchema, raw)
  if (problems.length > 0) throw new SyncConfigError(path, problems)
  const config = raw as SyncConfig
  const connectorType = connectorTypes.get(config.crm.type)
  if (!connectorType) {
    const allowedValues = [...connectorTypes.keys()]
    throw new SyncConfigError(path, [
      {
        target: 'crm.type',
        rule: 'enum',
        message: `crm.type must be one of: ${allowedValues.join(', ')}`,
        allowedValues,
      },
    ])
  }
  const settingsProblems = schemaProblems(connectorType.settings, config.crm, 'crm')
  if (settingsProblems.length > 0) throw new SyncConfigError(path, settingsProblems)
  const mapping = readMapping(config, connectorType, baseDir, path)
  return {
    file: path,
    baseDir,
    config,
    connectorType,
    settings: config.crm,
    mapping,
    state: statePlace(config, baseDir),
  }
}

function readMapping(config: SyncConfig, type: ConnectorType, baseDir: string, path: string): Mapping {
  if (config.mapping === undefined) return type.defaultMapping(config.crm)
  const mappingFile = typeof config.mapping === 'string' ? join(baseDir, config.mapping) : path
  const raw =
    typeof config.mapping === 'string' ? readJson(join(baseDir, config.mapping), path) : config.mapping
  const prefix = typeof config.mapping === 'string' ? '' : 'mapping'
  const problems = schemaProblems(MappingSchema, raw, prefix)
  if (problems.length > 0) throw new SyncConfigError(mappingFile, problems)
  const semantic = mappingProblems(raw as Mapping, prefix)
  if (semantic.length > 0) throw new SyncConfigError(mappingFile, semantic)
  return raw as Mapping
}

function statePlace(config: SyncConfig, baseDir: string): string {
  const state = config.state ?? join('.cosell-sync', `${config.name}.db`)
  return isPostgresUrl(state) || isAbsolute(state) ? state : join(baseDir, state)
}

function readJson(file: string, from: string): unknown {
  if (!existsSync(file)) {
    throw new SyncConfigError(from, [{ target: file, rule: 'exists', message: `${file} does not exist` }])
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  } catch (error) {
    const message = `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`
    throw new SyncConfigError(from, [{ target: file, rule: 'json', message }])
  }
}
