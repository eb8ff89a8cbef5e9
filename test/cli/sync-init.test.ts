// `cosell sync init` and the configuration errors every sync command reports: usage errors (exit 2)
// naming the setting, the rule and what is allowed, before anything is written or read.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { runCosell } from '../support/cli-server.js'

const dir = mkdtempSync(join(tmpdir(), 'cosell-sync-init-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('cosell sync init', () => {
  test("writes the connector's settings and default mapping, and makes an SQLite CRM table", async () => {
    const file = join(dir, 'sync.json')
    const run = await runCosell([
      'sync',
      'init',
      'sql',
      `url=sqlite:${join(dir, 'crm.db')}`,
      'table=opportunities',
      '--create-table',
      '--file',
      file,
      '--name',
      'pipeline',
    ])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stderr, /created table opportunities/)
    const config = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string
      crm: { type: string }
      mapping: { crmReferralId: string }
    }
    assert.equal(config.name, 'pipeline')
    assert.equal(config.crm.type, 'sql')
    assert.equal(config.mapping.crmReferralId, 'referral_id')
    const again = await runCosell(['sync', 'init', 'sql', 'url=sqlite:x.db', 'table=t', '--file', file])
    assert.equal(again.code, 2)
    assert.match(again.stderr, /exists; add --force/)
  })

  test('an unknown type lists the types; bad settings name each field; key.env names a secret', async () => {
    const unknown = await runCosell(['sync', 'init', 'zoho', '--file', join(dir, 'z.json')])
    assert.equal(unknown.code, 2)
    assert.match(
      unknown.stderr,
      /unknown connector type zoho; one of: sql, csv, dataverse, salesforce, hubspot, mirror/,
    )
    const bad = await runCosell(['sync', 'init', 'sql', 'table=has space', '--file', join(dir, 'b.json')])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /crm.url/)
    assert.match(bad.stderr, /crm.table/)
    assert.ok(!existsSync(join(dir, 'b.json')))
    const secret = await runCosell([
      'sync',
      'init',
      'hubspot',
      'accessToken.env=HUBSPOT_TOKEN',
      '--file',
      join(dir, 'h.json'),
    ])
    assert.equal(secret.code, 0, secret.stderr)
    assert.deepEqual((JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8')) as { crm: unknown }).crm, {
      type: 'hubspot',
      accessToken: { env: 'HUBSPOT_TOKEN' },
    })
  })

  test('a configuration with problems stops every command with all of them, exit 2', async () => {
    const file = join(dir, 'broken.json')
    writeFileSync(file, JSON.stringify({ name: 'x y', crm: { type: 'csv' }, mapping: { fields: [] } }))
    const run = await runCosell(['sync', 'status', '--config', file])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /name/)
    const missing = await runCosell(['sync', 'run', '--config', join(dir, 'nope.json')])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /nope.json does not exist/)
  })
})
