// The client report read from synthetic journal entries: each finding is raised when the client
// did the thing, and not when it did not.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { clientReport, noUserAgent } from '../../../src/domain/journal/client-report.js'
import type { Finding } from '../../../src/domain/journal/finding.js'
import type { JournalEntry } from '../../../src/domain/journal/journal-entry.js'

const t0 = Date.parse('2026-03-01T10:00:00Z')
let counter = 0

function entry(change: Partial<JournalEntry> & { s?: number }): JournalEntry {
  const { s = 0, ...rest } = change
  return {
    at: t0 + s * 1000,
    ms: 2,
    method: 'GET',
    url: '/v1.0/engagements/referrals/r1',
    status: 200,
    requestId: `req-${++counter}`,
    correlationId: undefined,
    clientRequestId: undefined,
    userAgent: 'crm-sync/1.0',
    user: 'john@partner.example',
    ifMatch: false,
    retryAfter: undefined,
    answer: 'etag-1',
    error: undefined,
    notes: undefined,
    refused: undefined,
    ...rest,
  }
}

function findings(entries: readonly JournalEntry[], kind: Finding['kind']): Finding[] {
  return clientReport('t', entries).clients.flatMap((c) => c.findings.filter((f) => f.kind === kind))
}

const refusal = (s: number, status = 429) =>
  entry({ s, method: 'POST', url: '/v1.0/engagements/referrals', status, retryAfter: 5, answer: undefined })
const post = (s: number) =>
  entry({ s, method: 'POST', url: '/v1.0/engagements/referrals', answer: undefined })

describe('client report: retries before Retry-After ran out', () => {
  test('a 429 with Retry-After: 5 followed by the same request 1 s later is an early retry', () => {
    const retry = post(1)
    const [finding, ...more] = findings([refusal(0), retry], 'earlyRetry')
    assert.equal(more.length, 0)
    assert.equal(finding?.count, 1)
    assert.deepEqual(finding?.examples, [retry.requestId])
    assert.match(
      finding?.what ?? '',
      /POST \/v1\.0\/engagements\/referrals again after 1\.0 s when 5 s were asked/,
    )
  })

  test('a 503 with Retry-After counts the same way', () => {
    assert.equal(findings([refusal(0, 503), post(2)], 'earlyRetry').length, 1)
  })

  test('a retry after the Retry-After has passed is not flagged', () => {
    assert.deepEqual(findings([refusal(0), post(6)], 'earlyRetry'), [])
  })

  test('a request for another path, or from another client, is not a retry', () => {
    const other = entry({ s: 1, url: '/v1.0/engagements/referrals/r2' })
    const otherClient = entry({ ...post(1), userAgent: 'dashboard/2.0' })
    assert.deepEqual(findings([refusal(0), other, otherClient], 'earlyRetry'), [])
  })

  test('only the first request after a refusal is judged: a later early retry needs its own refusal', () => {
    const early = findings([refusal(0), post(6), post(7)], 'earlyRetry')
    assert.deepEqual(early, [])
  })
})

describe('client report: writes without If-Match', () => {
  test('PUTs and PATCHes without If-Match are counted; those with it are not', () => {
    const entries = [
      entry({ method: 'PUT', s: 0 }),
      entry({ method: 'PATCH', s: 1 }),
      entry({ method: 'PATCH', s: 2 }),
      entry({ method: 'PATCH', s: 3, ifMatch: true }),
      entry({ method: 'PUT', s: 4, ifMatch: true }),
    ]
    const [finding] = findings(entries, 'writeWithoutIfMatch')
    assert.equal(finding?.count, 3)
    assert.equal(finding?.what, '1 PUT and 2 PATCHes were sent without an If-Match header.')
  })

  test('a client that always sends If-Match has no such finding', () => {
    assert.deepEqual(findings([entry({ method: 'PATCH', ifMatch: true })], 'writeWithoutIfMatch'), [])
  })
})

describe('client report: writes after a 412', () => {
  const patch = (s: number, status = 200) =>
    entry({ s, method: 'PATCH', ifMatch: true, status, answer: undefined })

  test('a PATCH answered 412 then another PATCH of the same referral without a GET is flagged', () => {
    const again = patch(1)
    const [finding] = findings([patch(0, 412), again], 'writeAfter412WithoutRead')
    assert.equal(finding?.count, 1)
    assert.deepEqual(finding?.examples, [again.requestId])
  })

  test('a 412 followed by a GET of the referral, then the write, is what a client should do', () => {
    assert.deepEqual(findings([patch(0, 412), entry({ s: 1 }), patch(2)], 'writeAfter412WithoutRead'), [])
  })
})

describe('client report: polling that webhooks would replace', () => {
  const polls = (
    count: number,
    every: (i: number) => number,
    answer: (i: number) => string = () => 'etag-1',
  ) => {
    let s = 0
    return Array.from({ length: count }, (_, i) => {
      if (i > 0) s += every(i)
      return entry({ s, answer: answer(i) })
    })
  }

  test('the same GET 12 times every 5 s with the same answer is a polling loop', () => {
    const entries = polls(12, () => 5)
    const [finding] = findings(entries, 'polling')
    assert.equal(finding?.count, 12)
    assert.deepEqual(finding?.examples, [entries[0]!.requestId])
    assert.match(finding?.what ?? '', /sent 12 times about every 5\.0 s and got the same answer each time/)
  })

  test('intervals that wobble within the tolerance are still steady', () => {
    assert.equal(
      findings(
        polls(10, (i) => (i % 2 ? 4.6 : 5.4)),
        'polling',
      ).length,
      1,
    )
  })

  test('answers that changed are not polling: the client learnt something each time', () => {
    assert.deepEqual(
      findings(
        polls(
          12,
          () => 5,
          (i) => `etag-${i}`,
        ),
        'polling',
      ),
      [],
    )
  })

  test('a changed status breaks the loop as a changed eTag does', () => {
    const entries = polls(12, () => 5).map((e, i) => (i === 6 ? { ...e, status: 404 } : e))
    assert.deepEqual(findings(entries, 'polling'), [])
  })

  test('fewer than 10 repeats are not a loop', () => {
    assert.deepEqual(
      findings(
        polls(9, () => 5),
        'polling',
      ),
      [],
    )
  })

  test('irregular intervals are not a loop', () => {
    assert.deepEqual(
      findings(
        polls(12, (i) => [1, 9, 3, 20][i % 4]!),
        'polling',
      ),
      [],
    )
  })

  test('a burst faster than one a second is not a polling loop', () => {
    assert.deepEqual(
      findings(
        polls(20, () => 0.1),
        'polling',
      ),
      [],
    )
  })

  test('a loop after a change of answer is found from where the answer settled', () => {
    const entries = polls(
      15,
      () => 5,
      (i) => (i < 3 ? `etag-${i}` : 'etag-final'),
    )
    const [finding] = findings(entries, 'polling')
    assert.equal(finding?.count, 12)
    assert.deepEqual(finding?.examples, [entries[3]!.requestId])
  })
})

describe('client report: requests refused by validation', () => {
  test('refusals are grouped by rule and field, the most frequent first, with example request ids', () => {
    const size = { target: 'customerProfile.size', rule: 'enum' }
    const name = { target: 'customerProfile.name', rule: 'required' }
    const entries = [
      entry({ status: 400, refused: [size, name] }),
      entry({ status: 400, refused: [size] }),
      entry({ status: 400, refused: [size] }),
    ]
    const found = findings(entries, 'refusedByValidation')
    assert.deepEqual(
      found.map((f) => [f.rule, f.target, f.count, f.examples.length]),
      [
        ['enum', 'customerProfile.size', 3, 3],
        ['required', 'customerProfile.name', 1, 1],
      ],
    )
    assert.equal(found[0]?.title, 'Refused by validation: enum on customerProfile.size')
  })
})

describe('client report: clients', () => {
  test('a client is a User-Agent; the busiest first; one with no User-Agent is named so', () => {
    const report = clientReport('t', [
      entry({ userAgent: 'a/1' }),
      entry({ userAgent: undefined }),
      entry({ userAgent: undefined, s: 1 }),
    ])
    assert.deepEqual(
      report.clients.map((c) => [c.userAgent, c.requests, c.findings.length]),
      [
        [noUserAgent, 2, 0],
        ['a/1', 1, 0],
      ],
    )
  })

  test('every finding says what, why and what to do instead', () => {
    const entries = [
      refusal(0),
      post(1),
      entry({ method: 'PATCH', s: 2, refused: [{ target: 'x', rule: 'y' }] }),
    ]
    const all = clientReport('t', entries).clients.flatMap((c) => c.findings)
    assert.equal(all.length, 3)
    for (const f of all)
      for (const text of [f.what, f.why, f.instead]) assert.match(text, /^[A-Z0-9].{20,}\.$/)
  })

  test('an empty journal gives an empty report', () => {
    assert.deepEqual(clientReport('t', []), { tenant: 't', requests: 0, clients: [] })
  })
})
