// The machine under the store failed, not the request: the disk is full or the database file is
// damaged. The caller did nothing wrong and nothing of the request was kept, so these are 5xx
// answers with Microsoft's error body, and the server logs each fault once when it first appears.
import { CosellError } from './errors.js'

export type StorageFaultKind = 'diskFull' | 'databaseDamaged'

export class StorageFault extends CosellError {
  readonly fault: StorageFaultKind
  /** True for the first request that met this fault since storage was last fine: log it. */
  readonly firstSeen: boolean

  constructor(fault: StorageFaultKind, firstSeen: boolean, cause: unknown) {
    const { kind, message, inner } = faults[fault]
    super(kind, message, 'storage', { code: fault, message: inner, details: null })
    this.fault = fault
    this.firstSeen = firstSeen
    this.cause = cause
  }
}

const faults = {
  diskFull: {
    kind: 'insufficientStorage',
    message:
      "The server's disk is full: nothing of this request was saved. Send it again once space is freed; the server needs no restart.",
    inner: 'The database could not grow (SQLITE_FULL): free disk space on the server.',
  },
  databaseDamaged: {
    kind: 'serviceNotAvailable',
    message:
      "The server's database file is damaged: this request could not be answered. The operator must restore it; run `cosell doctor` on the data directory.",
    inner: 'SQLite found the database file malformed (SQLITE_CORRUPT): restore a backup or recover the file.',
  },
} as const
