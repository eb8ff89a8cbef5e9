// What each connector file exports: the schema of its block in the sync configuration, how to
// open it, and the mapping a new configuration starts from (`cosell sync init`).
import type { Static, TSchema } from 'typebox'
import type { Mapping } from '../mapping/mapping-schema.js'
import type { CrmConnector } from './connector.js'

export interface ConnectorContext {
  /** Environment variables, for secrets named by `{ "env": "NAME" }`. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Relative paths in the configuration (a CSV file, an SQLite file) are read from here. */
  readonly baseDir: string
  /** Tests hand in a fetch of their own; default the global one. */
  readonly fetch?: typeof fetch
}

export interface ConnectorType<S extends TSchema = TSchema> {
  /** The `type` the configuration names: `sql`, `csv`, `dataverse`, `salesforce`, `hubspot`, `mirror`. */
  readonly type: string
  /** The connector block's schema, `type` included; validated before `open`. */
  readonly settings: S
  open(settings: Static<S>, context: ConnectorContext): Promise<CrmConnector>
  /** A sensible mapping for these settings, which `cosell sync init` writes out for editing. */
  defaultMapping(settings: Static<S>): Mapping
  /**
   * Makes in the CRM what the default mapping needs, where a connector can (the SQL connector
   * creates its table): `cosell sync init --create-table`. Says what it did.
   */
  prepare?(settings: Static<S>, context: ConnectorContext): Promise<string>
}
