// The numbered columns: "Solution N" is `details.requirements.solutions[N-1]` written
// "id, currency, price, quantity"; "Team member N" is `team[N-1]` written "first name, last name,
// phone number, email". A part cannot hold a comma. "Microsoft team member N" is Microsoft's side
// of the engagement, not part of the partner's referral: exported empty, ignored on import.
import type { Member, Referral, SolutionTag } from '../domain/referral/schema.js'
import { CellProblem, fourParts, numberOrNull, partsCell, type Cells } from './cells.js'
import { blankMember } from './layout.js'

export function solutionCell(s: SolutionTag): string {
  return partsCell([s.id, s.currency, s.price, s.quantity])
}

export function memberCell(m: Member): string {
  return partsCell([m.firstName, m.lastName, m.phoneNumber, m.email])
}

/** The non-empty cells of a numbered column, by number; undefined when the file has none of them. */
export function numberedCells(cells: Cells, prefix: string): { n: number; cell: string }[] | undefined {
  const found: { n: number; cell: string }[] = []
  let present = false
  for (const [key, cell] of cells) {
    if (!key.startsWith(`${prefix} `) || !/^\d+$/.test(key.slice(prefix.length + 1))) continue
    present = true
    if (cell.trim() !== '') found.push({ n: Number(key.slice(prefix.length + 1)), cell })
  }
  return present ? found.sort((a, b) => a.n - b.n) : undefined
}

/** A solution cell; a solution the referral already has keeps its other fields (name, publisher…). */
export function readSolution(cell: string, existing: readonly SolutionTag[]): SolutionTag {
  const [id, currency, price, quantity] = fourParts(cell, 'solution')
  if (id === null) throw new CellProblem('the solution id (the first part) is required, e.g. SOL-1234-PQRS')
  const before = existing.find((s) => s.id === id)
  return {
    ...(before ?? {
      id,
      name: null,
      type: 'Name',
      price: null,
      quantity: null,
      currency: null,
      publisherName: null,
      solutionType: null,
      closingDateTime: null,
    }),
    currency: currency,
    price: price,
    quantity: numberOrNull(quantity ?? ''),
  }
}

/** A team member cell; the member at the same place keeps its title and contact preference. */
export function readMember(cell: string, before: Member | undefined): Member {
  const [firstName, lastName, phoneNumber, email] = fourParts(cell, 'team member')
  return { ...(before ?? blankMember()), firstName, lastName, phoneNumber, email }
}

export function listWidths(r: Referral): { solutions: number; team: number } {
  return { solutions: r.details.requirements.solutions.length, team: r.team.length }
}
