// Every connector type, by the `type` its configuration block names.
import type { ConnectorType } from './connector-type.js'

export const connectorTypes: ReadonlyMap<string, ConnectorType> = new Map<string, ConnectorType>([])
