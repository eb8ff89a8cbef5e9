// A throttle profile as text (COSELL_THROTTLE, --throttle, the CLI): read and written back.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { budgetFromText, readThrottleText, throttleText } from '../../../src/domain/throttle/throttle-text.js'

describe('throttle text', () => {
  test('off and connector are names; budgets are name=LIMIT/SECONDS separated by commas', () => {
    assert.deepEqual(readThrottleText(' Connector ').value, { profile: 'connector' })
    assert.deepEqual(readThrottleText('read=100/60, write = 20 / 60').value, {
      profile: 'custom',
      read: { limit: '100', periodSeconds: '60' },
      write: { limit: '20', periodSeconds: '60' },
    })
    assert.deepEqual(readThrottleText('calls=100/60').problems, [])
  })

  test('an unknown budget or a budget that is not LIMIT/SECONDS is a problem naming it', () => {
    const unknown = readThrottleText('reads=1/2').problems
    assert.deepEqual(
      unknown.map((p) => [p.rule, p.allowedValues]),
      [['enum', ['calls', 'read', 'write']]],
    )
    assert.match(unknown[0]!.message, /'reads' is not a budget/)
    for (const bad of ['read=10', 'read=10/60/2', 'read=/60', 'read='])
      assert.deepEqual(
        readThrottleText(bad).problems.map((p) => [p.target, p.rule]),
        [['read', 'format']],
        bad,
      )
  })

  test('budgetFromText reads LIMIT/SECONDS only', () => {
    assert.deepEqual(budgetFromText('10/60'), { limit: '10', periodSeconds: '60' })
    assert.equal(budgetFromText('10'), undefined)
    assert.equal(budgetFromText('1/2/3'), undefined)
  })

  test('throttleText writes what readThrottleText reads', () => {
    assert.equal(throttleText({ profile: 'off' }), 'off')
    assert.equal(
      throttleText({
        profile: 'custom',
        write: { limit: 20, periodSeconds: 60 },
        read: { limit: 100, periodSeconds: 60 },
      }),
      'read=100/60,write=20/60',
    )
  })
})
