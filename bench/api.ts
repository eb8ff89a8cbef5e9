// What every scenario sends: the seeded tenant's bearer token and the documented paths.
import { token } from '../test/support/tokens.js'
import { benchTenant } from './dataset.js'

export const collectionPath = '/v1.0/engagements/referrals'

/** The user every scenario acts as. */
export const benchUser = 'bench@fabrikam.example'

export const authorization = `Bearer ${token({ tid: benchTenant, upn: benchUser })}`

export const jsonHeaders: Record<string, string> = { authorization, 'content-type': 'application/json' }

export function itemPath(id: string): string {
  return `${collectionPath}/${id}`
}

export function listPath(options: Record<string, string>): string {
  const query = new URLSearchParams(options).toString()
  return query === '' ? collectionPath : `${collectionPath}?${query}`
}

/** The JSON Patch body the bench sends: a new value for /details/notes. */
export function notesPatch(notes: string): string {
  return JSON.stringify([{ op: 'replace', path: '/details/notes', value: notes }])
}

export type Fetched = { readonly status: number; readonly etag: string | null; readonly text: string }

export async function get(url: string): Promise<Fetched> {
  const response = await fetch(url, { headers: { authorization } })
  return { status: response.status, etag: response.headers.get('etag'), text: await response.text() }
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const at = next++
      results[at] = await work(items[at]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
  return results
}

/** A uniformly random element, for ids drawn the same way against every server. */
export function anyOf<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!
}
