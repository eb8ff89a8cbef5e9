// The random choices behind one fake, drawn from an HMAC of the source value under the mirror's
// seed: the same value under the same seed always gives the same fake (re-syncs do not churn),
// and without the seed the fake says nothing about the value it replaced.
import { createHmac } from 'node:crypto'
import { seededRandom, type Random } from '../../../domain/sandbox/random.js'

/** `kind` keeps fakes of different sorts apart: a first name and a city spelt alike draw differently. */
export function valueRandom(seed: string, kind: string, value: string): Random {
  const digest = createHmac('sha256', seed).update(`${kind}\u0000${value}`).digest()
  return seededRandom(digest.readUInt32BE(0))
}

/** A random item that is not `avoid` (ignoring case), unless the list holds nothing else. */
export function pickOther<T extends string>(random: Random, items: readonly T[], avoid: string): T {
  const others = items.filter((item) => item.toLowerCase() !== avoid.trim().toLowerCase())
  return random.pick(others.length > 0 ? others : items)
}

/** Every digit and letter replaced by a random one of its kind; spaces, signs and punctuation kept. */
export function sameShape(random: Random, text: string): string {
  return text.replace(/[0-9A-Za-z]/g, (c) => randomLike(random, c))
}

/** Every digit replaced by a random digit; everything else kept (`+1 (425) 555-0100 ext. 12`). */
export function sameDigits(random: Random, text: string): string {
  return text.replace(/[0-9]/g, (c) => randomLike(random, c))
}

function randomLike(random: Random, c: string): string {
  if (c >= '0' && c <= '9') return String(random.int(0, 9))
  const letter = String.fromCharCode(97 + random.int(0, 25))
  return c === c.toUpperCase() ? letter.toUpperCase() : letter
}
