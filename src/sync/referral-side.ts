// The Referrals API as the sync sees it, through the SDK: so it runs against cosell and
// Microsoft's service alike. Changes are read by delta polling on updatedDateTime (the
// documented list, ordered): the cursor is the instant of the last referral read, and the next
// read starts at that instant again (`ge`), so a referral written in the same millisecond as the
// last one read is not missed; the engine passes over the ones it has already seen. Only when a
// whole page shares one instant does the cursor count how many of that instant were read.
import {
  ApiError,
  type JsonPatchOperation,
  type Referral,
  type ReferralCreate,
  type ReferralsApi,
} from '../client/index.js'

export interface ReferralChangePage {
  readonly referrals: readonly Referral[]
  readonly cursor: string | undefined
  readonly caughtUp: boolean
}

interface Cursor {
  readonly at: string
  readonly seenAtInstant: number
}

export class ReferralSide {
  constructor(
    private readonly api: ReferralsApi,
    /** Only these referrals are synced: an OData $filter (e.g. `type eq 'Independent'`). */
    private readonly filter: string | undefined,
  ) {}

  async changes(cursor: string | undefined, limit: number): Promise<ReferralChangePage> {
    const from = readCursor(cursor)
    const conditions = [this.filter && `(${this.filter})`, from && `updatedDateTime ge ${from.at}`].filter(
      Boolean,
    )
    const page = await this.api.list({
      ...(conditions.length > 0 ? { $filter: conditions.join(' and ') } : {}),
      $orderby: 'updatedDateTime asc',
      $top: limit,
      ...(from && from.seenAtInstant > 0 ? { $skip: from.seenAtInstant } : {}),
    })
    const referrals = page.value
    return {
      referrals,
      cursor: nextCursor(from, referrals, limit) ?? cursor,
      caughtUp: referrals.length < limit,
    }
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

function readCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined
  const [at = '', seen = '0'] = cursor.split('|')
  return { at, seenAtInstant: Number(seen) || 0 }
}

function nextCursor(
  from: Cursor | undefined,
  referrals: readonly Referral[],
  limit: number,
): string | undefined {
  const last = referrals.at(-1)?.updatedDateTime
  if (last === undefined) return undefined
  const oneInstant = referrals[0]?.updatedDateTime === last && (from === undefined || from.at === last)
  if (!oneInstant || referrals.length < limit) return `${last}|${oneInstant ? (from?.seenAtInstant ?? 0) : 0}`
  // a full page of one instant: read on past it, or the same page would come back for ever
  return `${last}|${(from?.seenAtInstant ?? 0) + referrals.length}`
}
