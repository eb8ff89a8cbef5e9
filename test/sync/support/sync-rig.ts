// A sync under test: a real cosell server on 127.0.0.1 (the Referrals side, through the SDK), a
// CRM in memory, the state in an SQLite file of its own, and a mapping that exercises every
// direction, translation and conflict policy.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HttpClient, ReferralsApi, emulatorToken, type Referral } from '../../../src/client/index.js'
import { SyncEngine, type EngineOptions } from '../../../src/sync/engine.js'
import type { Mapping } from '../../../src/sync/mapping/mapping-schema.js'
import { ReferralSide } from '../../../src/sync/referral-side.js'
import { openSyncState } from '../../../src/sync/state/open-state.js'
import type { SyncState } from '../../../src/sync/state/sync-state.js'
import { privateCreate } from '../../support/fixtures.js'
import { makeTestApp, type TestApp } from '../../support/test-app.js'
import { tenantA } from '../../support/tokens.js'
import { MemoryCrm } from './memory-crm.js'

export const testMapping: Mapping = {
  crmReferralId: 'referral_id',
  syncFlag: { field: 'sync', values: [true] },
  fields: [
    { crm: 'title', referral: 'name', conflict: 'newest' },
    { crm: 'amount', referral: 'details.dealValue', format: 'number', conflict: 'hold' },
    { crm: 'notes', referral: 'details.notes', conflict: 'referral' },
    { crm: 'campaign', referral: 'campaignId', conflict: 'crm' },
    { crm: 'account', referral: 'customerProfile.name' },
    {
      crm: 'stage',
      referral: ['status', 'substatus'],
      values: [
        { crm: 'New', referral: ['New', 'Pending'] },
        { crm: 'Qualified', referral: ['Active', 'Accepted'] },
        { crm: 'Won', referral: ['Closed', 'Won'] },
      ],
    },
    { crm: 'close_date', referral: 'details.closingDateTime', format: 'date', direction: 'toCrm' },
  ],
  defaults: {
    referral: {
      type: 'Independent',
      qualification: 'SalesQualified',
      customerProfile: {
        address: {
          addressLine1: 'One Way',
          city: 'Redmond',
          state: 'WA',
          postalCode: '98052',
          country: 'US',
        },
        team: [],
      },
      consent: {
        consentToToShareInfoWithOthers: true,
        consentToContact: true,
        consentToShareReferralWithMicrosoftSellers: false,
      },
      details: { currency: 'USD', closingDateTime: '2027-06-30T00:00:00Z' },
      team: [],
    },
  },
}

export interface SyncRig {
  readonly server: TestApp
  readonly api: ReferralsApi
  readonly crm: MemoryCrm
  readonly referralSide: ReferralSide
  state: SyncState
  engine(options?: Partial<EngineOptions>): SyncEngine
  /** Moves the server's clock on, as time moves between one person's edit and the next. */
  later(): void
  /** A new referral through the API, as a partner's user would make it. */
  createReferral(name: string, overrides?: Record<string, unknown>): Promise<Referral>
  close(): Promise<void>
}

export async function syncRig(mapping: Mapping = testMapping): Promise<SyncRig> {
  const server = await makeTestApp()
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  const http = new HttpClient({
    baseUrl,
    token: emulatorToken({ tid: tenantA, upn: 'sync@partner.example' }),
    channel: 'sync',
  })
  const api = new ReferralsApi(http)
  const referralSide = new ReferralSide(api, undefined)
  const dir = mkdtempSync(join(tmpdir(), 'cosell-sync-'))
  const crm = new MemoryCrm()
  const rig: SyncRig = {
    server,
    api,
    crm,
    referralSide,
    state: await openSyncState(join(dir, 'state.db'), 'test'),
    engine: (options = {}) =>
      new SyncEngine({ mapping, connector: crm, referrals: referralSide, state: rig.state, ...options }),
    later: () => server.clock.advance(1000),
    createReferral: (name, overrides = {}) => api.create({ ...privateCreate(), name, ...overrides }),
    close: async () => {
      await rig.state.close()
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return rig
}
