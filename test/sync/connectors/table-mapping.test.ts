// The default mapping of the SQL and CSV connectors: a valid mapping file, on the default
// layout's columns, whose stage table follows the lifecycle in both directions.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { serviceOnlySubstatuses, statusRules } from '../../../src/domain/lifecycle/transitions.js'
import { referralStatuses } from '../../../src/domain/referral/enums.js'
import { schemaProblems } from '../../../src/domain/referral/schema-problems.js'
import { mappingProblems } from '../../../src/sync/mapping/mapping-problems.js'
import { MappingSchema } from '../../../src/sync/mapping/mapping-schema.js'
import { crmValueOf, referralValuesOf } from '../../../src/sync/mapping/translate.js'
import { layoutColumns } from '../../../src/sync/connectors/table-layout.js'
import { defaultTableMapping } from '../../../src/sync/connectors/table-mapping.js'

const mapping = defaultTableMapping([true])
const stage = mapping.fields.find((f) => f.crm === 'stage')!

test('the default mapping is a valid mapping file on the default layout’s columns', () => {
  assert.deepEqual(schemaProblems(MappingSchema, mapping), [])
  assert.deepEqual(mappingProblems(mapping), [])
  const columns = new Set(layoutColumns.map((c) => c.name))
  const named = [...mapping.fields.map((f) => f.crm), mapping.crmReferralId, mapping.syncFlag!.field]
  assert.deepEqual(
    named.filter((name) => !columns.has(name)),
    [],
  )
  assert.deepEqual(mapping.defaults?.crm, { sync_to_partner_center: true })
  assert.deepEqual(defaultTableMapping(['true', 'yes']).syncFlag, {
    field: 'sync_to_partner_center',
    values: ['true', 'yes'],
  })
})

test('every referral state but None has a stage, and each stage reads back as a state it may hold', () => {
  for (const status of referralStatuses.filter((s) => s !== 'None')) {
    for (const substatus of statusRules[status].substatuses) {
      const crm = crmValueOf(stage, { status, substatus })
      assert.ok(crm.ok, `${status}/${substatus} has a stage`)
      const back = referralValuesOf(stage, crm.value)
      assert.ok(back.ok)
      const [readStatus, readSubstatus] = back.value as [keyof typeof statusRules, string]
      assert.equal(readStatus, status, `${status}/${substatus} → ${String(crm.value)} keeps the status`)
      assert.ok(statusRules[readStatus].substatuses.some((s) => s === readSubstatus))
      assert.ok(
        !serviceOnlySubstatuses.some((s) => s === readSubstatus),
        'no stage asks for a state only the service sets',
      )
    }
  }
  assert.deepEqual(referralValuesOf(stage, 'Closed Won'), { ok: true, value: ['Closed', 'Won'] })
  assert.deepEqual(referralValuesOf(stage, 'Develop'), { ok: true, value: ['Active', 'Accepted'] })
})
