// Deal registrations as the Power Platform connector sends them (CreateDealRegistrationByReferralId
// and PatchDealRegistrationByReferralId), and the admin calls that stand for Microsoft's side, for
// the registration suites.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Referral } from '../../src/domain/referral/schema.js'
import { edited, type JsonObject } from './body-edit.js'
import { partnerLedCreate } from './fixtures.js'
import { createReferral, patchReferral, type JsonPatchOperation } from './referral-api.js'
import { tenantA } from './tokens.js'

/** The solution of the documented Partner-led sample, which the tests give the incentive. */
export const eligibleSolution = 'SOL-15974-MQF'

/** A registration the rules accept (test/fixtures): USD 80,000 over two years, deployed on Azure. */
export function registrationBody(edits: Readonly<Record<string, unknown>> = {}): JsonObject {
  const fixture = new URL('../fixtures/registration-azure-ip-co-sell.json', import.meta.url)
  return edited(JSON.parse(readFileSync(fixture, 'utf8')) as JsonObject, edits)
}

/** The connector's CreateDealRegistrationByReferralId body (CreateDealRegistrationByReferralId). */
export const addRegistration = (value: unknown = registrationBody()): JsonPatchOperation[] => [
  { op: 'add', path: '/registrations/-', value },
]

/** Gives the organisation's solution profile the Azure IP co-sell incentive (or `incentives`). */
export async function giveIncentive(
  app: FastifyInstance,
  tid = tenantA,
  incentives: string[] = ['Azure IP co-sell'],
  solutionId = eligibleSolution,
): Promise<void> {
  const res = await app.inject({
    method: 'PUT',
    url: `/_cosell/organizations/${tid}`,
    payload: { solutionProfiles: [{ id: solutionId, name: 'Contoso Ale', incentives }] },
  })
  assert.equal(res.statusCode, 200, res.body)
}

/** An eligible referral with a registration created through PATCH; answers the referral after it. */
export async function registeredDeal(
  app: FastifyInstance,
  tid = tenantA,
  value: unknown = registrationBody(),
): Promise<Referral> {
  await giveIncentive(app, tid)
  const { id } = await createReferral(app, partnerLedCreate(), tid)
  const res = await patchReferral(app, id, addRegistration(value), { prefer: 'return=representation' }, tid)
  assert.equal(res.statusCode, 200, res.body)
  return res.json<Referral>()
}

/** Microsoft's review through the admin API (loopback needs no token in emulator mode). */
export function review(
  app: FastifyInstance,
  referralId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/_cosell/referrals/${referralId}/registration/review`,
    payload: body,
    headers,
  })
}

export function admin(
  app: FastifyInstance,
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url: `/_cosell${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
}
