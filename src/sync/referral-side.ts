// The Referrals API as the sync sees it, through the SDK: so it runs against cosell and
// Microsoft's service alike. Changes are read by delta polling on updatedDateTime
// (referral-changes.ts).
import {
  ApiError,
  type JsonPatchOperation,
  type Referral,
  type ReferralCreate,
  type ReferralsApi,
} from '../client/index.js'
import { readReferralChanges } from './referral-changes.js'

export interface ReferralChangePage {
  readonly referrals: readonly Referral[]
  readonly cursor: string | undefined
  readonly caughtUp: boolean
}

export class ReferralSide {
  constructor(
    private readonly api: ReferralsApi,
    /** Only these referrals are synced: an OData $filter (e.g. `type eq 'Independent'`). */
    private readonly filter: string | undefined,
  ) {}

  async changes(cursor: string | undefined, limit: number): Promise<ReferralChangePage> {
    return readReferralChanges(this.api, this.filter, cursor, limit)
  }

  async get(id: string): Promise<Referral | undefined> {
    try {
      return await this.api.get(id)
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined
      throw error
    }
  }

  /** The referral created for a CRM record: its `externalReferenceId` is the record's id. */
  async findByExternalReference(crmId: string): Promise<Referral | undefined> {
    const page = await this.api.list({
      $filter: `externalReferenceId eq '${crmId.replace(/'/g, "''")}'`,
      $top: 1,
    })
    return page.value[0]
  }

  create(body: ReferralCreate): Promise<Referral> {
    return this.api.create(body)
  }

  patch(id: string, operations: readonly JsonPatchOperation[], ifMatch: string): Promise<Referral> {
    return this.api.patch(id, operations, { ifMatch })
  }
}
