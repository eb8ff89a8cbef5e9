// The one interface every CRM sits behind. A CRM record is flat: named fields holding strings,
// numbers, booleans or null (dates as ISO 8601 text), plus the CRM's own id, a version that
// changes with every write to the record, and when it was last changed. The sync engine pairs
// such records with referrals; what each field means is the mapping's business, not the
// connector's.

export type CrmValue = string | number | boolean | null

export type CrmFields = Readonly<Record<string, CrmValue>>

export interface CrmRecord {
  /** The CRM's primary key, as text. */
  readonly id: string
  /** Changes with every write to the record (an ETag, a row version, a modification stamp). */
  readonly version: string
  /** When the record last changed, ISO 8601 (for the "newest wins" conflict policy). */
  readonly modifiedAt: string
  readonly fields: CrmFields
}

/** A page of records changed since a cursor, oldest change first. */
export interface CrmChangePage {
  readonly records: readonly CrmRecord[]
  /** Where to resume: pass it to the next `changes` call. Opaque text, stored durably by the engine. */
  readonly cursor: string
  /** True when this page reached the newest change; false when another page follows at once. */
  readonly caughtUp: boolean
}

export interface CrmConnector {
  /** The connector's type and what it syncs, for messages: `sql opportunities`, `hubspot deals`. */
  readonly label: string
  /** Whether the engine may create and update records (false for read-only sources such as `mirror`). */
  readonly writable: boolean
  /**
   * Records changed after `cursor` (every record when it is undefined), oldest first, at most
   * `limit`. A record changed while pages are read is returned again on a later page rather than
   * missed; the engine skips a record whose version it already knows.
   */
  changes(cursor: string | undefined, limit: number): Promise<CrmChangePage>
  get(id: string): Promise<CrmRecord | undefined>
  /** Records whose `field` equals `value` exactly (the engine's idempotent-create lookup). */
  findBy(field: string, value: string): Promise<CrmRecord[]>
  create(fields: CrmFields): Promise<CrmRecord>
  /**
   * Writes `fields` (only those named) to the record. With `ifVersion`, a record whose version
   * has moved on is left alone and CrmConflictError is thrown.
   */
  update(id: string, fields: CrmFields, ifVersion?: string): Promise<CrmRecord>
  close(): Promise<void>
}

/** The CRM record changed since the version the write was based on. */
export class CrmConflictError extends Error {
  constructor(
    readonly recordId: string,
    message = `CRM record ${recordId} changed since it was read`,
  ) {
    super(message)
    this.name = 'CrmConflictError'
  }
}

export class CrmNotFoundError extends Error {
  constructor(readonly recordId: string) {
    super(`CRM record ${recordId} does not exist`)
    this.name = 'CrmNotFoundError'
  }
}

/**
 * The CRM refused the write (validation, permissions, a read-only source): retrying the same
 * write will not help until something changes. `status` is the CRM's HTTP status when it has one.
 */
export class CrmRefusedError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'CrmRefusedError'
  }
}

/** The CRM could not be reached or failed (5xx, timeouts, rate limits past their retries): try later. */
export class CrmUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'CrmUnavailableError'
  }
}
