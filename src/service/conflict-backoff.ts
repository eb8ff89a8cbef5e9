// How long a write waits before trying again after another process wrote the same referral
// first (writes of this process already take turns: referral-lane.ts). Full jitter, so writers
// that collided once do not collide again in step.

const baseMs = 2
const capMs = 100

export function conflictBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt)
  const wait = Math.random() * ceiling
  return new Promise((resolve) => setTimeout(resolve, wait))
}
