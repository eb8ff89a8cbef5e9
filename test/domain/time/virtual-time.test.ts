import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseDuration } from '../../../src/domain/time/duration.js'
import { changeClock, clockView, wallTime, type ClockState } from '../../../src/domain/time/virtual-time.js'

const wall = new Date('2026-03-01T10:00:00.000Z')
const later = new Date('2026-03-01T10:05:00.000Z')

function changed(state: ClockState, change: Parameters<typeof changeClock>[1], at = wall): ClockState {
  const outcome = changeClock(state, change, at)
  if ('problem' in outcome) throw new Error(outcome.problem.message)
  return outcome.state
}

describe('the virtual clock as values', () => {
  test('advancing a running clock adds to its offset; it keeps running with wall time', () => {
    const state = changed(wallTime, { advance: parseDuration('P14DT1H')! })
    assert.deepEqual(clockView(state, wall), {
      now: '2026-03-15T11:00:00.0000000Z',
      frozen: false,
      offset: 'P14DT1H',
    })
    assert.equal(clockView(state, later).now, '2026-03-15T11:05:00.0000000Z')
  })

  test('a frozen clock stands still while wall time runs, and its offset shrinks', () => {
    const state = changed(wallTime, { freeze: true })
    assert.deepEqual(clockView(state, later), {
      now: '2026-03-01T10:00:00.0000000Z',
      frozen: true,
      offset: '-PT5M',
    })
  })

  test('advancing a frozen clock moves the instant it stands at', () => {
    const state = changed(changed(wallTime, { freeze: true }), { advance: parseDuration('P1D')! }, later)
    assert.deepEqual(clockView(state, later).now, '2026-03-02T10:00:00.0000000Z')
    assert.equal(state.frozenAtMs !== null, true)
  })

  test('resuming runs on from where the clock stood, never jumping back to wall time', () => {
    const frozen = changed(changed(wallTime, { advance: parseDuration('P2D')! }), { freeze: true })
    const resumed = changed(frozen, { resume: true }, later)
    assert.deepEqual(clockView(resumed, later), {
      now: '2026-03-03T10:00:00.0000000Z',
      frozen: false,
      offset: 'P1DT23H55M',
    })
  })

  test('set moves the clock to an instant, frozen or not', () => {
    const target = new Date('2026-04-01T00:00:00.000Z')
    assert.equal(clockView(changed(wallTime, { set: target }), later).now, '2026-04-01T00:05:00.0000000Z')
    const frozen = changed(changed(wallTime, { freeze: true }), { set: target })
    assert.equal(clockView(frozen, later).now, '2026-04-01T00:00:00.0000000Z')
  })

  test('set never takes the clock backwards, and says why', () => {
    const outcome = changeClock(wallTime, { set: new Date('2026-02-28T00:00:00.000Z') }, wall)
    assert.ok('problem' in outcome)
    assert.equal(outcome.problem.target, 'set')
    assert.equal(outcome.problem.rule, 'backwards')
    assert.match(outcome.problem.message, /time does not run backwards/)
  })

  test('the clock cannot pass the year 9999', () => {
    const outcome = changeClock(wallTime, { advance: parseDuration('P9000Y')! }, wall)
    assert.ok('problem' in outcome)
    assert.equal(outcome.problem.rule, 'range')
  })
})
