// Runs what follows when time moves (time-moved.ts: Microsoft's policy, reviews, expiry) every few
// seconds of wall time, so referrals expire while the virtual clock simply runs on, and a jump
// that held more events than one run applies is finished; clock changes and start-up run it at
// once as well. Each sweep first reads the clock as stored, in case another server's change was
// not heard. The timer is unref'd (it never keeps a process alive), and `close()` waits for a
// sweep in progress, so the store is not closed under it.
import { afterTimeMoved } from './time-moved.js'
import type { SandboxDeps } from './virtual-clock.js'

export interface ExpiryTimer {
  close(): Promise<void>
}

export function startExpiryTimer(
  deps: SandboxDeps,
  intervalMs: number,
  onError: (error: unknown) => void,
): ExpiryTimer {
  let running: Promise<void> | undefined
  const timer = setInterval(() => {
    if (running) return // a slow sweep is not run twice at once
    running = deps.clock
      .refresh()
      .then(() => afterTimeMoved(deps))
      .then(() => undefined, onError)
      .finally(() => (running = undefined))
  }, intervalMs)
  timer.unref()
  return {
    close: async () => {
      clearInterval(timer)
      await running
    },
  }
}
