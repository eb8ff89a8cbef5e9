// Request bodies shaped to cost the server the most CPU while staying under the 1 MiB body limit:
// each fills about a megabyte with the cheapest unit for the client that is the dearest for a
// parser, a normaliser or a validator. Used by the hostile-bodies bench scenario.
import { readFileSync } from 'node:fs'
import { fullReferral } from '../test/support/full-referral.js'

/** Just under the 1 MiB body limit, so every body is read and parsed. */
export const hostileBodyBytes = 1_000_000

export type HostileBody = {
  readonly name: string
  readonly method: 'POST' | 'PATCH'
  readonly body: () => string
}

/** The largest plausible create, for comparison: every list at its limit (README "Limits"). */
export const largestReferral: HostileBody = {
  name: 'the largest plausible referral (accepted)',
  method: 'POST',
  body: () => JSON.stringify(fullReferral()),
}

const sample = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL('../test/fixtures/create-partner-led.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>

/** `prefix` + as many `unit`s as fit + `suffix`, about `bytes` long; `join` separates units. */
export function filled(prefix: string, unit: string, suffix: string, join = ''): string {
  const count = Math.floor((hostileBodyBytes - prefix.length - suffix.length) / (unit.length + join.length))
  return prefix + Array<string>(count).fill(unit).join(join) + suffix
}

/** The documented sample with `marker` (a JSON string in it) replaced by `value`. */
function inSample(edit: (body: Record<string, unknown>) => void, marker: string, value: string): string {
  const body = sample()
  edit(body)
  return JSON.stringify(body).replace(JSON.stringify(marker), value)
}

const member = {
  firstName: 'Jane',
  lastName: 'Doe',
  phoneNumber: '1234567890',
  email: 'jane@contoso.com',
  title: 'Buyer',
}

export const hostileBodies: readonly HostileBody[] = [
  { name: 'an array of zeros', method: 'POST', body: () => filled('[', '0', ']', ',') },
  { name: 'commas', method: 'POST', body: () => filled('[', ',', ']') },
  { name: 'an array of zeros with a trailing comma', method: 'POST', body: () => filled('[', '0,', ']') },
  { name: 'nested arrays', method: 'POST', body: () => '['.repeat(500_000) + ']'.repeat(500_000) },
  {
    name: 'many keys in one object',
    method: 'POST',
    body: () => {
      let out = '{'
      for (let i = 0; out.length < hostileBodyBytes - 20; i++) out += `"k${i}":0,`
      return `${out}"k":0}`
    },
  },
  {
    name: 'a long name',
    method: 'POST',
    body: () => inSample((b) => (b.name = 'LONG'), 'LONG', `"${'x'.repeat(hostileBodyBytes - 2_000)}"`),
  },
  {
    name: 'a long string in an unknown property',
    method: 'POST',
    body: () =>
      inSample((b) => (b.unknownProperty = 'LONG'), 'LONG', `"${'x'.repeat(hostileBodyBytes - 2_000)}"`),
  },
  {
    name: 'escaped characters in a name',
    method: 'POST',
    body: () => inSample((b) => (b.name = 'LONG'), 'LONG', filled('"', '\\u00e9', '"')),
  },
  {
    name: 'many empty team members',
    method: 'POST',
    body: () => inSample((b) => (b.team = 'TEAM'), 'TEAM', filled('[', '{}', ']', ',')),
  },
  {
    name: 'many whole team members',
    method: 'POST',
    body: () => inSample((b) => (b.team = 'TEAM'), 'TEAM', filled('[', JSON.stringify(member), ']', ',')),
  },
  {
    name: 'many team members with bad emails',
    method: 'POST',
    body: () =>
      inSample(
        (b) => (b.team = 'TEAM'),
        'TEAM',
        filled('[', JSON.stringify({ ...member, email: 'x', firstName: 1 }), ']', ','),
      ),
  },
  {
    name: 'many small objects in salesPlays',
    method: 'POST',
    body: () =>
      inSample(
        (b) => ((b.details as { requirements: Record<string, unknown> }).requirements.salesPlays = 'PLAYS'),
        'PLAYS',
        filled('[', '{"a":[0]}', ']', ','),
      ),
  },
  {
    name: 'objects of 100 distinct keys, 10,000 values in all',
    method: 'POST',
    body: () => {
      const object = (o: number) => `{${Array.from({ length: 100 }, (_, k) => `"o${o}k${k}":0`).join(',')}}`
      return `[${Array.from({ length: 99 }, (_, o) => object(o)).join(',')}]`
    },
  },
  {
    name: '50 team members, every string over its length',
    method: 'POST',
    body: () => {
      const long = 'x'.repeat(3_000)
      const member = { firstName: long, lastName: long, phoneNumber: long, email: long, title: long }
      return inSample((b) => (b.team = 'TEAM'), 'TEAM', JSON.stringify(Array(50).fill(member)))
    },
  },
  { name: 'a number of a million digits', method: 'POST', body: () => filled('{"a":', '1', '}') },
  { name: 'whitespace', method: 'POST', body: () => filled('{', ' ', '}') },
  {
    name: 'a PATCH adding many team members',
    method: 'PATCH',
    body: () => `[{"op":"add","path":"/team","value":${filled('[', JSON.stringify(member), ']', ',')}}]`,
  },
]
