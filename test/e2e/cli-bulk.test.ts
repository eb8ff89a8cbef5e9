// `cosell export` and `cosell import` as a user runs them: real server, real CLI, files on disk.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { readCsv } from '../../src/bulk/csv-parser.js'
import { HttpClient } from '../../src/client/client.js'
import { emulatorToken } from '../../src/client/emulator-token.js'
import { ReferralsApi } from '../../src/client/referrals.js'
import type { Referral } from '../../src/domain/referral/schema.js'
import { cliServer } from '../support/cli-server.js'

const { cosell, url } = cliServer('bulk')
const dir = mkdtempSync(join(tmpdir(), 'cosell-bulk-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const tenant = (n: number) =>
  `${String(n).repeat(8)}-${String(n).repeat(4)}-4${String(n).repeat(3)}-8${String(n).repeat(3)}-${String(n).repeat(12)}`
const as = (n: number) => ['--tenant', tenant(n)]

async function referralsOf(n: number): Promise<Referral[]> {
  const http = new HttpClient({
    baseUrl: url(),
    token: emulatorToken({ tid: tenant(n), upn: 'john@partner.example' }),
  })
  const all: Referral[] = []
  for await (const r of new ReferralsApi(http).all()) all.push(r)
  return all
}

/**
 * What a create in another tenant necessarily changes: the ids, the owner, the times the service
 * stamps, the eTag, the links built from the id, and who invited (the importing organisation).
 */
function comparable(r: Referral): unknown {
  const {
    id: _id,
    engagementId: _engagementId,
    organizationId: _organizationId,
    organizationName: _organizationName,
    mpnId: _mpnId,
    createdDateTime: _created,
    updatedDateTime: _updated,
    acceptedDateTime: _accepted,
    closedDateTime: _closed,
    eTag: _eTag,
    links: _links,
    ...kept
  } = r
  const { invitedBy: _invitedBy, invitedMpnId: _invitedMpnId, ...invite } = r.inviteContext
  return { ...kept, inviteContext: invite }
}

function byName(list: readonly Referral[]): unknown[] {
  return [...list].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')).map(comparable)
}

async function failure(command: Promise<string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return command.then(
    (stdout) => assert.fail(`the command succeeded: ${stdout}`),
    (error: unknown) => error as { code: number; stdout: string; stderr: string },
  )
}

async function records(path: string): Promise<string[][]> {
  const all: string[][] = []
  for await (const record of readCsv([readFileSync(path, 'utf8')])) all.push(record.fields)
  return all
}

test('a CSV in Partner Center’s layout imports, and its export imported into an empty tenant gives the same referrals', async () => {
  const imported = await cosell('import', 'test/fixtures/bulk-deals.csv', ...as(1))
  assert.match(
    imported,
    /^cosell import: 3 rows read, 3 created, 0 updated, 0 unchanged, 0 failed in .* rows\/s\)\n$/,
  )
  const file = join(dir, 'deals.csv')
  await cosell('export', '--out', file, ...as(1))
  const [header, ...rows] = await records(file)
  assert.deepEqual(header!.slice(0, 4), ['Errors', 'Engagement ID', 'Referral ID', 'Deal Name'])
  assert.equal(rows.length, 3)
  assert.match(
    await cosell('import', file, ...as(2)),
    /3 rows read, 3 created, 0 updated, 0 unchanged, 0 failed/,
  )
  const [source, copy] = [await referralsOf(1), await referralsOf(2)]
  assert.equal(copy.length, 3)
  assert.deepEqual(byName(copy), byName(source))
  const lost = copy.find((r) => r.name === 'Northwind lost deal')!
  assert.deepEqual(
    [lost.status, lost.substatus, lost.statusReason],
    ['Closed', 'Lost', 'Customer chose another vendor'],
  )
})

test('JSON lines carry whole referrals: export then import into an empty tenant gives the same referrals', async () => {
  await cosell('referrals', 'create', 'test/fixtures/create-partner-led.json', ...as(3))
  await cosell('referrals', 'create', 'test/fixtures/create-private.json', ...as(3))
  const file = join(dir, 'deals.jsonl')
  await cosell('export', '--format', 'jsonl', '--out', file, ...as(3))
  assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2)
  assert.match(await cosell('import', file, ...as(4)), /2 rows read, 2 created/)
  assert.deepEqual(byName(await referralsOf(4)), byName(await referralsOf(3)))
})

test('importing an export back changes nothing; an edited cell updates that referral only', async () => {
  const file = join(dir, 'again.csv')
  await cosell('export', '--out', file, ...as(1))
  assert.match(
    await cosell('import', file, ...as(1)),
    /3 rows read, 0 created, 0 updated, 3 unchanged, 0 failed/,
  )
  writeFileSync(file, readFileSync(file, 'utf8').replace(',12563,', ',15000,'))
  assert.match(await cosell('import', file, ...as(1)), /0 created, 1 updated, 2 unchanged/)
  const deal = (await referralsOf(1)).find((r) => r.name === 'UK spring deal')!
  assert.equal(deal.details.dealValue, 15000)
})

test('failed rows go to the errors file with what was wrong, by column; the others import; exit code 1', async () => {
  const errors = join(dir, 'errors.csv')
  const result = await failure(
    cosell('import', 'test/fixtures/bulk-errors.csv', '--errors', errors, ...as(5)),
  )
  assert.equal(result.code, 1)
  assert.match(result.stdout, /3 rows read, 1 created, 0 updated, 0 unchanged, 2 failed .*; failed rows in /)
  assert.match(result.stderr, /unknown columns, ignored: "Favourite colour"/)
  const [header, ...rows] = await records(errors)
  const input = await records('test/fixtures/bulk-errors.csv')
  assert.deepEqual(header, ['Errors', ...input[0]!])
  const byDeal = new Map(rows.map((r) => [r[1], r]))
  assert.deepEqual(byDeal.get('Bad date')!.slice(1), input[2])
  assert.match(
    byDeal.get('Bad date')![0]!,
    /^Estimated Close Date: '31\/03\/2027' is not a date in the form MM\/DD\/YYYY/,
  )
  assert.match(byDeal.get('No city')![0]!, /^Customer City: customerProfile\.address\.city is required/)
  assert.deepEqual(
    (await referralsOf(5)).map((r) => r.name),
    ['Good deal'],
  )
})

test('a dry run reports what would happen and writes nothing', async () => {
  const out = await cosell('import', 'test/fixtures/bulk-deals.csv', '--dry-run', ...as(6))
  assert.match(out, /dry run, nothing written\): 3 rows read, would be 3 created/)
  assert.deepEqual(await referralsOf(6), [])
})

test('a file that is not CSV to the end stops the import with the line it broke on', async () => {
  const file = join(dir, 'broken.csv')
  writeFileSync(file, 'Deal Name,Customer City\n"unterminated,Rome\n')
  const result = await failure(cosell('import', file, ...as(7)))
  assert.equal(result.code, 1)
  assert.match(result.stderr, /line 2: a quoted field is not closed/)
})
