// Export: a referral as one row of the co-sell CSV. The numbered columns repeat as often as the
// widest referral of the file needs (at least once, as in Partner Center's template).
import type { Referral } from '../domain/referral/schema.js'
import { fixedColumns } from './layout.js'
import { memberCell, solutionCell } from './list-columns.js'

export interface RowWidths {
  readonly solutions: number
  readonly team: number
}

export function csvHeader(widths: RowWidths): string[] {
  const numbered = (prefix: string, count: number) =>
    Array.from({ length: Math.max(1, count) }, (_, i) => `${prefix} ${i + 1}`)
  return [
    ...fixedColumns.map((c) => c.header),
    ...numbered('Solution', widths.solutions),
    ...numbered('Team member', widths.team),
    ...numbered('Microsoft team member', 1),
  ]
}

/** The cells of a referral: the fixed columns, then one list per numbered column. */
export interface ReferralCells {
  readonly fixed: string[]
  readonly solutions: string[]
  readonly team: string[]
}

export function referralCells(r: Referral): ReferralCells {
  return {
    fixed: fixedColumns.map((c) => c.read(r)),
    solutions: r.details.requirements.solutions.map(solutionCell),
    team: r.team.map(memberCell),
  }
}

/** The row under a header of these widths. */
export function csvRow(cells: ReferralCells, widths: RowWidths): string[] {
  const pad = (list: readonly string[], count: number) =>
    Array.from({ length: Math.max(1, count) }, (_, i) => list[i] ?? '')
  return [...cells.fixed, ...pad(cells.solutions, widths.solutions), ...pad(cells.team, widths.team), '']
}
