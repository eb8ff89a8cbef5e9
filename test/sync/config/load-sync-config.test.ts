// The configuration file and its mapping are checked at load: every problem named with its place.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { loadSyncConfig, SyncConfigError } from '../../../src/sync/config/load-sync-config.js'

const dir = mkdtempSync(join(tmpdir(), 'cosell-sync-config-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, value: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value))
  return file
}

function problems(file: string): string[] {
  try {
    loadSyncConfig(file)
  } catch (error) {
    assert.ok(error instanceof SyncConfigError, String(error))
    return error.problems.map((p) => `${p.target}: ${p.message}`)
  }
  return assert.fail('loaded')
}

const crm = { type: 'csv', path: 'deals.csv' }

describe('loading a sync configuration', () => {
  test("a minimal file takes the connector's default mapping and keeps its state beside the file", () => {
    const loaded = loadSyncConfig(write('ok.json', { name: 'crm', crm }))
    assert.equal(loaded.mapping.crmReferralId, 'referral_id')
    assert.equal(loaded.state, join(dir, '.cosell-sync', 'crm.db'))
  })

  test('an unknown connector names the types there are', () => {
    const [problem] = problems(write('type.json', { name: 'crm', crm: { type: 'zoho' } }))
    assert.match(
      problem ?? '',
      /crm.type: crm.type must be one of: sql, csv, dataverse, salesforce, hubspot, mirror/,
    )
  })

  test('every problem of the file, the connector block and the mapping is reported', () => {
    const found = problems(write('bad.json', { name: 'has space', crm, poll: { crm: 0 }, extra: 1 }))
    assert.ok(
      found.some((p) => p.startsWith('name:')),
      found.join('\n'),
    )
    assert.ok(
      found.some((p) => p.startsWith('poll.crm:')),
      found.join('\n'),
    )
    assert.ok(found.length >= 3, found.join('\n'))
    const connector = problems(write('conn.json', { name: 'crm', crm: { type: 'csv' } }))
    assert.ok(
      connector.some((p) => p.startsWith('crm.path')),
      connector.join('\n'),
    )
  })

  test('mapping rules the schema cannot say: twice-mapped fields, unwritable paths, pair shapes, statuses', () => {
    const mapping = {
      crmReferralId: 'referral_id',
      fields: [
        { crm: 'a', referral: 'name' },
        { crm: 'a', referral: 'details.notes' },
        { crm: 'b', referral: 'eTag' },
        {
          crm: 'c',
          referral: ['status', 'substatus'],
          values: [
            { crm: 'x', referral: 'Active' },
            { crm: 'y', referral: ['Done', 'Won'] },
          ],
        },
        { crm: 'd', referral: 'name', direction: 'sideways' },
      ],
    }
    const found = problems(write('map.json', { name: 'crm', crm, mapping }))
    const text = found.join('\n')
    assert.match(text, /mapping.fields\[4\].direction/)
    const semantic = problems(
      write('map2.json', { name: 'crm', crm, mapping: { ...mapping, fields: mapping.fields.slice(0, 4) } }),
    )
    const all = semantic.join('\n')
    assert.match(all, /mapping.fields\[1\].crm: a is mapped twice/)
    assert.match(all, /mapping.fields\[2\].referral: eTag: a referral field a client may write/)
    assert.match(
      all,
      /mapping.fields\[3\].values\[0\].referral: give one value for each of status, substatus/,
    )
    assert.match(
      all,
      /mapping.fields\[3\].values\[1\].referral: "Done" is not a status; one of None, New, Active, Closed/,
    )
  })

  test('a mapping in a file of its own, and files that are missing or not JSON', () => {
    write('mapping.json', { crmReferralId: 'rid', fields: [{ crm: 'title', referral: 'name' }] })
    assert.equal(
      loadSyncConfig(write('sep.json', { name: 'crm', crm, mapping: 'mapping.json' })).mapping.crmReferralId,
      'rid',
    )
    assert.match(
      problems(write('gone.json', { name: 'crm', crm, mapping: 'nope.json' }))[0] ?? '',
      /does not exist/,
    )
    assert.match(problems(write('broken.json', '{ "name": '))[0] ?? '', /is not JSON/)
  })
})
