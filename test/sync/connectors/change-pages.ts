import type { CrmChangePage, CrmConnector } from '../../../src/sync/connectors/connector.js'

/** Reads `changes` page by page from `cursor` until a page is caught up. */
export async function changePages(
  connector: CrmConnector,
  limit: number,
  cursor?: string,
): Promise<CrmChangePage[]> {
  const pages: CrmChangePage[] = []
  for (let at = cursor; ;) {
    const page = await connector.changes(at, limit)
    pages.push(page)
    if (page.caughtUp) return pages
    at = page.cursor
  }
}
