// The registry of connector types: each under its own `type`, each default mapping a valid mapping file.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { schemaProblems } from '../../../src/domain/referral/schema-problems.js'
import { connectorTypes } from '../../../src/sync/connectors/registry.js'
import { MappingSchema } from '../../../src/sync/mapping/mapping-schema.js'

const settings: Readonly<Record<string, object>> = {
  sql: { type: 'sql', url: 'sqlite:crm.db', table: 'opportunities' },
  csv: { type: 'csv', path: 'pipeline.csv' },
}

test('the SQL and CSV connectors are registered under their type, with valid settings and mappings', () => {
  for (const [type, example] of Object.entries(settings)) {
    const connectorType = connectorTypes.get(type)
    assert.ok(connectorType, `${type} is registered`)
    assert.equal(connectorType.type, type)
    assert.deepEqual(schemaProblems(connectorType.settings, example), [])
    assert.deepEqual(schemaProblems(MappingSchema, connectorType.defaultMapping(example as never)), [])
  }
  for (const [type, connectorType] of connectorTypes) assert.equal(connectorType.type, type)
})
