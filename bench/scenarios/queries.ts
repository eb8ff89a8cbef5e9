// Issue 3 with 100,000 and 1,000,000 referrals: the documented filters and the deep page, against
// one server on the data set.
import { startCosell } from '../cosell.js'
import type { Dataset } from '../datasets.js'
import type { Env } from '../measure.js'
import type { Row } from '../report.js'
import { filterRows } from './filters.js'
import { deepPaging } from './paging.js'

export async function queryScenarios(env: Env, dataset: Dataset): Promise<Row[]> {
  const server = await startCosell(env.build, dataset.dir)
  try {
    return [...(await filterRows(env, server, dataset)), ...(await deepPaging(env, server, dataset))]
  } finally {
    await server.stop()
  }
}
