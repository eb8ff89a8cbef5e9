// Every connector type, by the `type` its configuration block names.
import type { ConnectorType } from './connector-type.js'
import { csvConnectorType } from './csv.js'
import { dataverseConnector } from './dataverse.js'
import { hubspotConnector } from './hubspot.js'
import { mirrorConnectorType } from './mirror.js'
import { salesforceConnector } from './salesforce.js'
import { sqlConnectorType } from './sql.js'

// One line per connector, so that adding one never touches another's line.
// prettier-ignore
const types: readonly ConnectorType[] = [
  sqlConnectorType,
  csvConnectorType,
  dataverseConnector,
  salesforceConnector,
  hubspotConnector,
  mirrorConnectorType,
]

export const connectorTypes: ReadonlyMap<string, ConnectorType> = new Map(types.map((t) => [t.type, t]))
