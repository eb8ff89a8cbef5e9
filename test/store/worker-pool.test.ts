// The worker pool enforces its budget by terminating the thread, refuses work past its queue, and
// replaces a thread that died, failing only the job it was running.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import {
  BudgetExceededError,
  PoolSaturatedError,
  WorkerDiedError,
  WorkerPool,
  type PoolOptions,
} from '../../src/store/sqlite/worker-pool.js'

const entry = new URL('../fixtures/pool-worker.ts', import.meta.url)
const pools: WorkerPool<number>[] = []
after(() => Promise.all(pools.map((pool) => pool.close())))

function pool(options: Partial<PoolOptions>): WorkerPool<number> {
  const made = new WorkerPool<number>({
    entry,
    workerData: null,
    size: 1,
    queue: 0,
    budgetMs: 60_000,
    ...options,
  })
  pools.push(made)
  return made
}

test('a job past its budget is stopped: its thread is replaced and the next job runs on a new one', async () => {
  const p = pool({ budgetMs: 1500 })
  const first = await p.run({})
  await assert.rejects(p.run({ spinMs: -1 }), BudgetExceededError)
  const next = await p.run({})
  assert.notEqual(next, first, 'the job after the stopped one ran on another thread')
})

test('with every thread busy and the queue full, one more job is refused at once', async () => {
  const p = pool({ queue: 1 })
  const running = p.run({ spinMs: 300 })
  const waiting = p.run({})
  await assert.rejects(p.run({}), PoolSaturatedError)
  assert.equal(typeof (await running), 'number')
  assert.equal(typeof (await waiting), 'number', 'the queued job ran once a thread was free')
})

test('a thread that dies fails its job alone, and the next job gets a new thread', async () => {
  const p = pool({})
  const first = await p.run({})
  await assert.rejects(p.run({ crash: true }), WorkerDiedError)
  const next = await p.run({})
  assert.notEqual(next, first)
})
