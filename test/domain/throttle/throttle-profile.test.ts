// Throttle profiles: which budgets a call draws on, and what the schema cannot check.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { readValue } from '../../../src/domain/read-value.js'
import {
  budgetsFor,
  callClassOf,
  canonicalProfile,
  connectorBudget,
  profileProblems,
  ThrottleProfileSchema,
  type ThrottleProfile,
} from '../../../src/domain/throttle/throttle-profile.js'

const custom: ThrottleProfile = {
  profile: 'custom',
  read: { limit: 10, periodSeconds: 60 },
  write: { limit: 5, periodSeconds: 60 },
}

describe('throttle profiles', () => {
  test('GET and HEAD read; every other method writes', () => {
    assert.deepEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].map(callClassOf), [
      'read',
      'read',
      'write',
      'write',
      'write',
      'write',
    ])
  })

  test('off limits nothing; connector puts reads and writes on one budget of 100 per 60 s', () => {
    assert.deepEqual(budgetsFor({ profile: 'off' }, 'read'), [])
    assert.deepEqual(budgetsFor({ profile: 'connector' }, 'read'), [['calls', connectorBudget]])
    assert.deepEqual(budgetsFor({ profile: 'connector' }, 'write'), [['calls', connectorBudget]])
    assert.deepEqual(connectorBudget, { limit: 100, periodSeconds: 60 })
  })

  test('a custom profile draws reads and writes on their own budgets, and every call on calls', () => {
    assert.deepEqual(budgetsFor(custom, 'read'), [['read', custom.read]])
    assert.deepEqual(budgetsFor(custom, 'write'), [['write', custom.write]])
    const both: ThrottleProfile = {
      profile: 'custom',
      calls: { limit: 50, periodSeconds: 60 },
      write: custom.write,
    }
    assert.deepEqual(budgetsFor(both, 'read'), [['calls', both.calls]])
    assert.deepEqual(budgetsFor(both, 'write'), [
      ['calls', both.calls],
      ['write', custom.write],
    ])
  })

  test('the schema names the field and the rule of a bad budget', () => {
    const { problems } = readValue(ThrottleProfileSchema, {
      profile: 'sometimes',
      read: { limit: 0, periodSeconds: 'x' },
      write: { limit: 10 },
    })
    assert.deepEqual(
      problems.map((p) => [p.target, p.rule]),
      [
        ['profile', 'enum'],
        ['read.limit', 'minimum'],
        ['read.periodSeconds', 'type'],
        ['write.periodSeconds', 'required'],
      ],
    )
    assert.deepEqual(problems[0]?.allowedValues, ['off', 'connector', 'custom'])
  })

  test('numbers sent as text are read as numbers; budgets left out stay out', () => {
    const { value, problems } = readValue(ThrottleProfileSchema, {
      Profile: 'Custom',
      write: { limit: '5', periodSeconds: '60' },
    })
    assert.deepEqual(problems, [])
    assert.deepEqual(value, { profile: 'custom', write: { limit: 5, periodSeconds: 60 } })
  })

  test('a custom profile needs a budget; off and connector take none', () => {
    assert.deepEqual(
      profileProblems({ profile: 'custom' }).map((p) => [p.target, p.rule, p.allowedValues]),
      [['profile', 'required', ['calls', 'read', 'write']]],
    )
    assert.deepEqual(
      profileProblems({ profile: 'connector', read: custom.read }).map((p) => [p.target, p.rule]),
      [['read', 'custom']],
    )
    assert.deepEqual(profileProblems(custom), [])
  })

  test('the canonical profile keeps only what the profile uses', () => {
    assert.deepEqual(canonicalProfile({ profile: 'off', read: custom.read }), { profile: 'off' })
    assert.deepEqual(canonicalProfile(custom), custom)
  })
})
