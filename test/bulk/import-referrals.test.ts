// The import loop against a stand-in for the Referrals API: which call each row makes, how many
// run at once, what a refusal turns into, and the PATCH an update sends.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blankReferral } from '../../src/bulk/blank-referral.js'
import { csvRowReader, csvRows, type CsvRow } from '../../src/bulk/csv-rows.js'
import { readCsv } from '../../src/bulk/csv-parser.js'
import { importReferrals, type ReferralTarget, type RowOutcome } from '../../src/bulk/import-referrals.js'
import { patchOperations } from '../../src/bulk/patch-operations.js'
import { columnOfTarget } from '../../src/bulk/problem-column.js'
import { ApiError } from '../../src/client/errors.js'
import type { Referral } from '../../src/domain/referral/schema.js'

const header = 'Referral ID,Deal Name,Customer City,Estimated Deal Value'

function stored(id: string, name: string): Referral {
  return { ...blankReferral(), id, name, eTag: `"${id}-1"` }
}

class FakeApi implements ReferralTarget {
  readonly calls: string[] = []
  inFlight = 0
  mostInFlight = 0
  conflicts = 0
  constructor(
    readonly referrals = new Map<string, Referral>(),
    readonly refuse?: (body: Record<string, unknown>) => ApiError | undefined,
  ) {}

  private async call<T>(name: string, work: () => T): Promise<T> {
    this.calls.push(name)
    this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight)
    await new Promise((resolve) => setImmediate(resolve))
    this.inFlight--
    return work()
  }

  get(id: string) {
    return this.call(`get ${id}`, () => this.referrals.get(id))
  }

  create(body: object) {
    return this.call(`create ${(body as { name: string }).name}`, () => {
      const refusal = this.refuse?.(body as Record<string, unknown>)
      if (refusal) throw refusal
      return { ...blankReferral(), ...body }
    })
  }

  patch(id: string, operations: readonly { path: string }[], eTag: string) {
    return this.call(`patch ${id} ${operations.map((o) => o.path).join(' ')} ${eTag}`, () => {
      if (this.conflicts > 0) {
        this.conflicts--
        this.referrals.set(id, { ...this.referrals.get(id)!, eTag: `"${id}-2"` })
        throw new ApiError(412, { error: { code: 'preconditionFailed', message: 'eTag' } })
      }
      return this.referrals.get(id)!
    })
  }
}

async function run(csv: string, api: FakeApi, options = { concurrency: 8, dryRun: false }) {
  const rows = csvRows(readCsv([csv]), () => undefined)
  const outcomes: RowOutcome<CsvRow>[] = []
  for await (const outcome of importReferrals(rows, csvRowReader, api, options)) outcomes.push(outcome)
  return outcomes.sort((a, b) => a.index - b.index)
}

test('a row without an id creates, one whose id exists updates only what differs, an unknown id creates', async () => {
  const api = new FakeApi(
    new Map([['r1', { ...stored('r1', 'Old'), details: { ...blankReferral().details, dealValue: 5 } }]]),
  )
  const outcomes = await run(`${header}\n,New deal,Paris,1\nr1,Renamed,,5\nr9,Moved deal,Oslo,2\n`, api)
  assert.deepEqual(
    outcomes.map((o) => o.result),
    ['created', 'updated', 'created'],
  )
  assert.ok(api.calls.includes('patch r1 /name "r1-1"'), api.calls.join('\n'))
  assert.ok(api.calls.includes('create Moved deal'))
})

test('a row that asks for no change sends no PATCH', async () => {
  const api = new FakeApi(new Map([['r1', stored('r1', 'Same')]]))
  const [outcome] = await run(`${header}\nr1,Same,,\n`, api)
  assert.equal(outcome!.result, 'unchanged')
  assert.deepEqual(api.calls, ['get r1'])
})

test('no more rows are in flight than the concurrency allows', async () => {
  const api = new FakeApi()
  const rows = Array.from({ length: 40 }, (_, i) => `,Deal ${i},City,1`).join('\n')
  const outcomes = await run(`${header}\n${rows}\n`, api, { concurrency: 3, dryRun: false })
  assert.equal(outcomes.length, 40)
  assert.equal(api.mostInFlight, 3)
})

test('a row the service refuses fails alone, its problems under the columns they name', async () => {
  const refusal = new ApiError(
    400,
    {
      error: {
        code: 'invalidRequest',
        message: 'The referral is not valid.',
        innerError: {
          details: [
            {
              code: 'required',
              target: 'customerProfile.address.city',
              message: 'customerProfile.address.city is required.',
            },
            { code: 'format', target: 'team[1].email', message: 'team[1].email must be an email address.' },
          ],
        },
      },
    },
    { requestId: 'req-1' },
  )
  const api = new FakeApi(new Map(), (body) => ((body.name as string) === 'Bad' ? refusal : undefined))
  const outcomes = await run(`${header}\n,Good,Rome,1\n,Bad,,1\n`, api)
  assert.deepEqual(
    outcomes.map((o) => o.result),
    ['created', 'failed'],
  )
  assert.deepEqual(
    outcomes[1]!.problems.map((p) => p.column),
    ['Customer City', 'Team member 2'],
  )
})

test('cells that cannot be read fail the row before any request', async () => {
  const api = new FakeApi()
  const [outcome] = await run(`${header}\n,Deal,Rome,lots\n`, api)
  assert.equal(outcome!.result, 'failed')
  assert.equal(outcome!.problems[0]!.column, 'Estimated Deal Value')
  assert.deepEqual(api.calls, [])
})

test('a row with more fields than the header fails', async () => {
  const [outcome] = await run(`${header}\n,Deal,Rome,1,extra\n`, new FakeApi())
  assert.equal(outcome!.result, 'failed')
  assert.match(outcome!.problems[0]!.message, /1 more field/)
})

test('a referral changed since it was read is read again and patched with its new eTag', async () => {
  const api = new FakeApi(new Map([['r1', stored('r1', 'Old')]]))
  api.conflicts = 1
  const [outcome] = await run(`${header}\nr1,New,,\n`, api)
  assert.equal(outcome!.result, 'updated')
  assert.deepEqual(
    api.calls.filter((c) => c.startsWith('patch')),
    ['patch r1 /name "r1-1"', 'patch r1 /name "r1-2"'],
  )
})

test('a dry run reads ids but creates and changes nothing', async () => {
  const api = new FakeApi(new Map([['r1', stored('r1', 'Old')]]))
  const outcomes = await run(`${header}\n,New,Rome,1\nr1,Renamed,,\n`, api, { concurrency: 8, dryRun: true })
  assert.deepEqual(
    outcomes.map((o) => o.result),
    ['created', 'updated'],
  )
  assert.deepEqual(api.calls, ['get r1'])
})

test('an error that is not the service’s answer ends the import', async () => {
  const api = new FakeApi()
  api.create = () => Promise.reject(new TypeError('fetch failed'))
  await assert.rejects(run(`${header}\n,A,Rome,1\n,B,Rome,1\n`, api), /fetch failed/)
})

test('the PATCH of an update replaces changed fields only, status before substatus', () => {
  const before = stored('r1', 'Deal')
  const after = structuredClone(before)
  Object.assign(after, { status: 'Closed', substatus: 'Lost', statusReason: 'Others' })
  after.customerProfile.address.city = 'Rome'
  assert.deepEqual(
    patchOperations(before, after).map((o) => [o.path, o.value]),
    [
      ['/status', 'Closed'],
      ['/substatus', 'Lost'],
      ['/statusReason', 'Others'],
      ['/customerProfile/address', after.customerProfile.address],
    ],
  )
  assert.deepEqual(patchOperations(before, { name: 'Deal' }), [])
})

test('an empty cell leaves empty text as it is (a CSV cannot tell it from null), and clears text that was there', () => {
  const before = stored('r1', 'Deal')
  before.team = [{ ...before.team[0]!, firstName: 'Ann', email: '' }] as typeof before.team
  before.customerProfile.address.city = ''
  const read = structuredClone(before)
  read.team = [{ ...read.team[0]!, email: null }]
  read.customerProfile.address.city = null
  assert.deepEqual(patchOperations(before, read), [])
  read.team = [{ ...read.team[0]!, firstName: null }]
  assert.deepEqual(
    patchOperations(before, read).map((o) => o.path),
    ['/team'],
  )
  assert.deepEqual((patchOperations(before, read)[0]!.value as { email: unknown }[])[0]!.email, '')
})

test('a problem’s target names its column, dotted or as a JSON pointer', () => {
  const cases: [string, string | undefined][] = [
    ['customerProfile.address.city', 'Customer City'],
    ['/customerProfile/address/city', 'Customer City'],
    ['details.requirements.solutions[2].id', 'Solution 3'],
    ['/team/0/email', 'Team member 1'],
    ['customerProfile.team[0].email', 'Customer Contact Email Address'],
    ['consent.consentToContact', 'Consent to share Customer/Partner contact'],
    ['statusReason', 'Declined/Lost/Error reason'],
    ['details.requirements.additionalRequirements.attributes', 'Marketplace Purchase Intent'],
    ['body', undefined],
  ]
  for (const [target, column] of cases) assert.equal(columnOfTarget(target), column, target)
})
