// The half of PATCH and PUT that is the same: validate the candidate against the schema, the
// lifecycle and the rules, stamp it, and save it only if nobody wrote in between. The store
// compares the eTag and writes in one atomic step, so of two writers holding the same eTag
// exactly one wins, even across server processes.
import { CosellError, invalidRequest, preconditionFailed, type Problem } from '../domain/errors.js'
import { etagMatches } from '../domain/etag.js'
import { checkTransition } from '../domain/lifecycle/check-transition.js'
import type { JsonObject } from '../domain/referral/normalize.js'
import { completeReferral } from '../domain/referral/referral-input.js'
import { checkReferral, checkSharingKept } from '../domain/referral/rules.js'
import type { Referral } from '../domain/referral/schema.js'
import { causeOf } from './change-cause.js'
import type { Caller, ServiceDeps } from './deps.js'
import { getReferral } from './get-referral.js'
import { inReferralLane } from './referral-lane.js'
import { registrationStep, type RegistrationStep } from './registration-write.js'
import { writableReferral } from './visibility.js'
import { stamp } from './stamp.js'
import { uniqueProblems } from './unique-problems.js'

export interface UpdateRequest {
  readonly id: string
  readonly ifMatch: string | undefined
  /** Builds the candidate document from the current referral, with problems found on the way. */
  readonly change: (current: Referral) => { doc: JsonObject; problems: Problem[] }
}

export interface UpdateResult {
  readonly referral: Referral
  /** False when the update changed nothing and no write happened. */
  readonly written: boolean
}

/**
 * Rounds an unconditional write may lose, holding the referral's turn across servers, before it
 * gives up: each lost round is another writer's won one, and only writers still on their first
 * round (not holding the turn) can win against it.
 */
const maxAttempts = 100

export function commitUpdate(
  deps: ServiceDeps,
  caller: Caller,
  request: UpdateRequest,
): Promise<UpdateResult> {
  return inReferralLane(deps.store, request.id, () => commitInTurn(deps, caller, request, false))
}

/**
 * Writes of one referral from this process take turns (referral-lane.ts); writes from other
 * server processes on the same database may still come between a read and its write. A write that
 * lost such a round without If-Match tries again holding the referral's turn across servers, so
 * that concurrent unconditional writers through several servers all land instead of losing round
 * after round to the other servers' queues.
 */
async function commitInTurn(
  deps: ServiceDeps,
  caller: Caller,
  request: UpdateRequest,
  holdingTurn: boolean,
): Promise<UpdateResult> {
  for (let attempt = 1; ; attempt++) {
    const current = await writableReferral(deps, caller, request.id)
    if (request.ifMatch !== undefined && !etagMatches(request.ifMatch, current.eTag))
      throw preconditionFailed()
    const at = deps.clock.now()
    const next = validate(deps, current, request.change(current), registrationStep(deps, caller, at))
    if (sameContent(current, next)) return { referral: current, written: false }
    const saved = stamp(deps, at, next, current)
    const outcome = await deps.store.replace(saved, current, causeOf(caller), deps.clock.asRead?.())
    if (outcome === 'written') return { referral: saved, written: true }
    if (outcome === 'setting-moved') {
      if (attempt >= maxAttempts) throw keptChanging('The virtual clock')
      await deps.clock.catchUp?.() // another server moved the clock: everything again on its time
      continue
    }
    // Another process wrote between our read and our write. A client that sent If-Match loses
    // (412); without If-Match, its operations are applied again on the newer version.
    if (outcome === 'missing' || request.ifMatch !== undefined)
      throw outcome === 'missing' ? await gone(deps, caller, request.id) : preconditionFailed()
    if (!holdingTurn)
      return deps.store.coordination.exclusively(`referral:${request.id.toLowerCase()}`, () =>
        commitInTurn(deps, caller, request, true),
      )
    if (attempt >= maxAttempts) throw keptChanging('The referral')
  }
}

function keptChanging(what: string): CosellError {
  return new CosellError(
    'resourceModified',
    `${what} kept changing while this update was applied; retry it.`,
    'referral',
  )
}

function validate(
  deps: ServiceDeps,
  current: Referral,
  change: { doc: JsonObject; problems: Problem[] },
  settleRegistration: RegistrationStep,
): Referral {
  const { referral: completed, problems: shapeProblems } = completeReferral(change.doc)
  const { referral, problems: registrationProblems } = settleRegistration(current, completed) // docs/deal-registrations.md
  const problems = [...change.problems, ...shapeProblems, ...registrationProblems]
  if (current.status === 'Closed' && !sameContent(current, referral)) {
    problems.push({
      target: 'status',
      rule: 'terminal',
      message: `The referral is Closed/${current.substatus}, a terminal state: no further changes are allowed.`,
    })
  } else {
    problems.push(...checkTransition(current, referral, 'partner'))
  }
  problems.push(...checkReferral(referral, deps.rules), ...checkSharingKept(current, referral))
  if (problems.length > 0) throw invalidRequest(uniqueProblems(problems))
  return referral
}

function sameContent(a: Referral, b: Referral): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

async function gone(deps: ServiceDeps, caller: Caller, id: string): Promise<CosellError> {
  try {
    await getReferral(deps, caller, id)
  } catch (error) {
    if (error instanceof CosellError) return error
  }
  return preconditionFailed()
}
