// What Microsoft's sellers do with a referral they hold (the documented referral categories):
// accept or decline a co-sell invitation, update it, add team members, close it as Won or Lost.
// Each is a JSON Patch through the ordinary update use case, so the lifecycle and every rule apply
// to Microsoft too. Accepting gives the engagement an MSX opportunity id, shown on every referral
// of it (the documented tracking info).
import { createHash } from 'node:crypto'
import Type from 'typebox'
import { invalidRequest } from '../../domain/errors.js'
import { readValue } from '../../domain/read-value.js'
import { MemberSchema, type Referral } from '../../domain/referral/schema.js'
import { causeOf } from '../change-cause.js'
import type { ChangeCause } from '../../domain/change/change-record.js'
import type { ServiceDeps } from '../deps.js'
import { inReferralLane } from '../referral-lane.js'
import { updateReferral } from '../update-referral.js'
import { stamp } from '../stamp.js'
import { microsoftCaller, type MicrosoftVia } from './microsoft-caller.js'

/** The body of each action, by name; the action itself comes from the URL. */
export const microsoftActionSchemas = {
  accept: Type.Object({}),
  decline: Type.Object({ statusReason: Type.String({ minLength: 1 }) }),
  close: Type.Object({ outcome: Type.Enum(['Won', 'Lost']), statusReason: Type.Optional(Type.String()) }),
  addTeamMember: Type.Object({ member: MemberSchema }),
  update: Type.Object({ operations: Type.Array(Type.Unknown(), { minItems: 1 }) }),
} as const

type MicrosoftAction = keyof typeof microsoftActionSchemas
const actions = Object.keys(microsoftActionSchemas) as MicrosoftAction[]

export async function actAsMicrosoft(
  deps: ServiceDeps,
  referralId: string,
  action: string,
  body: unknown,
  ifMatch?: string,
  via?: MicrosoftVia,
): Promise<Referral> {
  const operations = toOperations(action, body)
  const caller = await microsoftCaller(deps, via)
  const { referral } = await updateReferral(deps, caller, {
    id: referralId,
    ifMatch,
    body: operations,
  })
  if (action === 'accept') await giveMsxId(deps, referral, causeOf(caller))
  return (await deps.store.get(referral.organizationId, referral.id)) ?? referral
}

function toOperations(action: string, body: unknown): unknown[] {
  if (!(actions as string[]).includes(action)) {
    throw invalidRequest([
      {
        target: 'action',
        rule: 'enum',
        message: `action must be one of: ${actions.join(', ')}.`,
        allowedValues: actions,
      },
    ])
  }
  const replace = (path: string, v: unknown) => ({ op: 'replace', path, value: v })
  const read = <A extends MicrosoftAction>(name: A) => {
    const { value, problems } = readValue(microsoftActionSchemas[name], body ?? {})
    if (problems.length > 0) throw invalidRequest(problems)
    return value
  }
  switch (action as MicrosoftAction) {
    case 'accept':
      return [replace('/status', 'Active'), replace('/substatus', 'Accepted')]
    case 'decline': {
      const { statusReason } = read('decline')
      return [
        replace('/status', 'Closed'),
        replace('/substatus', 'Declined'),
        replace('/statusReason', statusReason),
      ]
    }
    case 'close': {
      const { outcome, statusReason } = read('close')
      return [
        replace('/status', 'Closed'),
        replace('/substatus', outcome),
        replace('/statusReason', statusReason ?? null),
      ]
    }
    case 'addTeamMember':
      return [{ op: 'add', path: '/team/-', value: read('addTeamMember').member }]
    case 'update':
      return read('update').operations
  }
}

/** An MSX opportunity id like Microsoft's CRM gives, stable for the engagement. */
function msxIdFor(engagementId: string): string {
  return `7-${createHash('sha256').update(engagementId).digest('hex').slice(0, 9).toUpperCase()}`
}

async function giveMsxId(deps: ServiceDeps, accepted: Referral, cause: ChangeCause): Promise<void> {
  const msxId = msxIdFor(accepted.engagementId)
  for (const { id } of await deps.store.inEngagement(accepted.engagementId)) {
    await inReferralLane(deps.store, id, async () => {
      const r = await deps.store.find(id)
      if (!r || r.trackingInfo.microsoftMsxId === msxId) return
      const saved = stamp(
        deps,
        deps.clock.now(),
        { ...r, trackingInfo: { ...r.trackingInfo, microsoftMsxId: msxId } },
        r,
      )
      await deps.store.replace(saved, r, cause) // another process's write keeps its own change; the id is best effort
    })
  }
}
