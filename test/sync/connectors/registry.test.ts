// The registry of connector types: each under its own `type`, each default mapping a valid mapping file.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { schemaProblems } from '../../../src/domain/referral/schema-problems.js'
import { connectorTypes } from '../../../src/sync/connectors/registry.js'
import { MappingSchema } from '../../../src/sync/mapping/mapping-schema.js'

const settings: Readonly<Record<string, object>> = {
  sql: { type: 'sql', url: 'sqlite:crm.db', table: 'opportunities' },
  csv: { type: 'csv', path: 'pipeline.csv' },
  dataverse: {
    type: 'dataverse',
    url: 'https://contoso.crm.dynamics.com',
    entity: 'opportunity',
    auth: { tenantId: 'contoso', clientId: 'app', clientSecret: { env: 'DATAVERSE_SECRET' } },
  },
  salesforce: {
    type: 'salesforce',
    instanceUrl: 'https://contoso.my.salesforce.com',
    auth: { clientId: 'key', clientSecret: { env: 'SALESFORCE_SECRET' } },
  },
  hubspot: { type: 'hubspot', accessToken: { env: 'HUBSPOT_TOKEN' } },
  mirror: { type: 'mirror', auth: { token: { env: 'MIRROR_TOKEN' } } },
}

test('every connector is registered under its type, with valid settings and mappings', () => {
  for (const [type, example] of Object.entries(settings)) {
    const connectorType = connectorTypes.get(type)
    assert.ok(connectorType, `${type} is registered`)
    assert.equal(connectorType.type, type)
    assert.deepEqual(schemaProblems(connectorType.settings, example), [])
    assert.deepEqual(schemaProblems(MappingSchema, connectorType.defaultMapping(example as never)), [])
  }
  for (const [type, connectorType] of connectorTypes) assert.equal(connectorType.type, type)
})
