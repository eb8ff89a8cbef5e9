// The timeline's queue pops events earliest first, ties by policy then referral id, whatever order
// they were pushed in.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { DueQueue, type DueEvent } from '../../../src/service/timeline/due-queue.js'

const event = fc.record({
  at: fc.integer({ min: 0, max: 20 }),
  policy: fc.integer({ min: 0, max: 2 }),
  id: fc.constantFrom('a', 'b', 'c', 'd'),
})

test('events pop in (due time, policy, referral id) order whatever order they were pushed in', () => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 60 }), (events) => {
      const queue = new DueQueue()
      for (const e of events) queue.push(e)
      const popped: DueEvent[] = []
      for (let e = queue.pop(); e; e = queue.pop()) popped.push(e)
      const sorted = [...events].sort(
        (x, y) => x.at - y.at || x.policy - y.policy || x.id.localeCompare(y.id),
      )
      const plain = (list: DueEvent[]) => list.map((e) => `${e.at} ${e.policy} ${e.id}`)
      assert.deepEqual(plain(popped), plain(sorted))
      assert.equal(queue.size, 0)
    }),
  )
})
