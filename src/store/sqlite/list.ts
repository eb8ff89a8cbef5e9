import type { Database } from 'better-sqlite3'
import type { Referral } from '../../domain/referral/schema.js'
import type { ListRequest, ListResult } from '../referral-store.js'

export function listReferrals(db: Database, request: ListRequest): ListResult {
  const docs = db
    .prepare(
      'SELECT doc FROM referrals WHERE organization_id = ? ORDER BY created_date_time DESC, id LIMIT ?',
    )
    .pluck()
    .all(request.organizationId, request.limit) as string[]
  const count = db
    .prepare('SELECT count(*) FROM referrals WHERE organization_id = ?')
    .pluck()
    .get(request.organizationId) as number
  return { referrals: docs.map((d) => JSON.parse(d) as Referral), keys: [], count }
}
