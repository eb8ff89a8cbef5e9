// Whether this server can answer requests that need the database right now: for /readyz, which
// load balancers ask before sending traffic. /healthz says whether the process should be restarted.
import type { ServiceDeps } from './deps.js'

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string }

/** Ready when the store answers a trivial query before `deadline` settles. */
export async function readiness(
  deps: Pick<ServiceDeps, 'store'>,
  deadline: Promise<void>,
): Promise<Readiness> {
  const late = deadline.then(() => ({ ready: false, reason: 'the database did not answer in time' }) as const)
  const answered = deps.store.ping().then(
    () => ({ ready: true }) as const,
    (error: unknown) =>
      ({ ready: false, reason: `the database did not answer: ${(error as Error).message}` }) as const,
  )
  return Promise.race([answered, late])
}
