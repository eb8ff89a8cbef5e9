// The mirror under the sync engine: one cosell server holds both the source tenant and the local
// one. A pass copies each source referral into the local tenant, faked, linked by
// externalReferenceId; a second pass changes nothing; a change at the source reaches the copy.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { HttpClient, ReferralsApi, emulatorToken, type Referral } from '../../../src/client/index.js'
import { mirrorConnectorType } from '../../../src/sync/connectors/mirror.js'
import { SyncEngine } from '../../../src/sync/engine.js'
import { ReferralSide } from '../../../src/sync/referral-side.js'
import { openSyncState } from '../../../src/sync/state/open-state.js'
import type { SqlSyncState } from '../../../src/sync/state/sql-sync-state.js'
import { partnerLedCreate } from '../../support/fixtures.js'
import { makeTestApp, type TestApp } from '../../support/test-app.js'

let t: TestApp
let dir: string
let state: SqlSyncState
let source: ReferralsApi
let local: ReferralsApi
let engine: SyncEngine

const tenantApi = (baseUrl: string, tid: string) =>
  new ReferralsApi(new HttpClient({ baseUrl, token: emulatorToken({ tid, upn: 'sync@partner.example' }) }))

before(async () => {
  t = await makeTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  const sourceTid = randomUUID()
  source = tenantApi(baseUrl, sourceTid)
  local = tenantApi(baseUrl, randomUUID())
  const settings = {
    type: 'mirror' as const,
    baseUrl,
    auth: { token: emulatorToken({ tid: sourceTid, upn: 'mirror@partner.example' }) },
  }
  const connector = await mirrorConnectorType.open(settings, { env: {}, baseDir: '.' })
  dir = mkdtempSync(join(tmpdir(), 'cosell-mirror-sync-'))
  state = await openSyncState(join(dir, 'state.db'), 'mirror')
  const mapping = mirrorConnectorType.defaultMapping(settings)
  engine = new SyncEngine({ mapping, connector, referrals: new ReferralSide(local, undefined), state })
})
after(async () => {
  await state.close()
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})

async function localCopies(): Promise<Map<string, Referral>> {
  const copies = new Map<string, Referral>()
  for await (const referral of local.all()) copies.set(referral.externalReferenceId!, referral)
  return copies
}

test('a pass copies every source referral, faked; the next pass changes nothing; source edits follow', async () => {
  const sample = partnerLedCreate()
  const created: Referral[] = []
  for (const name of ['Ottoline Vasquezberg', 'Barnaby Quillfeather']) {
    t.clock.advance(1000)
    const [firstName, lastName] = name.split(' ')
    const customerProfile = {
      ...(sample.customerProfile as object),
      team: [{ firstName, lastName, email: `${firstName}@quarry.com` }],
    }
    created.push(await source.create({ ...sample, name: `Deal with ${name}`, customerProfile }))
  }
  const first = await engine.runOnce()
  assert.equal(first.created.referral, 2, JSON.stringify(first))
  assert.equal(first.failed + first.held, 0, JSON.stringify(first))
  const copies = await localCopies()
  for (const original of created) {
    const copy = copies.get(original.id)
    assert.ok(copy, `a copy of ${original.id}, found by its externalReferenceId`)
    assert.deepEqual(
      [
        copy.details.dealValue,
        copy.details.currency,
        copy.status,
        copy.consent,
        copy.details.requirements.solutions.map((s) => s.id),
      ],
      [
        original.details.dealValue,
        original.details.currency,
        original.status,
        original.consent,
        original.details.requirements.solutions.map((s) => s.id),
      ],
    )
    const [contact] = copy.customerProfile.team
    assert.notEqual(contact!.firstName, original.customerProfile.team[0]!.firstName)
    assert.match(contact!.email!, /\.example$/)
    assert.notEqual(copy.customerProfile.name, original.customerProfile.name)
    assert.doesNotMatch(copy.name!, /Vasquezberg|Quillfeather/)
  }

  t.clock.advance(1000)
  const again = await engine.runOnce()
  assert.deepEqual(
    [again.created, again.updated, again.failed],
    [{ referral: 0, crm: 0 }, { referral: 0, crm: 0 }, 0],
  )

  t.clock.advance(1000)
  await source.patch(created[0]!.id, [{ op: 'replace', path: '/details/dealValue', value: 123_456 }])
  const edited = await engine.runOnce()
  assert.equal(edited.updated.referral, 1, JSON.stringify(edited))
  assert.equal((await localCopies()).get(created[0]!.id)!.details.dealValue, 123_456)
})
