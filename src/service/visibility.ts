// Who sees and changes which referral (the documented sign-in and referral categories). An
// organisation sees its own referrals and, read-only, the other referrals of engagements it takes
// part in (Microsoft's side of a co-sell, reached through links.relatedReferrals). A Referral User
// sees and changes only referrals whose team lists their email; other writes are 403 accessDenied.
import { CosellError, notFound } from '../domain/errors.js'
import { isAdmin } from '../domain/organization/organization.js'
import { referralCatalogue } from '../domain/referral/field-catalogue.js'
import type { Referral } from '../domain/referral/schema.js'
import { checkFilter, parseFilter, type Expr, type ListPlan } from '../query/index.js'
import type { ListScope } from '../store/referral-store.js'
import type { Caller, ServiceDeps } from './deps.js'

export function onTeam(r: Referral, email: string): boolean {
  return r.team.some((m) => m.email?.toLowerCase() === email)
}

function sees(caller: Caller, r: Referral): boolean {
  return isAdmin(caller.role) || onTeam(r, caller.email)
}

/** The referral if the caller may read it; 404 otherwise, as if it did not exist. */
export async function readableReferral(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  id: string,
): Promise<Referral> {
  const key = id.toLowerCase()
  const own = await deps.store.get(caller.organization.id, key)
  if (own && sees(caller, own)) return own
  if (!own && isAdmin(caller.role)) {
    const related = await deps.store.find(key)
    if (related && (await deps.store.participates(caller.organization.id, related.engagementId)))
      return related
  }
  throw notFound('Referral', id)
}

/** The referral if the caller may change it; 403 when it may only be read, 404 when not even that. */
export async function writableReferral(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  id: string,
): Promise<Referral> {
  const readable = await readableReferral(deps, caller, id).catch(async (error: unknown) => {
    const own = await deps.store.get(caller.organization.id, id.toLowerCase())
    if (own) throw accessDenied('A Referral User can change only referrals whose team lists them.')
    throw error
  })
  if (readable.organizationId !== caller.organization.id) {
    throw accessDenied(
      `The referral belongs to ${readable.organizationName}; your organisation reads it through the engagement but cannot change it.`,
    )
  }
  return readable
}

function accessDenied(message: string): CosellError {
  return new CosellError('accessDenied', message, 'referral')
}

/**
 * Where a list reads and what it adds to the filter: the caller's organisation, or the whole
 * engagement when the filter pins `engagementId` to one the caller takes part in; for a Referral
 * User, only referrals whose team lists them.
 */
export async function listAccess(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  plan: ListPlan,
): Promise<{ scope: ListScope; plan: ListPlan }> {
  const organizationId = caller.organization.id
  const engagementId = pinnedEngagement(plan.filter)
  const scope: ListScope =
    engagementId !== undefined &&
    isAdmin(caller.role) &&
    (await deps.store.participates(organizationId, engagementId))
      ? { engagementId }
      : { organizationId }
  if (isAdmin(caller.role)) return { scope, plan }
  const team = teamConstraint(caller.email)
  return {
    scope,
    plan: {
      ...plan,
      filter: plan.filter ? { kind: 'logical', op: 'and', left: plan.filter, right: team, offset: 0 } : team,
    },
  }
}

/** `engagementId eq <id>` standing alone or as one side of a top-level `and`. */
function pinnedEngagement(filter: Expr | undefined): string | undefined {
  if (!filter) return undefined
  if (filter.kind === 'logical' && filter.op === 'and')
    return pinnedEngagement(filter.left) ?? pinnedEngagement(filter.right)
  if (filter.kind !== 'compare' || filter.op !== 'eq') return undefined
  const [path, literal] =
    filter.left.kind === 'path' ? [filter.left, filter.right] : [filter.right, filter.left]
  if (path.kind !== 'path' || path.segments.join('/') !== 'engagementId' || literal.kind !== 'literal')
    return undefined
  return typeof literal.value === 'string' ? literal.value.toLowerCase() : undefined
}

function teamConstraint(email: string): Expr {
  const parsed = parseFilter(`team/any(t: t/email eq '${email.replaceAll("'", "''")}')`)
  const checked = parsed.ok ? checkFilter(parsed.value, { catalogue: referralCatalogue }) : parsed
  if (!checked.ok) throw new Error(`team constraint did not compile: ${JSON.stringify(checked.problems)}`)
  return checked.value
}
