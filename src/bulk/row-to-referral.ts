// Import: the cells of one row written into a referral, a new one or a copy of the stored one.
// Only the columns the file has are written; every cell that cannot be read is reported, by column.
import type { Referral } from '../domain/referral/schema.js'
import { CellProblem, type Cells } from './cells.js'
import { fixedColumns } from './layout.js'
import { numberedCells, readMember, readSolution } from './list-columns.js'

export interface RowProblem {
  /** The column's header, or '' for the row as a whole. */
  readonly column: string
  readonly message: string
}

/** Writes `cells` into `draft` (changing it) and returns the problems found. */
export function applyRow(cells: Cells, draft: Referral): RowProblem[] {
  const problems: RowProblem[] = []
  const attempt = (column: string, write: () => void) => {
    try {
      write()
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error
      problems.push({ column, message: error.message })
    }
  }
  for (const column of fixedColumns) {
    const cell = cells.get(column.header)
    if (cell !== undefined && column.write) attempt(column.header, () => column.write!(draft, cell, cells))
  }
  const solutions = numberedCells(cells, 'Solution')
  if (solutions) {
    const existing = draft.details.requirements.solutions
    const read = solutions.map(({ n, cell }) => {
      let solution: Referral['details']['requirements']['solutions'][number] | undefined
      attempt(`Solution ${n}`, () => (solution = readSolution(cell, existing)))
      return solution
    })
    draft.details.requirements.solutions = read.filter((s) => s !== undefined)
  }
  const members = numberedCells(cells, 'Team member')
  if (members) {
    const existing = draft.team
    const read = members.map(({ n, cell }, i) => {
      let member: Referral['team'][number] | undefined
      attempt(`Team member ${n}`, () => (member = readMember(cell, existing[i])))
      return member
    })
    draft.team = read.filter((m) => m !== undefined)
  }
  dropEmptyContact(draft)
  return problems
}

/** A customer contact whose every cell was emptied is no contact. */
function dropEmptyContact(draft: Referral): void {
  const first = draft.customerProfile.team[0]
  if (
    first &&
    [first.firstName, first.lastName, first.phoneNumber, first.email, first.title].every((v) => !v)
  )
    draft.customerProfile.team.shift()
}

/** The create body for a referral written from a row: the fields a client sets. */
export function createBody(draft: Referral): Record<string, unknown> {
  return {
    name: draft.name,
    externalReferenceId: draft.externalReferenceId,
    status: draft.status,
    substatus: draft.substatus,
    statusReason: draft.statusReason,
    // the service derives the type from the consent; it is still required in a create
    type: draft.consent.consentToShareReferralWithMicrosoftSellers ? 'Shared' : 'Independent',
    campaignId: draft.campaignId,
    salesStage: draft.salesStage,
    customerProfile: draft.customerProfile,
    consent: draft.consent,
    details: draft.details,
    team: draft.team,
    inviteContext: {
      notes: draft.inviteContext.notes,
      assistanceRequestCode: draft.inviteContext.assistanceRequestCode,
    },
  }
}
