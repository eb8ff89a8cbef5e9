// What a sync pass did, counted as it goes: the summary `cosell sync run` prints.

export interface PassSummary {
  detected: { referral: number; crm: number }
  created: { referral: number; crm: number }
  updated: { referral: number; crm: number }
  linked: number
  held: number
  conflicts: number
  failed: number
  /** Pairs looked at whose sides were already in step (their own echo, or no mapped change). */
  unchanged: number
}

export function emptySummary(): PassSummary {
  return {
    detected: { referral: 0, crm: 0 },
    created: { referral: 0, crm: 0 },
    updated: { referral: 0, crm: 0 },
    linked: 0,
    held: 0,
    conflicts: 0,
    failed: 0,
    unchanged: 0,
  }
}

/** A change the sync would make, reported instead of made in a dry run. */
export interface PlannedChange {
  readonly side: 'referral' | 'crm'
  readonly action: 'create' | 'update' | 'link'
  readonly id: string | null
  readonly fields: Readonly<Record<string, unknown>>
  readonly pair: string
}
