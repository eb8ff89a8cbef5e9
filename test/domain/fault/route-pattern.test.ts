// A fault rule's route: METHOD /path with * for one segment and ** for any rest, matched with the
// router's leniencies (case, doubled and trailing slashes, the query left out).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  parseRoutePattern,
  routeMatches,
  type RoutePattern,
} from '../../../src/domain/fault/route-pattern.js'

const pattern = (text: string): RoutePattern => {
  const parsed = parseRoutePattern(text)
  assert.ok(!('target' in parsed), `${text} did not parse`)
  return parsed
}

describe('fault route patterns', () => {
  const cases: readonly [string, string, string, boolean][] = [
    ['PATCH /v1.0/engagements/referrals/*', 'PATCH', '/v1.0/engagements/referrals/abc', true],
    ['PATCH /v1.0/engagements/referrals/*', 'PUT', '/v1.0/engagements/referrals/abc', false],
    ['PATCH /v1.0/engagements/referrals/*', 'PATCH', '/v1.0/engagements/referrals', false],
    ['PATCH /v1.0/engagements/referrals/*', 'PATCH', '/v1.0/engagements/referrals/a/b', false],
    ['GET /v1.0/engagements/referrals', 'GET', '/V1.0/Engagements//referrals/?$top=5', true],
    ['GET /v1.0/engagements/referrals', 'HEAD', '/v1.0/engagements/referrals', true],
    ['get /v1.0/**', 'GET', '/v1.0/referrals/abc', true],
    ['* /**', 'DELETE', '/anything/at/all', true],
    ['GET /v1.0/engagements/referrals', 'GET', '/v1.0/engagements/referralsX', false],
    ['GET /v1.0/engagements/referrals.json', 'GET', '/v1.0/engagements/referralsXjson', false],
  ]
  for (const [text, method, path, expected] of cases) {
    test(`${text} ${expected ? 'matches' : 'does not match'} ${method} ${path}`, () => {
      assert.equal(routeMatches(pattern(text), method, path), expected)
    })
  }

  test('a pattern without a method or path, with an unknown method, or with a query is refused', () => {
    assert.deepEqual(
      ['/v1.0/referrals', 'FETCH /v1.0/referrals', 'GET /v1.0/referrals?$top=1', 'GET v1.0'].map((text) => {
        const parsed = parseRoutePattern(text)
        return 'rule' in parsed ? parsed.rule : 'parsed'
      }),
      ['format', 'enum', 'format', 'format'],
    )
  })
})
