// The records a CRM fake holds: fields by id, a change sequence number that every write takes
// from one counter (Dataverse's versionnumber, the order of a change feed), the time of the last
// write by the fake's clock, and deletions kept as tombstones for change tracking.
export type FakeFields = Record<string, unknown>

export interface FakeRecord {
  readonly id: string
  fields: FakeFields
  /** Taken from the table's counter at every write: strictly increasing across the table. */
  sequence: number
  createdAt: number
  modifiedAt: number
  deleted: boolean
}

export class RecordTable {
  private readonly records = new Map<string, FakeRecord>()
  private counter = 0

  constructor(
    private readonly newId: () => string,
    /** Epoch ms of each write. */
    private readonly now: () => number,
  ) {}

  get lastSequence(): number {
    return this.counter
  }

  create(fields: FakeFields, id = this.newId()): FakeRecord {
    const at = this.now()
    const record = {
      id,
      fields: { ...fields },
      sequence: ++this.counter,
      createdAt: at,
      modifiedAt: at,
      deleted: false,
    }
    this.records.set(id, record)
    return record
  }

  /** The live record, or undefined when it never existed or was deleted. */
  get(id: string): FakeRecord | undefined {
    const record = this.records.get(id)
    return record && !record.deleted ? record : undefined
  }

  update(id: string, fields: FakeFields): FakeRecord {
    const record = this.get(id)
    if (!record) throw new Error(`no record ${id}`)
    record.fields = { ...record.fields, ...fields }
    record.sequence = ++this.counter
    record.modifiedAt = this.now()
    return record
  }

  delete(id: string): void {
    const record = this.get(id)
    if (!record) throw new Error(`no record ${id}`)
    record.deleted = true
    record.sequence = ++this.counter
    record.modifiedAt = this.now()
  }

  /** Live records, tombstones too when asked. */
  all(withDeleted = false): FakeRecord[] {
    return [...this.records.values()].filter((r) => withDeleted || !r.deleted)
  }
}

/** Issues bearer tokens and knows which are still good. */
export class TokenIssuer {
  private readonly valid = new Set<string>()
  granted = 0

  issue(): string {
    const token = `fake-${crypto.randomUUID()}`
    this.valid.add(token)
    this.granted++
    return token
  }

  accepts(token: string | undefined): boolean {
    return token !== undefined && this.valid.has(token)
  }

  /** Every token issued so far stops working, as when a session times out. */
  expireAll(): void {
    this.valid.clear()
  }
}
