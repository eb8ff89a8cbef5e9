// What a client hears when a list could not be answered on a reader thread: the budget ran out
// (400: the query itself is too costly, and the indexed properties are the way out), every reader
// was busy (503 with Retry-After: a passing condition), or the thread died under the query.
import { CosellError, invalidRequest } from '../../domain/errors.js'
import { fastPath, queryBudgetExceeded } from '../query-budget.js'
import { indexedProperties } from '../indexed-properties.js'
import { BudgetExceededError, PoolSaturatedError, WorkerDiedError } from './worker-pool.js'

export function readerError(error: unknown, budgetMs: number): unknown {
  if (error instanceof BudgetExceededError) return queryBudgetExceeded(budgetMs)
  if (error instanceof PoolSaturatedError) {
    const seconds = Math.max(1, Math.ceil(budgetMs / 1000)) // by then every running query has ended, one way or another
    return new CosellError(
      'serviceNotAvailable',
      `Every reader of queries that walk the documents is busy; try again in ${seconds} s. ${fastPath}`,
      '$filter',
      undefined,
      seconds,
    )
  }
  if (error instanceof WorkerDiedError) {
    return invalidRequest([
      {
        target: '$filter',
        rule: 'queryFailed',
        message: `The query's reader thread stopped before it answered (${error.message}); a new one took its place. ${fastPath}`,
        allowedValues: indexedProperties,
      },
    ])
  }
  return error
}
