// A CRM held in memory, for the engine's tests: every write gets the next number of one sequence,
// which is both the record's version and the change feed's position. Tests edit it "outside" as a
// CRM user would, and can make it refuse writes.
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  type CrmChangePage,
  type CrmConnector,
  type CrmFields,
  type CrmRecord,
} from '../../../src/sync/connectors/connector.js'

export class MemoryCrm implements CrmConnector {
  readonly label = 'memory deals'
  writable = true
  private readonly records = new Map<string, { record: CrmRecord; seq: number }>()
  private seq = 0
  private ids = 0
  /** Writes whose fields this returns a message for are refused with it. */
  refuse: ((fields: CrmFields) => string | undefined) | undefined
  /** When a write happens (the records' modifiedAt). */
  stamp: () => string = () => new Date().toISOString()
  /** Calls made through the connector, by kind. */
  readonly calls = { create: 0, update: 0 }

  all(): CrmRecord[] {
    return [...this.records.values()].map((r) => r.record)
  }

  find(field: string, value: unknown): CrmRecord | undefined {
    return this.all().find((r) => r.fields[field] === value)
  }

  /** A user's edit in the CRM. */
  editOutside(id: string, fields: CrmFields): CrmRecord {
    const current = this.records.get(id)
    if (!current) throw new Error(`no record ${id}`)
    return this.put(id, { ...current.record.fields, ...fields })
  }

  createOutside(fields: CrmFields): CrmRecord {
    return this.put(`deal-${++this.ids}`, fields)
  }

  changes(cursor: string | undefined, limit: number): Promise<CrmChangePage> {
    const after = Number(cursor ?? 0)
    const changed = [...this.records.values()].filter((r) => r.seq > after).sort((a, b) => a.seq - b.seq)
    const page = changed.slice(0, limit)
    const last = page.at(-1)?.seq ?? after
    return Promise.resolve({
      records: page.map((r) => r.record),
      cursor: String(last),
      caughtUp: changed.length <= limit,
    })
  }

  get(id: string): Promise<CrmRecord | undefined> {
    return Promise.resolve(this.records.get(id)?.record)
  }

  findBy(field: string, value: string): Promise<CrmRecord[]> {
    return Promise.resolve(this.all().filter((r) => r.fields[field] === value))
  }

  create(fields: CrmFields): Promise<CrmRecord> {
    this.calls.create++
    const refusal = this.refuse?.(fields)
    if (refusal) return Promise.reject(new CrmRefusedError(refusal, 400))
    return Promise.resolve(this.put(`deal-${++this.ids}`, fields))
  }

  update(id: string, fields: CrmFields, ifVersion?: string): Promise<CrmRecord> {
    this.calls.update++
    const current = this.records.get(id)
    if (!current) return Promise.reject(new CrmNotFoundError(id))
    if (ifVersion !== undefined && ifVersion !== current.record.version)
      return Promise.reject(new CrmConflictError(id))
    const refusal = this.refuse?.(fields)
    if (refusal) return Promise.reject(new CrmRefusedError(refusal, 400))
    return Promise.resolve(this.put(id, { ...current.record.fields, ...fields }))
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  private put(id: string, fields: CrmFields): CrmRecord {
    const seq = ++this.seq
    const record = { id, version: String(seq), modifiedAt: this.stamp(), fields }
    this.records.set(id, { record, seq })
    return record
  }
}
