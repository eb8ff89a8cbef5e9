// What the list scenarios share: the referral fields they check, one timed and checked GET of a
// list page, and autocannon on one URL with one connection (latency as one caller sees it).
import { authorization } from '../api.js'
import { errorMessage, timeGet, type Timed } from '../load.js'
import { measure, type Env, type Measured } from '../measure.js'
import type { ServerProcess } from '../server-process.js'

export type Doc = {
  id: string
  name: string | null
  status: string
  direction: string
  createdDateTime: string
  customerProfile: { address: { country: string | null } }
  team: { email: string | null }[]
}

export type Page = { '@odata.count'?: number; '@odata.nextLink'?: string; value: Doc[] }

/** A single list request that takes longer is abandoned (the server may stay busy with it). */
export const requestTimeoutMs = 150_000

export function getTimed(url: string): Promise<Timed> {
  return timeGet(url, { authorization }, requestTimeoutMs)
}

export type Probe = { readonly page: Page; readonly sample: Timed } | { readonly problem: string }

/** One GET of a list page: the page and how long it took, or why there is none. */
export async function probe(url: string): Promise<Probe> {
  const sample = await getTimed(url).catch((error: unknown) => {
    if ((error as Error).name === 'TimeoutError') return undefined
    throw error
  })
  if (sample === undefined) return { problem: `no answer within ${requestTimeoutMs / 1000} s` }
  if (sample.status !== 200) return { problem: `answered ${sample.status}: ${errorMessage(sample.text)}` }
  return { page: JSON.parse(sample.text) as Page, sample }
}

/** One client asking for the same page again and again. */
export function measureGet(env: Env, server: ServerProcess, path: string): Promise<Measured> {
  return measure(env, server, { connections: 1, headers: { authorization }, next: () => ({ path }) })
}
