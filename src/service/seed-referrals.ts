// Fills an organisation with realistic sample referrals (issue 4 item 7, `cosell seed`), each
// through the real create use case and, for the closed ones, a real PATCH, so every rule, eTag
// and timestamp is as a client would have produced it. Time is taken from a clock fixed at each
// sample's moment in the last 90 days; the virtual clock itself does not move.
import { invalidRequest } from '../domain/errors.js'
import { microsoftOrganizationId, type Organization } from '../domain/organization/organization.js'
import { readValue } from '../domain/read-value.js'
import { sampleReferrals } from '../domain/sandbox/sample-referrals.js'
import { sampleOrganizationId, SeedRequestSchema, type SeedResult } from '../domain/sandbox/seed.js'
import { createReferral } from './create-referral.js'
import type { Caller, ServiceDeps } from './deps.js'
import { newOrganizationDefaults } from './manage-directory.js'
import { updateReferral } from './update-referral.js'

export async function seedReferrals(deps: ServiceDeps, body: unknown): Promise<SeedResult> {
  const { value, problems } = readValue(SeedRequestSchema, body ?? {})
  if (problems.length > 0) throw invalidRequest(problems)
  const organization = await seededOrganization(deps, value.organizationId)
  const caller: Caller = {
    organization,
    user: 'cosell-seed',
    email: 'cosell-seed',
    role: 'Referral Admin',
    channel: 'seed',
  }
  const byStatus: Record<string, number> = {}
  for (const sample of sampleReferrals(value.seed, value.referrals, organization.name, deps.clock.now())) {
    let referral = await createReferral(at(deps, sample.createdAt), caller, sample.body)
    if (sample.outcome) {
      const input = { id: referral.id, ifMatch: referral.eTag, body: sample.outcome.operations }
      referral = (await updateReferral(at(deps, sample.outcome.at), caller, input)).referral
    }
    const state = `${referral.status}/${referral.substatus}`
    byStatus[state] = (byStatus[state] ?? 0) + 1
  }
  return {
    organizationId: organization.id,
    organizationName: organization.name,
    seed: value.seed,
    created: value.referrals,
    byStatus,
  }
}

async function seededOrganization(deps: ServiceDeps, named: string | undefined): Promise<Organization> {
  const now = deps.clock.now()
  if (named !== undefined) {
    const id = named.toLowerCase()
    if (id === microsoftOrganizationId)
      throw invalidRequest([
        {
          target: 'organizationId',
          rule: 'partner',
          message: "Seed a partner organisation, not Microsoft's ('msft').",
        },
      ])
    return deps.store.organization(id, () => newOrganizationDefaults(id, now))
  }
  const partners = (await deps.store.listOrganizations()).filter((o) => o.id !== microsoftOrganizationId)
  if (partners.length > 1) {
    throw invalidRequest([
      {
        target: 'organizationId',
        rule: 'required',
        message: `Name the organisation to seed; there are ${partners.length}: ${partners.map((o) => o.id).join(', ')}.`,
        allowedValues: partners.map((o) => o.id),
      },
    ])
  }
  return (
    partners[0] ??
    deps.store.organization(sampleOrganizationId, () => ({
      ...newOrganizationDefaults(sampleOrganizationId, now),
      name: 'Fabrikam Sample Partners',
    }))
  )
}

/** The same dependencies on a clock that stands at `instant`. */
function at(deps: ServiceDeps, instant: Date): ServiceDeps {
  return { ...deps, clock: { now: () => new Date(instant.getTime()) } }
}
