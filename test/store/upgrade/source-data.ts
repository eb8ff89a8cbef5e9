// The data the upgrade tests carry from version to version, written once by the current server
// through its own API: three partner organisations with profiles and users of both roles, seeded
// referrals (open, Won, Lost), teams whose emails are in mixed case, co-sell engagements shared
// with Microsoft and another partner (accepted and still pending), Microsoft's leads, a deal
// registration, a moved and frozen virtual clock and a snapshot taken halfway, so the snapshot differs from
// the live data.
import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Referral } from '../../../src/domain/referral/schema.js'
import { edited } from '../../support/body-edit.js'
import { partnerLedCreate, privateCreate } from '../../support/fixtures.js'
import { createReferral, patchReferral, replace } from '../../support/referral-api.js'
import { registeredDeal } from '../../support/registration-api.js'
import { makeTestApp } from '../../support/test-app.js'
import { tenantA, tenantB } from '../../support/tokens.js'

export const tenantC = '33333333-3333-4333-8333-333333333333'
export const snapshotName = 'before-upgrade'
/** A Referral User by the user directory (version 2 on), and by the token's roles claim. */
export const directoryUser = 'Grace.Hopper@Fabrikam.Example'
export const claimedUser = 'alan.turing@fabrikam.example'
export const northwindUser = 'Ida.Rhodes@Northwind.Example'
const northwindSolution = 'SOL-777-NWD'

/** What the read paths need to know about the data beyond what they list. */
export interface SourceFacts {
  /** The engagement tenant A shares with Microsoft and tenant B. */
  readonly sharedEngagement: string
}

export async function writeSourceData(dataDir: string): Promise<SourceFacts> {
  const t = await makeTestApp({ dataDir })
  const { app } = t
  try {
    await organizations(app)
    await users(app)
    await ok(admin(app, 'POST', '/seed', { organizationId: tenantA, referrals: 24, seed: 5 }))
    await ok(admin(app, 'POST', '/seed', { organizationId: tenantB, referrals: 8, seed: 6 }))
    await teamReferrals(app)
    await ok(admin(app, 'POST', '/clock', { advance: 'P1DT2H' }))
    await ok(admin(app, 'PUT', `/snapshots/${snapshotName}`))

    const sharedEngagement = await coSell(app)
    await leads(app)
    await registeredDeal(app, tenantA)
    await ok(admin(app, 'POST', '/clock', { advance: 'PT3H' }))
    // frozen, so a server on its own wall clock stands at the same instant as the tests' servers
    await ok(admin(app, 'POST', '/clock', { freeze: true }))
    return { sharedEngagement }
  } finally {
    await t.close()
  }
}

async function organizations(app: FastifyInstance): Promise<void> {
  await ok(
    admin(app, 'PUT', `/organizations/${tenantA}`, {
      name: 'Fabrikam',
      mpnId: '4863040',
      locations: [{ id: 'b1f1a7e2-6c1e-4c59-9a55-5d0c2f1e0a01', name: 'Fabrikam Seattle', country: 'US' }],
      solutionProfiles: [{ id: 'SOL-15974-MQF', name: 'Contoso Ale', incentives: ['Azure IP co-sell'] }],
      domains: ['fabrikam.example'],
    }),
  )
  await ok(
    admin(app, 'PUT', `/organizations/${tenantB}`, {
      name: 'Northwind',
      solutionProfiles: [{ id: northwindSolution, name: 'Northwind Traders', incentives: [] }],
    }),
  )
  await ok(
    admin(app, 'PUT', `/organizations/${tenantC}`, {
      name: 'Tailspin',
      locations: [{ id: 'c3e5b0d4-1d0e-4f7a-8e4b-0a9c7b6d5e02', name: 'Tailspin München', country: 'DE' }],
    }),
  )
}

async function users(app: FastifyInstance): Promise<void> {
  const put = (tenant: string, email: string, body: object) =>
    ok(admin(app, 'PUT', `/organizations/${tenant}/users/${encodeURIComponent(email)}`, body))
  await put(tenantA, directoryUser, { name: 'Grace Hopper', role: 'Referral User' })
  await put(tenantA, 'Ada.Lovelace@Fabrikam.Example', { name: 'Ada Lovelace', role: 'Referral Admin' })
  await put(tenantB, northwindUser, { name: 'Ida Rhodes', role: 'Referral User' })
}

/** Referrals whose teams name the Referral Users, spelt in several cases, beside members without email. */
async function teamReferrals(app: FastifyInstance): Promise<void> {
  const spellings = [directoryUser, directoryUser.toUpperCase(), directoryUser.toLowerCase()]
  for (const [i, email] of spellings.entries()) {
    const team = [
      { firstName: 'Grace', lastName: 'Hopper', email },
      ...(i === 1 ? [] : [{ firstName: 'Alan', lastName: 'Turing', email: 'Alan.Turing@FABRIKAM.example' }]),
      { firstName: 'Sue', lastName: 'Smith', email: '' },
    ]
    const body = edited(i === 2 ? privateCreate() : partnerLedCreate(), {
      name: `Team deal ${i}`,
      team,
      'customerProfile.address.country': ['US', 'us', 'US'][i],
    })
    await createReferral(app, body)
  }
  const northwind = edited(privateCreate(), {
    name: 'Northwind team deal',
    team: [{ firstName: 'Ida', lastName: 'Rhodes', email: northwindUser.toUpperCase() }],
  })
  const created = await createReferral(app, northwind, tenantB)
  // a team changed after the create: the user is on the team only from the PATCH on
  const joined = await createReferral(app, edited(partnerLedCreate(), { name: 'Joined later' }))
  await ok(
    patchReferral(app, joined.id, [
      { op: 'add', path: '/team/-', value: { firstName: 'Alan', lastName: 'Turing', email: claimedUser } },
    ]),
  )
  await accept(app, created.id, tenantB)
}

/** Tenant A's referral shared with Microsoft and with tenant B, who accepts; a second invitation stays pending. */
async function coSell(app: FastifyInstance): Promise<string> {
  const own = await createReferral(
    app,
    edited(partnerLedCreate(), {
      name: 'Co-sell with Microsoft and Northwind',
      team: [{ firstName: 'Grace', lastName: 'Hopper', email: directoryUser }],
    }),
  )
  await createReferral(app, {
    engagementId: own.engagementId,
    target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
    inviteContext: { notes: 'Notes to Microsoft', assistanceRequestCode: 'ProofOfConceptOrDemo' },
  })
  const invited = await createReferral(app, {
    engagementId: own.engagementId,
    target: [{ type: 'SolutionProfile', id: northwindSolution }],
  })
  await accept(app, invited.id, tenantB)
  const pending = await createReferral(app, edited(privateCreate(), { name: 'Invitation left pending' }))
  await createReferral(app, {
    engagementId: pending.engagementId,
    target: [{ type: 'SolutionProfile', id: northwindSolution }],
  })
  return own.engagementId
}

/** Microsoft's leads to tenant A: one accepted, two left to expire (one a co-sell invitation). */
async function leads(app: FastifyInstance): Promise<void> {
  const send = async (kind: string) =>
    (
      await ok(
        app.inject({
          method: 'POST',
          url: '/_cosell/microsoft/leads',
          payload: { organizationId: tenantA, kind, referral: privateCreate() },
        }),
      )
    ).json<{ referral: Referral }>().referral
  const accepted = await send('qualifiedLead')
  await accept(app, accepted.id)
  await send('qualifiedLead')
  await send('coSellInvitation')
}

async function accept(app: FastifyInstance, id: string, tid = tenantA): Promise<void> {
  await ok(patchReferral(app, id, [replace('/status', 'Active'), replace('/substatus', 'Accepted')], {}, tid))
}

function admin(app: FastifyInstance, method: 'PUT' | 'POST', url: string, payload?: object) {
  return app.inject({ method, url: `/_cosell${url}`, ...(payload ? { payload } : {}) })
}

async function ok(response: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const answered = await response
  assert.ok(answered.statusCode < 300, `${answered.statusCode}: ${answered.body}`)
  return answered
}
