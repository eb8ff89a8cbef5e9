// Writes to one referral from this process take turns: each reads, decides and saves only after
// the previous one has saved. Without turns, concurrent unconditional writes (PATCH without
// If-Match) all read the same version, all but one lose the compare-and-set, and after a few
// rounds of that the losers were refused although their client never asked for concurrency
// control. Writes to different referrals still run side by side and share a commit.

/** Per store (one per process in practice), per referral id: the tail of its queue of writes. */
const lanes = new WeakMap<object, Map<string, Promise<void>>>()

export async function inReferralLane<T>(
  store: object,
  referralId: string,
  work: () => Promise<T>,
): Promise<T> {
  let byId = lanes.get(store)
  if (!byId) lanes.set(store, (byId = new Map<string, Promise<void>>()))
  const key = referralId.toLowerCase()
  const previous = byId.get(key)
  let release = (): void => undefined
  const done = new Promise<void>((resolve) => (release = resolve))
  const tail = previous ? previous.then(() => done) : done
  byId.set(key, tail)
  if (previous) await previous
  try {
    return await work()
  } finally {
    release()
    if (byId.get(key) === tail) byId.delete(key)
  }
}
