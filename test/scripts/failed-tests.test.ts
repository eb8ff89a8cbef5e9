// The list of failed tests printed at the end of `npm test`: each failed test once, with its
// suites, location and error; a suite that failed only because a test in it did is not listed
// again, and passing or skipped tests are not listed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FailedTests } from '../../scripts/failed-tests.js'

const tap = `TAP version 13
# Subtest: on PostgreSQL: test/http/a.test.ts
    # Subtest: the suite
        # Subtest: passes
        ok 1 - passes
          ---
          duration_ms: 1.5
          ...
        # Subtest: breaks
        not ok 2 - breaks
          ---
          duration_ms: 2.5
          location: '/repo/test/http/a.test.ts:10:3'
          failureType: 'testCodeFailure'
          error: |-
            Expected values to be strictly equal:
            1 !== 2
          code: 'ERR_ASSERTION'
          ...
        # Subtest: skipped
        ok 3 - skipped # SKIP no browser
        1..3
    not ok 1 - the suite
      ---
      duration_ms: 5
      type: 'suite'
      failureType: 'subtestsFailed'
      error: '1 subtest failed'
      ...
not ok 1 - on PostgreSQL: test/http/a.test.ts
  ---
  duration_ms: 6
  failureType: 'subtestsFailed'
  ...
# Subtest: test/b.test.ts
not ok 2 - test/b.test.ts
  ---
  duration_ms: 7
  location: '/repo/test/b.test.ts:1:1'
  failureType: 'testCodeFailure'
  error: 'file failed to load'
  ...
# Subtest: test/c.test.ts
ok 3 - test/c.test.ts
1..3
# pass 2
# fail 2`

function read(text: string): FailedTests {
  const failed = new FailedTests()
  for (const line of text.split('\n')) failed.line(line)
  failed.end()
  return failed
}

test('each failed test is listed once with its suites, location and error; parents, passes and skips are not', () => {
  const failed = read(tap)
  assert.deepEqual(
    failed.found.map((f) => f.path),
    [['on PostgreSQL: test/http/a.test.ts', 'the suite', 'breaks'], ['test/b.test.ts']],
  )
  assert.deepEqual(failed.found[0]!.detail, [
    "location: '/repo/test/http/a.test.ts:10:3'",
    "failureType: 'testCodeFailure'",
    'error: |-',
    'Expected values to be strictly equal:',
    '1 !== 2',
    "code: 'ERR_ASSERTION'",
  ])
  const summary = failed.summary()
  assert.match(summary, /^# failed tests \(2\):\n/)
  assert.match(summary, /# {3}on PostgreSQL: test\/http\/a\.test\.ts > the suite > breaks\n/)
  assert.match(summary, /# {7}error: 'file failed to load'\n/)
})

test('a run without failures prints nothing more', () => {
  assert.equal(read('TAP version 13\n# Subtest: x\nok 1 - x\n1..1\n# pass 1\n# fail 0').summary(), '')
})

test('failures with no detail block are listed, the last one too', () => {
  const failed = read('# Subtest: x\nnot ok 1 - x\n# Subtest: y\nnot ok 2 - y\n# Subtest: z\nnot ok 3 - z')
  assert.deepEqual(
    failed.found.map((f) => f.path),
    [['x'], ['y'], ['z']],
  )
})
