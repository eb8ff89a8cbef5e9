import type { Caller, ServiceDeps } from './deps.js'

export interface ListInput {
  readonly query: Record<string, string | string[] | undefined>
  readonly baseUrl: string
  readonly path: string
}

export async function listReferrals(deps: ServiceDeps, caller: Caller, input: ListInput): Promise<object> {
  const result = await deps.store.list({
    organizationId: caller.organization.id,
    plan: undefined,
    limit: 100,
  })
  return {
    '@odata.context': `${input.baseUrl}/v1.0/$metadata#Referrals`,
    '@odata.count': result.count,
    value: result.referrals,
  }
}
