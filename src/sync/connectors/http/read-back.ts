// A record read again whole after a write, for CRMs whose write answers say less than the record.
import { CrmNotFoundError, type CrmConnector, type CrmRecord } from '../connector.js'

export async function readBack(connector: Pick<CrmConnector, 'get'>, id: string): Promise<CrmRecord> {
  const record = await connector.get(id)
  if (!record) throw new CrmNotFoundError(id)
  return record
}
