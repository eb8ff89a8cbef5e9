// The 400 a list earns when its query ran for its whole time budget and was stopped: the query
// itself is too costly, and the indexed properties are the way out. Both stores answer it.
import { invalidRequest } from '../domain/errors.js'
import { indexedProperties, maxCheapSkip } from './indexed-properties.js'

export const fastPath =
  `Filters that use only indexed properties are answered at once: ${indexedProperties.join(', ')}; ` +
  `with $orderby createdDateTime or updatedDateTime (the default) and $skip up to ${maxCheapSkip}.`

export function queryBudgetExceeded(budgetMs: number): Error {
  return invalidRequest([
    {
      target: '$filter',
      rule: 'queryBudget',
      message: `The query ran for its whole time budget of ${budgetMs} ms (COSELL_QUERY_TIMEOUT_MS) and was stopped. ${fastPath}`,
      allowedValues: indexedProperties,
    },
  ])
}
