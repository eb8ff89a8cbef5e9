// What a client hears when a snapshot operation stood in the way: a write that waited too long
// for one (503 with Retry-After: it passes), or the operation's thread dying before it committed.
import { CosellError } from '../../domain/errors.js'
import { WorkerDiedError } from './worker-pool.js'
import { WriteHeldError } from './write-batch.js'

export function heldWriteError(error: unknown): unknown {
  if (!(error instanceof WriteHeldError)) return error
  const seconds = Math.max(1, Math.ceil(error.heldMs / 1000))
  return new CosellError(
    'serviceNotAvailable',
    `A sandbox reset or snapshot operation has held the data for ${seconds} s; the write was not made. Try again in ${seconds} s.`,
    'snapshot',
    undefined,
    seconds,
  )
}

export function snapshotThreadError(error: unknown): unknown {
  if (!(error instanceof WorkerDiedError)) return error
  return new CosellError(
    'serviceNotAvailable',
    `The thread running the sandbox reset or snapshot operation stopped before it committed (${error.message}); nothing was changed. Try again.`,
    'snapshot',
    undefined,
    1,
  )
}
