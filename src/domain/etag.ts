// ETags compared the way a demanding client expects: whitespace, a weak `W/` prefix
// and one level of surrounding quotes are ignored on both sides, and `*` matches anything. A user
// got 412 with a fresh value from Microsoft's service (a reported real 412); a quoting mismatch is
// the likely cause, so we never reproduce it.

export function normalizeEtag(value: string): string {
  let v = value.trim()
  if (v.startsWith('W/') || v.startsWith('w/')) v = v.slice(2).trim()
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1)
  // the body's eTag is itself a quoted string, and some clients escape those quotes in the header
  return v.replace(/^\\"/, '').replace(/\\"$/, '')
}

/** True when an If-Match header value matches the current eTag. */
export function etagMatches(ifMatch: string, current: string): boolean {
  const wanted = normalizeEtag(current)
  return ifMatch
    .split(',')
    .map(normalizeEtag)
    .some((candidate) => candidate === '*' || candidate === wanted)
}

/** An eTag shaped like Microsoft's (a Cosmos DB `_etag`): `"2500ec5a-0000-0100-0000-5bf4967d0000"`. */
export function formatEtag(randomHex8: string, now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0')
  return `"${randomHex8}-0000-0100-0000-${seconds}0000"`
}
