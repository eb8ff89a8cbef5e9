import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deliveryId } from '../../../src/domain/webhook/delivery-id.js'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/

test('a delivery id is a version-7 UUID whose text order is the order of the times it was queued', () => {
  const random = [
    '0b0e6c6e-4bd1-4a3e-9e51-3c2f1f0c9a77',
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
    '00000000-0000-4000-8000-000000000000',
  ]
  const times = [1_764_000_000_000, 1_764_000_000_001, 1_800_000_000_000]
  const ids = times.flatMap((t) => random.map((r) => deliveryId(t, r)))
  for (const id of ids) assert.match(id, uuid)
  for (let i = 1; i < ids.length; i++)
    if (Math.floor(i / 3) !== Math.floor((i - 1) / 3))
      assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`)
  assert.notEqual(deliveryId(times[0]!, random[0]!), deliveryId(times[0]!, random[1]!))
})
