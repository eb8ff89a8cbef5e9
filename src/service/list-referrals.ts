// List (the documented list): the query engine plans and checks the OData options; the store
// runs them.
import { invalidRequest } from '../domain/errors.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import { referralCatalogue } from '../domain/referral/field-catalogue.js'
import { parseQueryOptions, type ListPlan, type RawQuery } from '../query/index.js'
import type { ListPage } from '../store/referral-store.js'
import { isAdmin } from '../domain/organization/organization.js'
import type { Caller, ServiceDeps } from './deps.js'
import { listAccess } from './visibility.js'

export interface ListOutcome {
  readonly plan: ListPlan
  readonly page: ListPage
}

export async function listReferrals(
  deps: ServiceDeps,
  caller: Caller,
  query: RawQuery,
): Promise<ListOutcome> {
  const organizationId = caller.organization.id
  const planned = parseQueryOptions(query, {
    catalogue: referralCatalogue,
    pagingKey: await deps.store.secret(),
    now: formatServerDateTime(deps.clock.now()),
    // a paging token from one organisation, or one Referral User, is refused by another
    scope: `${organizationId} ${isAdmin(caller.role) ? '*' : caller.email}`,
  })
  if (!planned.ok) {
    throw invalidRequest(
      planned.problems.map((p) => ({ target: p.option, rule: 'query', message: p.message })),
    )
  }
  const access = await listAccess(deps, caller, planned.value)
  return { plan: planned.value, page: await deps.store.list(access.scope, access.plan) }
}
