// The problems a value over one of the limits (limits.ts) is reported with, wherever it is found:
// by the normaliser (a list too long to look into), the schema, or the whole document's size.
import type { Problem } from '../errors.js'
import { maxReferralBytes } from './limits.js'

export function tooManyItems(target: string, limit: number, count?: number): Problem {
  const holds = count === undefined ? '' : `; it holds ${count.toLocaleString('en-US')}`
  return {
    target,
    rule: 'maxItems',
    message: `${target} may hold at most ${limit} item${limit === 1 ? '' : 's'}${holds}.`,
  }
}

export function tooLong(target: string, limit: number): Problem {
  return {
    target,
    rule: 'maxLength',
    message: `${target} may be at most ${limit.toLocaleString('en-US')} characters long.`,
  }
}

/** The referral as JSON text is over maxReferralBytes in UTF-8. */
export function referralTooLarge(json: string): Problem | undefined {
  // a UTF-16 unit takes 1 to 3 bytes in UTF-8: short texts need no encoding to tell
  if (json.length * 3 <= maxReferralBytes) return undefined
  const bytes = new TextEncoder().encode(json).byteLength
  if (bytes <= maxReferralBytes) return undefined
  const limit = `${maxReferralBytes.toLocaleString('en-US')} bytes (${maxReferralBytes / 1024} KiB)`
  return {
    target: 'body',
    rule: 'maxSize',
    message: `The referral would take ${bytes.toLocaleString('en-US')} bytes as JSON; at most ${limit} are stored.`,
  }
}
