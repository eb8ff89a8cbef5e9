// A small pool of worker threads, each running one job at a time, with a bounded queue and a time
// budget that is enforced: a job still running when its budget is spent has its thread terminated
// (the work stops; SQL run there calls back into JavaScript on every row it visits, where V8 can
// stop it). A thread that dies fails its job alone. Threads start when a job needs one and end
// after `idleMs` without work: each holds a V8 isolate and a SQLite page cache (about 25 MB), which
// a server that never runs an expensive query should not pay for.
import type { Worker } from 'node:worker_threads'
import { spawnWorker } from './spawn-worker.js'

export type PoolOptions = {
  /** The worker's module (see spawn-worker.ts); it answers each message with a WorkerReply. */
  readonly entry: URL
  readonly workerData: unknown
  readonly size: number
  /** Jobs that may wait for a thread; one more is refused with PoolSaturatedError. */
  readonly queue: number
  /** A job's time on a thread; a waiting job waits at most ceil(queue / size) budgets more. */
  readonly budgetMs: number
  /** How long a thread may wait for work before it ends; default 30 s. */
  readonly idleMs?: number
}

const defaultIdleMs = 30_000

/** A worker posts `{ ready: true }` once it can take jobs, then one reply a job. */
export type WorkerReply<T> =
  | { readonly ready: true; readonly ok?: undefined }
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly code?: string }

/** The job used up its budget; its thread was terminated. */
export class BudgetExceededError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the job ran past its ${budgetMs} ms budget`)
  }
}

/** Every thread was busy and the queue full. */
export class PoolSaturatedError extends Error {}

/** The job's thread died (crashed or exited) before answering. */
export class WorkerDiedError extends Error {}

/** The worker answered with an error (a failed statement, say): not the job's fault but a bug. */
export class WorkerJobError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message)
  }
}

type Pending<T> = {
  readonly job: unknown
  readonly resolve: (value: T) => void
  readonly reject: (error: Error) => void
  timer?: NodeJS.Timeout
  slot?: Slot<T>
}

type Slot<T> = {
  worker: Worker | undefined
  ready: boolean
  running: Pending<T> | undefined
  idle?: NodeJS.Timeout
}

export class WorkerPool<T> {
  private readonly slots: Slot<T>[]
  private readonly waiting: Pending<T>[] = []
  private closed = false

  constructor(private readonly options: PoolOptions) {
    this.slots = Array.from({ length: options.size }, () => ({
      worker: undefined,
      ready: false,
      running: undefined,
    }))
  }

  run(job: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new WorkerDiedError('the pool is closed'))
    const free = this.slots.find((slot) => slot.running === undefined)
    if (!free && this.waiting.length >= this.options.queue) return Promise.reject(new PoolSaturatedError())
    return new Promise<T>((resolve, reject) => {
      const pending: Pending<T> = { job, resolve, reject }
      if (free) this.dispatch(free, pending)
      else this.waiting.push(pending)
    })
  }

  /** Terminates every thread; jobs still waiting or running fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const pending of this.waiting.splice(0)) this.settle(pending, new WorkerDiedError('the pool closed'))
    const stopped: Promise<number>[] = []
    for (const slot of this.slots) {
      clearTimeout(slot.idle)
      if (slot.running) this.settle(slot.running, new WorkerDiedError('the pool closed'))
      if (slot.worker) stopped.push(slot.worker.terminate())
      slot.worker = undefined
    }
    await Promise.all(stopped)
  }

  private start(slot: Slot<T>): Worker {
    const worker = spawnWorker(this.options.entry, this.options.workerData)
    slot.worker = worker
    slot.ready = false
    worker.unref() // an idle pool does not keep the process alive
    worker.on('message', (reply: WorkerReply<T>) => {
      if (slot.worker !== worker) return
      if ('ready' in reply) {
        slot.ready = true
        if (slot.running) this.post(slot, slot.running)
        return
      }
      if (slot.running)
        this.settle(slot.running, reply.ok ? undefined : new WorkerJobError(reply.message, reply.code), reply)
    })
    const died = (why: string) => {
      if (slot.worker !== worker) return // already replaced
      slot.worker = undefined // the next job starts a new thread
      if (slot.running) this.settle(slot.running, new WorkerDiedError(why))
    }
    worker.on('error', (error) => died(error.message))
    worker.on('exit', (code) => died(`the thread exited with code ${code}`))
    return worker
  }

  /** The job is the slot's from now; it is posted (and its budget starts) once the thread is ready. */
  private dispatch(slot: Slot<T>, pending: Pending<T>): void {
    clearTimeout(slot.idle)
    slot.running = pending
    pending.slot = slot
    if (slot.worker === undefined) this.start(slot)
    else if (slot.ready) this.post(slot, pending)
  }

  private post(slot: Slot<T>, pending: Pending<T>): void {
    pending.timer = setTimeout(() => this.expire(pending, slot), this.options.budgetMs)
    slot.worker!.postMessage(pending.job)
  }

  private expire(pending: Pending<T>, slot: Slot<T>): void {
    const worker = slot.worker
    slot.worker = undefined
    void worker?.terminate()
    this.settle(pending, new BudgetExceededError(this.options.budgetMs)) // the next job starts a new thread
  }

  /** Ends a job that has a slot (or none, while waiting) and hands the slot to the next. */
  private settle(pending: Pending<T>, error: Error | undefined, reply?: WorkerReply<T>): void {
    clearTimeout(pending.timer)
    const slot = pending.slot
    if (error) pending.reject(error)
    else if (reply?.ok) pending.resolve(reply.value)
    if (slot === undefined || slot.running !== pending) return
    slot.running = undefined
    const next = this.closed ? undefined : this.waiting.shift()
    if (next) this.dispatch(slot, next)
    else if (slot.worker) this.endWhenIdle(slot)
  }

  private endWhenIdle(slot: Slot<T>): void {
    clearTimeout(slot.idle)
    slot.idle = setTimeout(() => {
      const worker = slot.worker
      if (slot.running !== undefined || worker === undefined) return
      slot.worker = undefined // its exit is not a death to report
      void worker.terminate()
    }, this.options.idleMs ?? defaultIdleMs)
    slot.idle.unref()
  }
}
