// Microsoft's documented sample bodies (Microsoft Learn: the Private and Partner-led creates).
import { readFileSync } from 'node:fs'

const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>

export const privateCreate = (): Record<string, unknown> => load('create-private.json')
export const partnerLedCreate = (): Record<string, unknown> => load('create-partner-led.json')
