// Back-off between attempts of one delivery: exponential from `baseMs`, capped at `maxMs`, with
// "full jitter" on the upper half (AWS Architecture Blog, "Exponential Backoff And Jitter"), so
// receivers that come back are not hit by every sender at the same instant.

export interface RetrySettings {
  readonly baseMs: number
  readonly maxMs: number
  /** Attempts in all, the first included; then the delivery is dead. */
  readonly maxAttempts: number
}

/** Wait before the attempt that follows `attemptsMade` failed ones; `random` in [0, 1). */
export function retryDelayMs(attemptsMade: number, settings: RetrySettings, random: number): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30)
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent)
  return Math.round(ceiling / 2 + (ceiling / 2) * random)
}
