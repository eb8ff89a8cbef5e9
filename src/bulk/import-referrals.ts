// Import: each row creates a referral, or updates the one its id names, through the Referrals
// API; a bounded number of rows are in flight at once and outcomes come out as rows finish. A row
// the service refuses fails alone, with the service's problems; only an error that is not an
// answer of the service (the server cannot be reached) ends the import.
import { ApiError } from '../client/errors.js'
import type { JsonPatchOperation } from '../client/referrals.js'
import type { Referral } from '../domain/referral/schema.js'
import { patchOperations } from './patch-operations.js'
import type { RowProblem } from './row-to-referral.js'

/** How the rows of one file format become referrals. */
export interface RowReader<R> {
  /** The referral id the row names, if any. */
  id(row: R): string | undefined
  /** What the row asks for, written into `base` (a blank referral, or a copy of the stored one). */
  referral(row: R, base: Referral | undefined): { body: object; problems: RowProblem[] }
  /** The column a problem's target names, for the errors file. */
  column(target: string): string
}

/** The calls an import makes (the Referrals API, or a stand-in in tests). */
export interface ReferralTarget {
  /** undefined when no referral has the id (404). */
  get(id: string): Promise<Referral | undefined>
  create(body: object): Promise<Referral>
  patch(id: string, operations: readonly JsonPatchOperation[], eTag: string): Promise<Referral>
}

export type RowResult = 'created' | 'updated' | 'unchanged' | 'failed'

export interface RowOutcome<R> {
  readonly row: R
  /** Rows are counted from 1 in the order read. */
  readonly index: number
  readonly result: RowResult
  readonly problems: readonly RowProblem[]
}

export interface ImportOptions {
  /** Rows in flight at once. */
  readonly concurrency: number
  /** Read and check every row, look up ids, but create and change nothing. */
  readonly dryRun: boolean
}

// A referral changed between our read and our PATCH: read it again, a few times at most.
const maxConflictRetries = 3

export async function* importReferrals<R>(
  rows: AsyncIterable<R>,
  reader: RowReader<R>,
  target: ReferralTarget,
  options: ImportOptions,
): AsyncGenerator<RowOutcome<R>> {
  const inFlight = new Map<number, Promise<RowOutcome<R>>>()
  const iterator = rows[Symbol.asyncIterator]()
  let index = 0
  let exhausted = false
  for (;;) {
    while (!exhausted && inFlight.size < options.concurrency) {
      const next = await iterator.next()
      if (next.done) exhausted = true
      else {
        const at = ++index
        const outcome = importRow(next.value, at, reader, target, options)
        outcome.catch(() => undefined) // raced below; this only keeps an early rejection handled
        inFlight.set(at, outcome)
      }
    }
    if (inFlight.size === 0) return
    const done = await Promise.race(inFlight.values())
    inFlight.delete(done.index)
    yield done
  }
}

async function importRow<R>(
  row: R,
  index: number,
  reader: RowReader<R>,
  target: ReferralTarget,
  options: ImportOptions,
): Promise<RowOutcome<R>> {
  const outcome = (result: RowResult, problems: readonly RowProblem[] = []) => ({
    row,
    index,
    result,
    problems,
  })
  try {
    const id = reader.id(row)
    for (let attempt = 0; ; attempt++) {
      const current = id ? await target.get(id) : undefined
      const { body, problems } = reader.referral(row, current)
      if (problems.length > 0) return outcome('failed', problems)
      if (!current) {
        if (!options.dryRun) await target.create(body)
        return outcome('created')
      }
      const operations = patchOperations(current, body)
      if (operations.length === 0) return outcome('unchanged')
      try {
        if (!options.dryRun) await target.patch(current.id, operations, current.eTag)
        return outcome('updated')
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412 && attempt < maxConflictRetries)) throw error
      }
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return outcome('failed', serviceProblems(error, reader))
  }
}

function serviceProblems<R>(error: ApiError, reader: RowReader<R>): RowProblem[] {
  const listed = error.problems.map((p) => ({ column: reader.column(p.target), message: p.message }))
  if (listed.length > 0) return listed
  const column = error.target ? reader.column(error.target) : ''
  return [{ column, message: `${error.status} ${error.code}: ${error.message}` }]
}
